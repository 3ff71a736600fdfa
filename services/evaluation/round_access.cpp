#include "services/evaluation/round_access.h"

#include "common/digest/sha256.h"
#include "services/library/audit_log.h"
#include "services/library/record.h"
#include "services/library/schema.h"

namespace cedu::evaluation {

Status in_params(const Status& s) {
  if (s.is_ok() || s.field().empty() || s.field().rfind("params.", 0) == 0) return s;
  return Status(s.code(), s.message(), "params." + s.field());
}

Status audit_write(sqlite::Database& db, const library::Caller& caller, std::string_view method,
                   std::optional<std::int64_t> record_id, std::string detail) {
  library::AuditEntry e;
  e.at = library::utc_now();
  e.principal = caller.principal;
  e.method = std::string(method);
  e.record_id = record_id;
  e.outcome = "ok";
  e.detail = std::move(detail);
  e.after_digest = digest::sha256_hex(e.detail);
  return library::append_audit(db, e);
}

Status district_only(library::Library& lib, const library::Caller& caller,
                     std::string_view method, std::optional<std::int64_t> record_id) {
  if (caller.unrestricted()) return Status::ok();
  Status denied = Status::permission_denied(std::string(method) + " is the district's: " +
                                            caller.principal + " may not call it");
  lib.audit_denied(caller, method, record_id, denied);
  return denied;
}

Result<std::string> read_text(const mp::MapView& params, std::string_view key, std::size_t max) {
  CEDU_ASSIGN_OR_RETURN(std::string text, params.string(key));
  if (text.empty() || library::code_points(text) > max) {
    return Status::invalid_argument("must be 1.." + std::to_string(max) + " characters",
                                    params.path_of(key));
  }
  return text;
}

std::string today_utc() { return library::utc_now().substr(0, 10); }

}  // namespace cedu::evaluation
