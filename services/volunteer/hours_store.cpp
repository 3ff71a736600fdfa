#include "services/volunteer/hours_store.h"

#include <nlohmann/json.hpp>

#include "services/library/hours.h"

namespace cedu::volunteer {

const char* const kHoursSchema =
    "CREATE TABLE volunteer_hours ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " volunteer_id INTEGER NOT NULL REFERENCES records(id),"
    " activity TEXT NOT NULL, date TEXT NOT NULL,"
    " minutes INTEGER NOT NULL CHECK (minutes > 0 AND minutes <= 1440),"
    " course_id INTEGER,"
    " status TEXT NOT NULL CHECK (status IN ('reported', 'approved', 'rejected')),"
    " logged_by TEXT NOT NULL, logged_at TEXT NOT NULL,"
    " reviewed_by TEXT NOT NULL DEFAULT '', reviewed_at TEXT NOT NULL DEFAULT '',"
    " reason TEXT NOT NULL DEFAULT '',"
    " request_key TEXT UNIQUE);"
    "CREATE INDEX volunteer_hours_volunteer ON volunteer_hours(volunteer_id, status, date);"
    "CREATE INDEX volunteer_hours_status ON volunteer_hours(status, id);";

namespace {

constexpr const char* kSelect =
    "SELECT h.id, h.volunteer_id, h.activity, h.date, h.minutes, h.course_id, h.status,"
    " h.logged_by, h.logged_at, h.reviewed_by, h.reviewed_at, h.reason,"
    " coalesce(json_extract(r.body, '$.name'), ''), r.town, r.station"
    " FROM volunteer_hours h JOIN records r ON r.id = h.volunteer_id";

HoursEntry read_row(const sqlite::Statement& st) {
  HoursEntry e;
  e.id = st.int64(0);
  e.volunteer_id = st.int64(1);
  e.activity = st.text(2);
  e.date = st.text(3);
  e.minutes = st.int64(4);
  if (!st.is_null(5)) e.course_id = st.int64(5);
  e.status = st.text(6);
  e.logged_by = st.text(7);
  e.logged_at = st.text(8);
  e.reviewed_by = st.text(9);
  e.reviewed_at = st.text(10);
  e.reason = st.text(11);
  e.volunteer_name = st.text(12);
  e.town = st.text(13);
  e.station = st.text(14);
  return e;
}

Result<std::optional<HoursEntry>> find_one(sqlite::Database& db, const std::string& where,
                                           const std::function<Status(sqlite::Statement&)>& bind) {
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement st, db.prepare(std::string(kSelect) + " WHERE " + where));
  CEDU_RETURN_IF_ERROR(bind(st));
  CEDU_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return std::optional<HoursEntry>();
  return std::optional<HoursEntry>(read_row(st));
}

}  // namespace

Result<std::optional<HoursEntry>> find_entry(sqlite::Database& db, std::int64_t id) {
  return find_one(db, "h.id = ?", [&](sqlite::Statement& st) { return st.bind(1, id); });
}

Result<std::optional<HoursEntry>> find_entry_by_key(sqlite::Database& db, const std::string& key) {
  return find_one(db, "h.request_key = ?", [&](sqlite::Statement& st) { return st.bind_text(1, key); });
}

Status insert_entry(sqlite::Database& db, HoursEntry& e, const std::string& request_key) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement st,
      db.prepare("INSERT INTO volunteer_hours (volunteer_id, activity, date, minutes, course_id,"
                 " status, logged_by, logged_at, request_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  CEDU_RETURN_IF_ERROR(st.bind(1, e.volunteer_id));
  CEDU_RETURN_IF_ERROR(st.bind_text(2, e.activity));
  CEDU_RETURN_IF_ERROR(st.bind_text(3, e.date));
  CEDU_RETURN_IF_ERROR(st.bind(4, e.minutes));
  CEDU_RETURN_IF_ERROR(e.course_id ? st.bind(5, *e.course_id) : st.bind_null(5));
  CEDU_RETURN_IF_ERROR(st.bind_text(6, e.status));
  CEDU_RETURN_IF_ERROR(st.bind_text(7, e.logged_by));
  CEDU_RETURN_IF_ERROR(st.bind_text(8, e.logged_at));
  CEDU_RETURN_IF_ERROR(request_key.empty() ? st.bind_null(9) : st.bind_text(9, request_key));
  CEDU_RETURN_IF_ERROR(st.run());
  e.id = db.last_insert_rowid();
  return Status::ok();
}

Status store_review(sqlite::Database& db, const HoursEntry& e) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement st,
      db.prepare("UPDATE volunteer_hours SET status = ?, reviewed_by = ?, reviewed_at = ?,"
                 " reason = ? WHERE id = ? AND status = 'reported'"));
  CEDU_RETURN_IF_ERROR(st.bind_text(1, e.status));
  CEDU_RETURN_IF_ERROR(st.bind_text(2, e.reviewed_by));
  CEDU_RETURN_IF_ERROR(st.bind_text(3, e.reviewed_at));
  CEDU_RETURN_IF_ERROR(st.bind_text(4, e.reason));
  CEDU_RETURN_IF_ERROR(st.bind(5, e.id));
  CEDU_RETURN_IF_ERROR(st.run());
  if (db.changes() != 1) {
    return Status::failed_precondition("hours entry " + std::to_string(e.id) +
                                       " has already been reviewed", "params.entry_id");
  }
  return Status::ok();
}

Result<std::int64_t> minutes_on(sqlite::Database& db, std::int64_t volunteer_id, const std::string& date) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement st,
      db.prepare("SELECT coalesce(sum(minutes), 0) FROM volunteer_hours"
                 " WHERE volunteer_id = ? AND date = ? AND status <> 'rejected'"));
  CEDU_RETURN_IF_ERROR(st.bind(1, volunteer_id));
  CEDU_RETURN_IF_ERROR(st.bind_text(2, date));
  CEDU_ASSIGN_OR_RETURN(bool row, st.step());
  return row ? st.int64(0) : std::int64_t{0};
}

Result<HoursTotals> totals(sqlite::Database& db, std::int64_t volunteer_id, int year) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement st,
      db.prepare("SELECT"
                 " coalesce(sum(CASE WHEN status = 'approved' THEN minutes END), 0),"
                 " coalesce(sum(CASE WHEN status = 'approved' AND substr(date, 1, 4) = ?"
                 "                   THEN minutes END), 0),"
                 " coalesce(sum(CASE WHEN status = 'reported' THEN minutes END), 0)"
                 " FROM volunteer_hours WHERE volunteer_id = ?"));
  CEDU_RETURN_IF_ERROR(st.bind_text(1, std::to_string(year)));
  CEDU_RETURN_IF_ERROR(st.bind(2, volunteer_id));
  CEDU_ASSIGN_OR_RETURN(bool row, st.step());
  HoursTotals t;
  if (row) {
    t.approved_minutes = st.int64(0);
    t.year_approved_minutes = st.int64(1);
    t.pending_minutes = st.int64(2);
  }
  return t;
}

Result<std::vector<HoursEntry>> list_entries(sqlite::Database& db, const EntryQuery& q) {
  std::string sql = std::string(kSelect) + " WHERE h.id > ?";
  if (q.volunteer_id) sql += " AND h.volunteer_id = ?";
  if (q.town) sql += " AND r.town = ?";
  if (q.station) sql += " AND r.station = ?";
  if (q.status) sql += " AND h.status = ?";
  if (q.year) sql += " AND substr(h.date, 1, 4) = ?";
  sql += " ORDER BY h.id LIMIT ?";
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement st, db.prepare(sql));
  int i = 1;
  CEDU_RETURN_IF_ERROR(st.bind(i++, q.after));
  if (q.volunteer_id) CEDU_RETURN_IF_ERROR(st.bind(i++, *q.volunteer_id));
  if (q.town) CEDU_RETURN_IF_ERROR(st.bind_text(i++, *q.town));
  if (q.station) CEDU_RETURN_IF_ERROR(st.bind_text(i++, *q.station));
  if (q.status) CEDU_RETURN_IF_ERROR(st.bind_text(i++, *q.status));
  if (q.year) CEDU_RETURN_IF_ERROR(st.bind_text(i++, std::to_string(*q.year)));
  CEDU_RETURN_IF_ERROR(st.bind(i++, static_cast<std::int64_t>(q.limit)));
  return sqlite::collect_rows(st, read_row);
}

std::string entry_json(const HoursEntry& e) {
  nlohmann::json j;
  j["id"] = e.id;
  j["volunteer_id"] = e.volunteer_id;
  j["activity"] = e.activity;
  j["date"] = e.date;
  j["minutes"] = e.minutes;
  j["course_id"] = e.course_id ? nlohmann::json(*e.course_id) : nlohmann::json();
  j["status"] = e.status;
  j["logged_by"] = e.logged_by;
  j["logged_at"] = e.logged_at;
  j["reviewed_by"] = e.reviewed_by;
  j["reviewed_at"] = e.reviewed_at;
  j["reason"] = e.reason;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

mp::MapBuilder entry_map(const HoursEntry& e) {
  mp::MapBuilder b;
  b.set("id", e.id)
      .set("volunteer_id", e.volunteer_id)
      .set("volunteer_name", e.volunteer_name)
      .set("town", e.town)
      .set("station", e.station)
      .set("activity", e.activity)
      .set("date", e.date)
      .set("minutes", e.minutes)
      .set("hours", library::hours_of_minutes(e.minutes));
  if (e.course_id) {
    b.set("course_id", *e.course_id);
  } else {
    b.set_nil("course_id");
  }
  b.set("status", e.status).set("logged_by", e.logged_by).set("logged_at", e.logged_at);
  for (const auto& [key, value] : {std::pair<const char*, const std::string*>{"reviewed_by", &e.reviewed_by},
                                   {"reviewed_at", &e.reviewed_at},
                                   {"reason", &e.reason}}) {
    if (value->empty()) {
      b.set_nil(key);
    } else {
      b.set(key, *value);
    }
  }
  return b;
}

}  // namespace cedu::volunteer
