#include "services/library/audit_log.h"

#include "common/digest/sha256.h"
#include "common/sqlite/statement.h"
#include "services/library/record.h"

namespace cedu::library {

AuditEntry write_entry(std::string principal, std::string_view method, std::int64_t record_id,
                       std::string detail, std::string_view before_json,
                       std::string_view after_json) {
  AuditEntry e;
  e.at = utc_now();
  e.principal = std::move(principal);
  e.method = std::string(method);
  e.record_id = record_id;
  e.outcome = "ok";
  e.detail = std::move(detail);
  if (!before_json.empty()) e.before_digest = digest::sha256_hex(before_json);
  if (!after_json.empty()) e.after_digest = digest::sha256_hex(after_json);
  return e;
}

Status append_audit(sqlite::Database& db, const AuditEntry& e) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement * st,
      db.cached("INSERT INTO audit(at, principal, method, record_id, outcome, detail,"
                " before_digest, after_digest) VALUES(?,?,?,?,?,?,?,?)"));
  // Every write appends one: its texts are bound without a copy, as `e` outlives the step.
  CEDU_RETURN_IF_ERROR(st->bind_text_unowned(1, e.at));
  CEDU_RETURN_IF_ERROR(st->bind_text_unowned(2, e.principal));
  CEDU_RETURN_IF_ERROR(st->bind_text_unowned(3, e.method));
  CEDU_RETURN_IF_ERROR(e.record_id ? st->bind(4, *e.record_id) : st->bind_null(4));
  CEDU_RETURN_IF_ERROR(st->bind_text_unowned(5, e.outcome));
  CEDU_RETURN_IF_ERROR(st->bind_text_unowned(6, e.detail));
  CEDU_RETURN_IF_ERROR(st->bind_text_unowned(7, e.before_digest));
  CEDU_RETURN_IF_ERROR(st->bind_text_unowned(8, e.after_digest));
  Status s = st->run();
  st->reset();
  return s;
}

Result<std::vector<AuditEntry>> query_audit(sqlite::Database& db, const AuditQuery& q) {
  std::string sql =
      "SELECT seq, at, principal, method, record_id, outcome, detail, before_digest, after_digest"
      " FROM audit WHERE seq > ?";
  if (q.record_id) sql += " AND record_id = ?";
  if (q.principal) sql += " AND principal = ?";
  if (q.method) sql += " AND method = ?";
  if (q.outcome) sql += " AND outcome = ?";
  if (q.since) sql += " AND at >= ?";
  if (q.until) sql += " AND at < ?";
  sql += " ORDER BY seq LIMIT ?";
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement * st, db.cached(sql));
  int i = 1;
  CEDU_RETURN_IF_ERROR(st->bind(i++, q.after_seq));
  if (q.record_id) CEDU_RETURN_IF_ERROR(st->bind(i++, *q.record_id));
  for (const auto* s : {&q.principal, &q.method, &q.outcome, &q.since, &q.until}) {
    if (*s) CEDU_RETURN_IF_ERROR(st->bind_text(i++, **s));
  }
  CEDU_RETURN_IF_ERROR(st->bind(i++, static_cast<std::int64_t>(q.limit)));
  std::vector<AuditEntry> out;
  for (;;) {
    CEDU_ASSIGN_OR_RETURN(bool row, st->step());
    if (!row) break;
    AuditEntry e;
    e.seq = st->int64(0);
    e.at = st->text(1);
    e.principal = st->text(2);
    e.method = st->text(3);
    if (!st->is_null(4)) e.record_id = st->int64(4);
    e.outcome = st->text(5);
    e.detail = st->text(6);
    e.before_digest = st->text(7);
    e.after_digest = st->text(8);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace cedu::library
