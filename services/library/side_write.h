// write_side: how domain code writes a side record (a training, an appraisal, an hours
// entry, a review) that hangs off a record of its library — a teacher, a volunteer. The
// rules follow the parent record: under the library's lock it loads the parent (NOT_FOUND
// naming the parameter), checks who may write (by default the core's may_write on the
// parent's town, station and owner; a refusal is audited through Library::audit_denied),
// refuses an archived parent unless allowed, then runs the domain's change and appends its
// audit entry — principal, method, parent id, SHA-256 of the side row before and after —
// in one transaction: all of it or nothing.
// Thread-safety: write_side takes the library's lock; the caller must not hold it.
// load_parent and refuse are for callers that hold it.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "services/library/library.h"

namespace cedu::library {

// What the change wrote, for the audit entry.
struct SideChange {
  std::string detail;       // audit note: "appraisal 12: 2024 excellent"
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
  std::string method;        // full method name: "teacher.appraise"
  std::int64_t parent_id = 0;
  std::string parent_field;  // for NOT_FOUND: "params.teacher_id"
  bool allow_archived = false;
  // Who may write; empty means may_write(caller, parent.scope(), spec.owned, method).
  std::function<Status(const Caller&, const Record& parent)> allowed;
};

// Runs `change` on the library's database inside one transaction with its audit entry.
// Returns the parent record as it is, or the first error (nothing written).
Result<Record> write_side(
    Library& library, const Caller& caller, const SideTarget& target,
    const std::function<Result<SideChange>(sqlite::Database&, const Record& parent)>& change);

// The parent record `id` (under the lock the caller holds): NOT_FOUND "no <library> with
// id <id>" naming `field`.
Result<Record> load_parent(Library& library, std::int64_t id, const std::string& field);

// Refuses a domain write: releases `guard` (when held), audits `why` as a denial of
// `method` on `record_id` and returns it.
Status refuse(Library& library, std::unique_lock<std::mutex>& guard, const Caller& caller,
              std::string_view method, std::optional<std::int64_t> record_id, const Status& why);

}  // namespace cedu::library
