// cedu-teacher beyond the library core: the service definition that library_main runs —
// the teacher spec, the domain's tables (migration 2: training and teaching-research
// records, yearly appraisals, cross-town exchanges) and the domain methods of domain.h
// (trainings.h, appraisals.h, exchanges.h).
// Thread-safety: setup runs once at start-up; the methods it registers run on the
// service's handler threads with their state in SQLite behind the Library's lock.
#pragma once

#include <vector>

#include "common/sqlite/migrations.h"
#include "services/library/library_main.h"

namespace cedu::teacher {

// The domain's migrations (versions 2, …; 1 is the library core's).
std::vector<sqlite::Migration> teacher_migrations();

library::LibraryServiceDef teacher_service();

}  // namespace cedu::teacher
