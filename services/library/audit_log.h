// AuditLog: the audit trail of a library, in the service's own database. Every write
// records principal, method, record id, time and the SHA-256 digests of the record before
// and after; refused attempts (PERMISSION_DENIED) are recorded too. Entries are only ever
// appended. `<service>.audit` lists them with filters.
// Thread-safety: as the Database it is given (callers hold the library's lock).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/sqlite/database.h"

namespace cedu::library {

struct AuditEntry {
  std::int64_t seq = 0;           // assigned on append, increasing
  std::string at;                 // utc_now()
  std::string principal;
  std::string method;             // "course.update"
  std::optional<std::int64_t> record_id;
  std::string outcome;            // "ok" or "denied"
  std::string detail;             // why it was denied, or a short note ("import row 12")
  std::string before_digest;      // empty for a create / a denial
  std::string after_digest;       // empty for a denial
};

struct AuditQuery {
  std::optional<std::int64_t> record_id;
  std::optional<std::string> principal;
  std::optional<std::string> method;
  std::optional<std::string> outcome;
  std::optional<std::string> since;  // at >= since
  std::optional<std::string> until;  // at < until
  std::int64_t after_seq = 0;        // cursor: entries with seq > after_seq
  std::size_t limit = 100;
};

// The table (part of the library's first migration).
inline constexpr const char* kAuditSchema =
    "CREATE TABLE audit ("
    " seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, principal TEXT NOT NULL,"
    " method TEXT NOT NULL, record_id INTEGER, outcome TEXT NOT NULL, detail TEXT NOT NULL,"
    " before_digest TEXT NOT NULL, after_digest TEXT NOT NULL);"
    "CREATE INDEX audit_record ON audit(record_id);"
    "CREATE INDEX audit_principal ON audit(principal, seq);";

// The entry of a write that succeeded, stamped now: `principal` wrote `method` on record
// `record_id` (`detail` its note, which must hold no personal data: the trail is readable
// without the pii right). `before_json` and `after_json` are the canonical JSON of what was
// written, kept as SHA-256 digests; an empty one (nothing before a create) gets none.
AuditEntry write_entry(std::string principal, std::string_view method, std::int64_t record_id,
                       std::string detail, std::string_view before_json,
                       std::string_view after_json);

Status append_audit(sqlite::Database& db, const AuditEntry& entry);
Result<std::vector<AuditEntry>> query_audit(sqlite::Database& db, const AuditQuery& query);

}  // namespace cedu::library
