// The project service beyond the library core: the status transitions of a project, its
// links to courses and teachers, and the yearly figures —
//   project.transition, project.link_course, project.unlink_course, project.link_teacher,
//   project.unlink_teacher, project.links, project.yearly
// (see project_transition.h, project_links.h, project_yearly.h) — and the rule that a
// project ends no earlier than it starts.
// Thread-safety: the methods run on the service's handler threads; state lives in SQLite
// behind the Library's lock.
#pragma once

#include "services/library/library_main.h"

namespace cedu::project {

library::LibraryServiceDef project_service();

// The domain rule every write of a project passes: end_date ≥ start_date when both are
// given (INVALID_ARGUMENT naming end_date).
Status validate_project(const library::Record* before, library::Record& after);

}  // namespace cedu::project
