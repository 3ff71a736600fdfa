// The time bank's points ledger in the plugin's own SQLite database: append-only (triggers
// refuse UPDATE and DELETE), one row per earning (reference "hours_entry:<id>", unique, so a
// replayed approval credits once) or redemption (negative points). A balance is the sum of
// a volunteer's rows in a town. Each operation is one SQL statement, so it is atomic
// without a transaction: a redemption inserts only while the balance covers it.
// Thread-safety: the host serialises storage calls; every function is safe on any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <cedu/plugin.hpp>

namespace zhongcun {

// The storage steps (install, then upgrades; never change a shipped one).
extern const char* const kLedgerSchema;

struct LedgerEntry {
  std::int64_t id = 0;
  std::int64_t volunteer_id = 0;
  std::string kind;  // earn, redeem
  std::int64_t points = 0;  // positive for earn, negative for redeem
  std::string reference;    // earn: hours_entry:<id>; redeem: empty
  std::int64_t minutes = 0; // earn: the approved minutes
  std::string reason;
  std::string by;
  std::string at;  // UTC, ISO 8601
};

struct Balance {
  std::int64_t earned = 0;
  std::int64_t redeemed = 0;  // as a positive number
  std::int64_t balance() const { return earned - redeemed; }
};

// Credits an approval; false when its reference was credited before (a replay).
bool earn(const cedu::plugin::Host& host, const std::string& town, std::int64_t volunteer_id,
          std::int64_t points, std::int64_t entry_id, std::int64_t minutes, const std::string& reason,
          const std::string& by);

// Redeems `points` (> 0); the entry, or nullopt iff the balance does not cover them.
std::optional<LedgerEntry> redeem(const cedu::plugin::Host& host, const std::string& town,
                                  std::int64_t volunteer_id, std::int64_t points,
                                  const std::string& reason, const std::string& by);

Balance balance(const cedu::plugin::Host& host, const std::string& town, std::int64_t volunteer_id);

// The newest `limit` entries of a volunteer in a town, newest first.
std::vector<LedgerEntry> entries(const cedu::plugin::Host& host, const std::string& town,
                                 std::int64_t volunteer_id, std::int64_t limit);

}  // namespace zhongcun
