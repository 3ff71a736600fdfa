#include "services/volunteer/side_write.h"

#include "common/sqlite/transaction.h"
#include "services/library/audit_log.h"

namespace cedu::volunteer {

Result<library::Record> load_parent(library::Library& library, std::int64_t id,
                                    const std::string& field) {
  auto record = library.store().get(id);
  if (!record.ok() && record.status().code() == StatusCode::kNotFound) {
    return Status::not_found("no " + library.spec().name + " with id " + std::to_string(id), field);
  }
  return record;
}

Result<library::Record> write_side(
    library::Library& library, const library::Caller& caller, const SideTarget& target,
    const std::function<Result<SideChange>(sqlite::Database&, const library::Record& parent)>& change) {
  auto guard = library.lock();
  CEDU_ASSIGN_OR_RETURN(library::Record parent,
                        load_parent(library, target.parent_id, target.parent_field));
  const Status allowed =
      target.allowed ? target.allowed(caller, parent)
                     : library::may_write(caller, parent.scope(), library.spec().owned, target.method);
  if (!allowed.is_ok()) {
    guard.unlock();  // audit_denied takes the lock itself
    library.audit_denied(caller, target.method, parent.id, allowed);
    return allowed;
  }
  if (parent.status == "archived" && !target.allow_archived) {
    return Status::failed_precondition(library.spec().name + " " + std::to_string(parent.id) +
                                           " is archived",
                                       target.parent_field);
  }
  sqlite::Database& db = library.store().db();
  CEDU_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::begin(db));
  CEDU_ASSIGN_OR_RETURN(SideChange done, change(db, parent));
  if (done.nothing) return parent;  // the transaction rolls back: it wrote nothing
  library::AuditEntry e;
  e.at = library::utc_now();
  e.principal = caller.principal;
  e.method = target.method;
  e.record_id = parent.id;
  e.outcome = "ok";
  e.detail = done.detail;
  if (!done.before_json.empty()) e.before_digest = library::sha256_hex(done.before_json);
  e.after_digest = library::sha256_hex(done.after_json);
  CEDU_RETURN_IF_ERROR(library::append_audit(db, e));
  CEDU_RETURN_IF_ERROR(tx.commit());
  return parent;
}

}  // namespace cedu::volunteer
