#include "services/library/side_write.h"

#include "common/sqlite/transaction.h"
#include "services/library/audit_log.h"

namespace cedu::library {

Result<Record> load_parent(Library& library, std::int64_t id, const std::string& field) {
  auto record = library.store().get(id);
  if (!record.ok() && record.status().code() == StatusCode::kNotFound) {
    return Status::not_found("no " + library.spec().name + " with id " + std::to_string(id), field);
  }
  return record;
}

Status refuse(Library& library, std::unique_lock<std::mutex>& guard, const Caller& caller,
              std::string_view method, std::optional<std::int64_t> record_id, const Status& why) {
  if (guard.owns_lock()) guard.unlock();  // audit_denied takes the lock itself
  library.audit_denied(caller, method, record_id, why);
  return why;
}

Result<Record> write_side(
    Library& library, const Caller& caller, const SideTarget& target,
    const std::function<Result<SideChange>(sqlite::Database&, const Record& parent)>& change) {
  auto guard = library.lock();
  CEDU_ASSIGN_OR_RETURN(Record parent, load_parent(library, target.parent_id, target.parent_field));
  const Status allowed = target.allowed
                             ? target.allowed(caller, parent)
                             : may_write(caller, parent.scope(), library.spec().owned, target.method);
  if (!allowed.is_ok()) return refuse(library, guard, caller, target.method, parent.id, allowed);
  if (parent.status == "archived" && !target.allow_archived) {
    return Status::failed_precondition(library.spec().name + " " + std::to_string(parent.id) +
                                           " is archived",
                                       target.parent_field);
  }
  sqlite::Database& db = library.store().db();
  CEDU_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::begin(db));
  CEDU_ASSIGN_OR_RETURN(SideChange done, change(db, parent));
  if (done.nothing) return parent;  // the transaction rolls back: it wrote nothing
  CEDU_RETURN_IF_ERROR(append_audit(db, write_entry(caller.principal, target.method, parent.id,
                                                    std::move(done.detail), done.before_json,
                                                    done.after_json)));
  CEDU_RETURN_IF_ERROR(tx.commit());
  return parent;
}

}  // namespace cedu::library
