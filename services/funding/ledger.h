// Ledger: the funding ledger's rules and its one writer connection. Every posting —
// budget (预算), disbursement (拨付) from a unit's parent, expenditure (支出) — and every
// reversal (冲正), receipt (到位) and year close is checked, written with its audit entry
// in one transaction (all of it or nothing), and made durable (group commit, as the
// libraries do) before the call returns, so a caller that got an answer may announce it.
// Refusals name the request field at fault ("params.amount_fen"); a PERMISSION_DENIED is
// audited. A request key (the caller's principal and its idempotency key) that was posted
// before returns the first result instead of posting twice.
// Thread-safety: thread-safe; one mutex serialises the connection.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "common/sqlite/database.h"
#include "services/funding/ledger_store.h"
#include "services/funding/units.h"
#include "services/library/caller.h"
#include "services/library/commit_hook.h"
#include "services/library/group_sync.h"

namespace cedu::funding {

// Largest amount of one entry: ten billion yuan (keeps every sum far from int64's limit).
inline constexpr std::int64_t kMaxAmountFen = 1'000'000'000'000;

struct Posting {
  Kind kind = Kind::kBudget;
  std::string unit;  // id or Chinese name (units.h)
  int year = 0;
  std::string category, source;
  std::optional<std::int64_t> project_id;  // checked to exist by the caller (over the bus)
  std::int64_t amount_fen = 0;
  std::string date;  // YYYY-MM-DD
  std::string document, note;
  std::string payer;  // a disbursement only: the unit's parent
  bool approved_overrun = false;  // an expenditure only
  std::string overrun_approval;
};

struct Posted {
  Entry entry;
  bool replay = false;  // the request key had been posted: `entry` is the first result
  // An approved expenditure above its budget line (event funding.overrun).
  bool over_budget = false;
  std::int64_t line_budget_fen = 0, line_spent_fen = 0;  // after the posting (expenditures)
};

struct YearClose {
  int year = 0;
  bool replay = false;  // the request key had closed `year` already: nothing was done
};

class Ledger {
 public:
  // Opens and migrates the database at `path` (":memory:" in tests).
  static Result<std::unique_ptr<Ledger>> open(const std::string& path,
                                              std::shared_ptr<const Units> units);
  ~Ledger();

  Result<Posted> post(const library::Caller& caller, const Posting& posting,
                      const std::string& request_key);
  // Reverses entry `entry_id` with a new entry of the opposite amount.
  Result<Posted> reverse(const library::Caller& caller, std::int64_t entry_id,
                         const std::string& date, const std::string& document,
                         const std::string& note, const std::string& request_key);
  // Records that disbursement `disbursement_id` arrived on `received_on`.
  Result<Posted> receive(const library::Caller& caller, std::int64_t disbursement_id,
                         const std::string& received_on, const std::string& document,
                         const std::string& request_key);
  // Closes fiscal year `year`: nothing more is posted, reversed or received in it. A
  // request key that closed a year before returns that year with `replay` (a retry whose
  // reply was lost); without one, a closed year is FAILED_PRECONDITION.
  Result<YearClose> close_year(const library::Caller& caller, int year,
                               const std::string& request_key);
  Status close_year(const library::Caller& caller, int year) {
    return close_year(caller, year, std::string()).status();
  }

  // Runs `read` on the connection under the lock.
  template <typename F>
  auto read(F&& read) {
    std::lock_guard<std::mutex> guard(mutex_);
    return read(db_);
  }
  const Units& units() const { return *units_; }

 private:
  Ledger(sqlite::Database db, std::shared_ptr<const Units> units);
  Result<Entry> checked_entry(const library::Caller& caller, const Posting& p) const;
  Status check_lines(const Entry& e, const Posting& p, Posted& out);
  // Appends the audit entry of a denial and returns `why`.
  Status denied(const library::Caller& caller, std::string_view method,
                std::optional<std::int64_t> id, const Status& why);
  Status audit_ok(const library::Caller& caller, std::string_view method, const Entry& e,
                  const std::string& detail);
  Status durable();

  sqlite::Database db_;
  std::shared_ptr<const Units> units_;
  std::mutex mutex_;
  std::unique_ptr<library::GroupSync> group_sync_;  // null: every COMMIT flushes
  std::unique_ptr<library::CommitHook> commit_hook_;
};

// The row scope of a unit for the row-level rules (caller.h): its town, and its own id
// when it is a station.
library::RowScope scope_of(const Unit& unit);
// The key a write is remembered by: principal and idempotency key; empty without a key.
std::string request_key(const std::string& principal, const std::optional<std::string>& key);

}  // namespace cedu::funding
