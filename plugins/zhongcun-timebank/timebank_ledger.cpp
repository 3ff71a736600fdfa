#include "timebank_ledger.h"

namespace zhongcun {
namespace {

const char* const kColumns = "id, volunteer_id, kind, points, coalesce(reference, ''), coalesce(minutes, 0), "
                             "reason, done_by, at";
const char* const kNow = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

std::int64_t int_at(const msgpack::object& row, std::uint32_t i) { return row.via.array.ptr[i].as<std::int64_t>(); }
std::string text_at(const msgpack::object& row, std::uint32_t i) { return row.via.array.ptr[i].as<std::string>(); }

LedgerEntry entry_of(const msgpack::object& row) {
  LedgerEntry e;
  e.id = int_at(row, 0);
  e.volunteer_id = int_at(row, 1);
  e.kind = text_at(row, 2);
  e.points = int_at(row, 3);
  e.reference = text_at(row, 4);
  e.minutes = int_at(row, 5);
  e.reason = text_at(row, 6);
  e.by = text_at(row, 7);
  e.at = text_at(row, 8);
  return e;
}

}  // namespace

const char* const kLedgerSchema =
    "CREATE TABLE ledger ("
    "  id INTEGER PRIMARY KEY,"
    "  town TEXT NOT NULL,"
    "  volunteer_id INTEGER NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('earn', 'redeem')),"
    "  points INTEGER NOT NULL CHECK ((kind = 'earn' AND points > 0) OR (kind = 'redeem' AND points < 0)),"
    "  reference TEXT UNIQUE,"
    "  minutes INTEGER,"
    "  reason TEXT NOT NULL,"
    "  done_by TEXT NOT NULL,"
    "  at TEXT NOT NULL);"
    "CREATE INDEX ledger_volunteer ON ledger (town, volunteer_id);"
    "CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger "
    "  BEGIN SELECT RAISE(ABORT, 'the time-bank ledger is append-only'); END;"
    "CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger "
    "  BEGIN SELECT RAISE(ABORT, 'the time-bank ledger is append-only'); END;";

bool earn(const cedu::plugin::Host& host, const std::string& town, std::int64_t volunteer_id,
          std::int64_t points, std::int64_t entry_id, std::int64_t minutes, const std::string& reason,
          const std::string& by) {
  auto rows = host.storage(std::string("INSERT INTO ledger (town, volunteer_id, kind, points, reference, minutes, "
                                       "reason, done_by, at) VALUES (?1, ?2, 'earn', ?3, ?4, ?5, ?6, ?7, ") +
                               kNow + ") ON CONFLICT (reference) DO NOTHING RETURNING id",
                           town, volunteer_id, points, "hours_entry:" + std::to_string(entry_id), minutes,
                           reason, by);
  return rows.get().via.array.size == 1;
}

std::optional<LedgerEntry> redeem(const cedu::plugin::Host& host, const std::string& town,
                                  std::int64_t volunteer_id, std::int64_t points,
                                  const std::string& reason, const std::string& by) {
  // One statement: the balance check and the insert cannot be split by another redemption.
  auto rows = host.storage(
      std::string("INSERT INTO ledger (town, volunteer_id, kind, points, reason, done_by, at) "
                  "SELECT ?1, ?2, 'redeem', -?3, ?4, ?5, ") + kNow +
          " WHERE (SELECT coalesce(sum(points), 0) FROM ledger WHERE town = ?1 AND volunteer_id = ?2) >= ?3 "
          "RETURNING " + kColumns,
      town, volunteer_id, points, reason, by);
  const msgpack::object& all = rows.get();
  if (all.via.array.size == 0) return std::nullopt;
  return entry_of(all.via.array.ptr[0]);
}

Balance balance(const cedu::plugin::Host& host, const std::string& town, std::int64_t volunteer_id) {
  auto rows = host.storage(
      "SELECT coalesce(sum(CASE WHEN points > 0 THEN points END), 0),"
      "       coalesce(-sum(CASE WHEN points < 0 THEN points END), 0) "
      "FROM ledger WHERE town = ?1 AND volunteer_id = ?2",
      town, volunteer_id);
  const msgpack::object& row = rows.get().via.array.ptr[0];
  return Balance{int_at(row, 0), int_at(row, 1)};
}

std::vector<LedgerEntry> entries(const cedu::plugin::Host& host, const std::string& town,
                                 std::int64_t volunteer_id, std::int64_t limit) {
  auto rows = host.storage(std::string("SELECT ") + kColumns +
                               " FROM ledger WHERE town = ?1 AND volunteer_id = ?2 ORDER BY id DESC LIMIT ?3",
                           town, volunteer_id, limit);
  std::vector<LedgerEntry> out;
  const msgpack::object& all = rows.get();
  for (std::uint32_t i = 0; i < all.via.array.size; ++i) out.push_back(entry_of(all.via.array.ptr[i]));
  return out;
}

}  // namespace zhongcun
