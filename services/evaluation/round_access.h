// What every write of the round workflow (rounds, objections, rectification tasks) shares:
// the district-only rule, the audit entry in the organisations' trail, and error fields put
// under "params.". Thread-safety: as the Library passed in.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/msgpack/fields.h"
#include "common/sqlite/database.h"
#include "services/library/library.h"

namespace cedu::evaluation {

// `s` with its field prefixed by "params." unless it has none or has it already.
Status in_params(const Status& s);

// Appends the audit entry of a successful write (outcome ok; `record_id` the organisation
// concerned, if any). Caller holds the Library's lock, inside the write's transaction.
Status audit_write(sqlite::Database& db, const library::Caller& caller, std::string_view method,
                   std::optional<std::int64_t> record_id, std::string detail);

// OK iff `caller` is the district (district-admin, a service); else PERMISSION_DENIED,
// audited as denied. Caller must NOT hold the Library's lock.
Status district_only(library::Library& lib, const library::Caller& caller,
                     std::string_view method, std::optional<std::int64_t> record_id = {});

// The string `key` of `params`, 1..`max` characters (code points); INVALID_ARGUMENT naming
// params.<key> when missing, empty or too long.
Result<std::string> read_text(const mp::MapView& params, std::string_view key, std::size_t max);

// "YYYY-MM-DD" of today, UTC: what deadlines are compared with.
std::string today_utc();

}  // namespace cedu::evaluation
