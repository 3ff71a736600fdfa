// The service-hours ledger of the volunteer library: one row per reported activity
// (volunteer, activity, date, whole minutes, optional course), its review state
// reported → approved | rejected, and the idempotency key of the request that reported
// it. Rows are never deleted; a review is recorded once.
// Thread-safety: none; every function REQUIRES the library's lock held (the Database is
// the library's connection).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/msgpack/builder.h"
#include "common/result.h"
#include "common/sqlite/database.h"

namespace cedu::volunteer {

struct HoursEntry {
  std::int64_t id = 0;
  std::int64_t volunteer_id = 0;
  std::string activity;
  std::string date;  // YYYY-MM-DD
  std::int64_t minutes = 0;
  std::optional<std::int64_t> course_id;
  std::string status;  // reported, approved, rejected
  std::string logged_by, logged_at;
  std::string reviewed_by, reviewed_at, reason;  // empty until reviewed
  // Of the volunteer, as it is now (filled by the queries, for listings).
  std::string volunteer_name, town, station;
};

struct HoursTotals {
  std::int64_t approved_minutes = 0;       // all years
  std::int64_t year_approved_minutes = 0;  // in the year asked for
  std::int64_t pending_minutes = 0;        // reported, not yet reviewed (all years)
};

struct EntryQuery {
  std::optional<std::int64_t> volunteer_id;
  std::optional<std::string> town, station, status;
  std::optional<int> year;
  std::int64_t after = 0;   // entries with id > after
  std::size_t limit = 100;
};

// The table (the volunteer domain's migration).
extern const char* const kHoursSchema;

Result<std::optional<HoursEntry>> find_entry(sqlite::Database& db, std::int64_t id);
Result<std::optional<HoursEntry>> find_entry_by_key(sqlite::Database& db, const std::string& key);
// Inserts `entry` (assigns its id). `request_key` may be empty.
Status insert_entry(sqlite::Database& db, HoursEntry& entry, const std::string& request_key);
// Stores the review fields of `entry`. FAILED_PRECONDITION iff it was reviewed meanwhile.
Status store_review(sqlite::Database& db, const HoursEntry& entry);
// Minutes of the volunteer's entries on `date` that are not rejected.
Result<std::int64_t> minutes_on(sqlite::Database& db, std::int64_t volunteer_id, const std::string& date);
Result<HoursTotals> totals(sqlite::Database& db, std::int64_t volunteer_id, int year);
// Entries matching `query`, by id ascending.
Result<std::vector<HoursEntry>> list_entries(sqlite::Database& db, const EntryQuery& query);

// Canonical JSON of an entry's own columns (for audit digests).
std::string entry_json(const HoursEntry& entry);
// The wire form of an entry: a map (docs/protocol.md, volunteer.log_hours).
mp::MapBuilder entry_map(const HoursEntry& entry);

}  // namespace cedu::volunteer
