// The teacher service beyond the library core: training and teaching-research records,
// yearly appraisals and cross-town exchange assignments.
// Thread-safety: the methods run on the service's handler threads; state lives in SQLite
// behind the Library's lock.
#pragma once

#include "services/library/library_main.h"

namespace cedu::teacher {

library::LibraryServiceDef teacher_service();

}  // namespace cedu::teacher
