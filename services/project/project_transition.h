// project.transition {id, version, to, note?}: moves a project along its life
// (project_status.h) through Library::write — so the row-level rules (an org only its own
// projects), the optimistic version, the audit trail (detail "applied → approved: note")
// apply — and publishes project.<to> (project.approved, project.concluded, …) with the
// record. Replies with the record as the caller may see it.
//   FAILED_PRECONDITION (field params.to) for an illegal step, naming from → to;
//   INVALID_ARGUMENT (params.to) for a status no transition leads to;
//   CONFLICT (params.version) for a stale version; NOT_FOUND (params.id);
//   PERMISSION_DENIED (audited) when an organisation or station does more than withdraw:
//   approving, reviewing, concluding and rejecting are for district or town staff.
// Thread-safety: as Library::write (takes the library's lock).
#pragma once

#include <string>

#include "bus/runtime/service.h"
#include "services/library/library.h"

namespace cedu::project {

Result<std::string> transition(library::Library& library, const Request& request);

}  // namespace cedu::project
