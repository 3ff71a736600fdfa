#include "services/project/project_transition.h"

#include "services/project/project_params.h"
#include "services/project/project_status.h"

namespace cedu::project {

Result<std::string> transition(library::Library& library, const Request& req) {
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"id", "version", "to", "note"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, positive_id(p, "id"));
  CEDU_ASSIGN_OR_RETURN(std::int64_t version, p.int64("version"));
  CEDU_ASSIGN_OR_RETURN(std::string to, p.string("to"));
  CEDU_ASSIGN_OR_RETURN(std::string note, optional_note(p, "note", 500));
  // A target no step leads to is the caller's mistake whatever the record's status.
  if (Status s = check_transition("", to, p.path_of("to"));
      s.code() == StatusCode::kInvalidArgument) {
    return s;
  }

  const library::Caller caller = library::Caller::from(req);
  // Approval, mid-term review, conclusion and rejection are the district's or the town's
  // decisions: the organisation that runs a project may only withdraw it.
  if ((caller.kind == library::Caller::Kind::kOrg || caller.kind == library::Caller::Kind::kStation) &&
      to != "withdrawn") {
    Status denied = Status::permission_denied(caller.principal + " may only withdraw a project; " +
                                              "project.transition to " + to + " is decided by "
                                              "district or town staff");
    library.audit_denied(caller, "project.transition", id, denied);
    return denied;
  }
  // The audit note names the step. The status read here is the one write() changes: had
  // the record moved on meanwhile, its version would differ and write() refuse (CONFLICT).
  std::string from;
  {
    auto guard = library.lock();
    auto current = library.store().get(id);
    if (!current.ok()) return library::in_params(current.status());
    from = current->status;
  }
  library::Library::WriteOptions o{"project.transition", id, version, to,
                                   from + " → " + to + (note.empty() ? "" : ": " + note)};
  auto written = library.write(caller, o, [&](const library::Record* before,
                                              library::Record& after) -> Status {
    if (before->status == "archived") {
      return Status::failed_precondition("project " + std::to_string(id) +
                                             " is archived and cannot change status",
                                         "params.to");
    }
    CEDU_RETURN_IF_ERROR(check_transition(before->status, to, "params.to"));
    after.status = to;
    return Status::ok();
  });
  if (!written.ok()) return library::in_params(written.status());
  return library.reply(*written, caller);
}

}  // namespace cedu::project
