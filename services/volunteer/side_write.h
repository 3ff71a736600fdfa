// write_side: how the volunteer domain writes a side record (a training, an hours entry, a
// review) that hangs off a volunteer. The rules follow the parent record: under the
// library's lock it loads the volunteer (NOT_FOUND naming the parameter), refuses an
// archived one unless allowed, checks who may write (by default the core's may_write on
// the volunteer's town, station and owner; a refusal is audited through
// Library::audit_denied), then runs the domain's change and appends its audit entry —
// principal, method, volunteer id, SHA-256 of the side row before and after — in one
// transaction: all of it or nothing. (The teacher domain has the same helper; both could
// move into services/library.)
// Thread-safety: takes the library's lock; the caller must not hold it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "services/library/library.h"

namespace cedu::volunteer {

// What the change wrote, for the audit entry.
struct SideChange {
  std::string detail;       // audit note: "hours entry 12: 2.5 h 2025-03-01"
  std::string before_json;  // the side row before (empty for an insert)
  std::string after_json;   // the side row after
  bool nothing = false;     // true: nothing was written (a replay), no audit entry

  static SideChange inserted(std::string detail, std::string after_json) {
    return {std::move(detail), {}, std::move(after_json), false};
  }
  static SideChange updated(std::string detail, std::string before_json, std::string after_json) {
    return {std::move(detail), std::move(before_json), std::move(after_json), false};
  }
  static SideChange none() { return {{}, {}, {}, true}; }
};

struct SideTarget {
  std::string method;        // full method name: "volunteer.log_hours"
  std::int64_t parent_id = 0;
  std::string parent_field;  // for NOT_FOUND: "params.volunteer_id"
  bool allow_archived = false;
  // Who may write; empty means may_write(caller, parent.scope(), spec.owned, method).
  std::function<Status(const library::Caller&, const library::Record& parent)> allowed;
};

// Runs `change` on the library's database inside one transaction with its audit entry.
// Returns the parent record as it is, or the first error (nothing written).
Result<library::Record> write_side(
    library::Library& library, const library::Caller& caller, const SideTarget& target,
    const std::function<Result<SideChange>(sqlite::Database&, const library::Record& parent)>& change);

// The parent record `id` (under the lock the caller holds): NOT_FOUND naming `field`.
Result<library::Record> load_parent(library::Library& library, std::int64_t id,
                                    const std::string& field);

}  // namespace cedu::volunteer
