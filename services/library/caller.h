// Caller: who is asking, as the broker stamped it (principal and rights), and the
// row-level rules every library applies to writes:
//   district-admin, service:<name>, anonymous (a plain bus)  write anything;
//   town-admin:<town>      writes only records of its own town;
//   station:<station>      writes only records of its own station;
//   org:<id>               writes only records it owns (courses and projects it provides);
//                          it cannot write libraries whose records have no owner.
// Personal data is shown only to callers with the `pii` right.
// Thread-safety: plain values.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "bus/runtime/service.h"
#include "common/status.h"

namespace cedu::library {

struct Caller {
  enum class Kind { kDistrict, kService, kTown, kStation, kOrg, kAnonymous, kOther };

  std::string principal;
  Kind kind = Kind::kOther;
  std::string scope;  // the town, station or organisation id after the ':'
  bool pii = false;
  // The request's deadline (from()); what an isolated plugin's check may take at most.
  std::optional<std::chrono::steady_clock::time_point> deadline;

  static Caller from(const Request& request);
  static Caller of(std::string principal, bool pii);

  bool unrestricted() const {
    return kind == Kind::kDistrict || kind == Kind::kService || kind == Kind::kAnonymous;
  }
};

// Where a record lives and who owns it: what the row-level rules look at.
struct RowScope {
  std::string town;
  std::string station;
  std::string owner;  // "org:<id>" or empty
};

// Returns OK iff `caller` may write (create, update, archive) a record at `row` of a
// library whose records are `owned` by organisations; else PERMISSION_DENIED naming
// `method` and the rule.
Status may_write(const Caller& caller, const RowScope& row, bool owned, std::string_view method);

}  // namespace cedu::library
