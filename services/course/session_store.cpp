#include "services/course/session_store.h"

#include <nlohmann/json.hpp>

#include "common/sqlite/statement.h"

namespace cedu::course {
namespace {

constexpr const char* kColumns =
    "s.id, s.course_id, s.starts_at, s.ends_at, s.venue, s.lat, s.lon, s.teacher_id, s.status,"
    " s.note, s.created_by, s.created_at, s.updated_by, s.updated_at";

Session read_row(sqlite::Statement& st) {
  Session s;
  s.id = st.int64(0);
  s.course_id = st.int64(1);
  s.starts_at = st.text(2);
  s.ends_at = st.text(3);
  s.venue = st.text(4);
  if (!st.is_null(5)) s.lat = st.real(5);
  if (!st.is_null(6)) s.lon = st.real(6);
  if (!st.is_null(7)) s.teacher_id = st.int64(7);
  s.status = st.text(8);
  s.note = st.text(9);
  s.created_by = st.text(10);
  s.created_at = st.text(11);
  s.updated_by = st.text(12);
  s.updated_at = st.text(13);
  return s;
}

// The clash query's head: scheduled sessions of live courses overlapping a time span.
std::string clash_sql(const std::string& condition) {
  return "SELECT s.id, s.course_id, json_extract(r.body, '$.title'), s.starts_at, s.ends_at,"
         " s.venue FROM course_sessions s JOIN records r ON r.id = s.course_id"
         " WHERE s.status = 'scheduled' AND r.status <> 'archived' AND " + condition +
         " AND s.starts_at < ? AND s.ends_at > ? AND s.id <> ? ORDER BY s.starts_at, s.id LIMIT 1";
}

}  // namespace

std::string describe(const Clash& c) {
  // Same day: "2026-03-07T09:00–11:00"; else both times in full.
  std::string when = c.starts_at + "–" +
                     (c.ends_at.compare(0, 10, c.starts_at, 0, 10) == 0 ? c.ends_at.substr(11)
                                                                        : c.ends_at);
  std::string s = c.course_title + " (course " + std::to_string(c.course_id) + ", session " +
                  std::to_string(c.session_id) + ") " + when;
  if (!c.venue.empty()) s += " at " + c.venue;
  return s;
}

std::string venue_key(std::string_view venue) {
  std::string out;
  for (std::size_t i = 0; i < venue.size(); ++i) {
    const char c = venue[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (venue.substr(i, 3) == "\xE3\x80\x80") {  // U+3000 ideographic space
      i += 2;
      continue;
    }
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

std::string session_json(const Session& s) {
  nlohmann::json j;
  j["id"] = s.id;
  j["course_id"] = s.course_id;
  j["starts_at"] = s.starts_at;
  j["ends_at"] = s.ends_at;
  j["venue"] = s.venue;
  j["lat"] = s.lat ? nlohmann::json(*s.lat) : nlohmann::json();
  j["lon"] = s.lon ? nlohmann::json(*s.lon) : nlohmann::json();
  j["teacher_id"] = s.teacher_id ? nlohmann::json(*s.teacher_id) : nlohmann::json();
  j["volunteer_ids"] = s.volunteer_ids;
  j["status"] = s.status;
  j["note"] = s.note;
  j["updated_by"] = s.updated_by;
  j["updated_at"] = s.updated_at;
  return j.dump();
}

void pack_session(msgpack::packer<mp::StringStream>& pk, const Session& s) {
  auto optional = [&](const auto& v) {
    if (v) {
      pk.pack(*v);
    } else {
      pk.pack_nil();
    }
  };
  pk.pack_map(15);
  pk.pack("id"), pk.pack(s.id);
  pk.pack("course_id"), pk.pack(s.course_id);
  pk.pack("starts_at"), pk.pack(s.starts_at);
  pk.pack("ends_at"), pk.pack(s.ends_at);
  pk.pack("venue"), pk.pack(s.venue);
  pk.pack("lat"), optional(s.lat);
  pk.pack("lon"), optional(s.lon);
  pk.pack("teacher_id"), optional(s.teacher_id);
  pk.pack("volunteer_ids"), pk.pack(s.volunteer_ids);
  pk.pack("status"), pk.pack(s.status);
  pk.pack("note"), pk.pack(s.note);
  pk.pack("created_by"), pk.pack(s.created_by);
  pk.pack("created_at"), pk.pack(s.created_at);
  pk.pack("updated_by"), pk.pack(s.updated_by);
  pk.pack("updated_at"), pk.pack(s.updated_at);
}

std::string session_bytes(const Session& s) {
  std::string out;
  mp::StringStream stream(out);
  msgpack::packer<mp::StringStream> pk(stream);
  pack_session(pk, s);
  return out;
}

Status SessionStore::insert(Session& s) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement * st,
      db_.cached("INSERT INTO course_sessions(course_id, starts_at, ends_at, venue, venue_key,"
                 " lat, lon, teacher_id, status, note, created_by, created_at, updated_by,"
                 " updated_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
  CEDU_RETURN_IF_ERROR(st->bind(1, s.course_id));
  CEDU_RETURN_IF_ERROR(st->bind_text(2, s.starts_at));
  CEDU_RETURN_IF_ERROR(st->bind_text(3, s.ends_at));
  CEDU_RETURN_IF_ERROR(st->bind_text(4, s.venue));
  CEDU_RETURN_IF_ERROR(st->bind_text(5, venue_key(s.venue)));
  CEDU_RETURN_IF_ERROR(s.lat ? st->bind(6, *s.lat) : st->bind_null(6));
  CEDU_RETURN_IF_ERROR(s.lon ? st->bind(7, *s.lon) : st->bind_null(7));
  CEDU_RETURN_IF_ERROR(s.teacher_id ? st->bind(8, *s.teacher_id) : st->bind_null(8));
  CEDU_RETURN_IF_ERROR(st->bind_text(9, s.status));
  CEDU_RETURN_IF_ERROR(st->bind_text(10, s.note));
  CEDU_RETURN_IF_ERROR(st->bind_text(11, s.created_by));
  CEDU_RETURN_IF_ERROR(st->bind_text(12, s.created_at));
  CEDU_RETURN_IF_ERROR(st->bind_text(13, s.updated_by));
  CEDU_RETURN_IF_ERROR(st->bind_text(14, s.updated_at));
  CEDU_RETURN_IF_ERROR(st->run());
  s.id = db_.last_insert_rowid();
  return Status::ok();
}

Result<std::vector<Session>> SessionStore::read_all(sqlite::Statement& st) {
  CEDU_ASSIGN_OR_RETURN(std::vector<Session> out, sqlite::collect_rows(st, read_row));
  // Volunteers after the scan: `st` may be a cached statement we must not interleave.
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement * v,
      db_.cached("SELECT volunteer_id FROM course_session_volunteers WHERE session_id = ?"
                 " ORDER BY assigned_at, volunteer_id"));
  for (auto& s : out) {
    v->reset();
    CEDU_RETURN_IF_ERROR(v->bind(1, s.id));
    for (;;) {
      CEDU_ASSIGN_OR_RETURN(bool row, v->step());
      if (!row) break;
      s.volunteer_ids.push_back(v->int64(0));
    }
  }
  return out;
}

Result<Session> SessionStore::get(std::int64_t id) {
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement st,
                        db_.prepare(std::string("SELECT ") + kColumns +
                                    " FROM course_sessions s WHERE s.id = ?"));
  CEDU_RETURN_IF_ERROR(st.bind(1, id));
  CEDU_ASSIGN_OR_RETURN(auto rows, read_all(st));
  if (rows.empty()) return Status::not_found("there is no session " + std::to_string(id), "session_id");
  return std::move(rows.front());
}

Result<std::vector<Session>> SessionStore::of_course(std::int64_t course_id, bool include_cancelled) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement st,
      db_.prepare(std::string("SELECT ") + kColumns + " FROM course_sessions s WHERE s.course_id = ?" +
                  (include_cancelled ? "" : " AND s.status = 'scheduled'") +
                  " ORDER BY s.starts_at, s.id"));
  CEDU_RETURN_IF_ERROR(st.bind(1, course_id));
  return read_all(st);
}

Result<std::vector<Session>> SessionStore::starting_between(const std::string& from,
                                                           const std::string& to) {
  std::string sql = std::string("SELECT ") + kColumns +
                    " FROM course_sessions s WHERE s.status = 'scheduled'";
  // Local times sort as text: day D's sessions start at "D..." ≥ "D" and < "D" + "U".
  if (!from.empty()) sql += " AND s.starts_at >= ?1";
  if (!to.empty()) sql += " AND s.starts_at < ?2 || 'U'";
  sql += " ORDER BY s.starts_at, s.id";
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement st, db_.prepare(sql));
  if (!from.empty()) CEDU_RETURN_IF_ERROR(st.bind_text(1, from));
  if (!to.empty()) CEDU_RETURN_IF_ERROR(st.bind_text(2, to));
  return read_all(st);
}

Result<std::vector<std::int64_t>> SessionStore::scheduled_courses() {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement st,
      db_.prepare("SELECT DISTINCT course_id FROM course_sessions WHERE status = 'scheduled'"
                  " ORDER BY course_id"));
  std::vector<std::int64_t> out;
  for (;;) {
    CEDU_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    out.push_back(st.int64(0));
  }
  return out;
}

Result<std::optional<Clash>> SessionStore::first_clash(sqlite::Statement& st, int next,
                                                       const std::string& starts_at,
                                                       const std::string& ends_at,
                                                       std::int64_t exclude) {
  // Overlap: the booked session starts before the proposed one ends and ends after it starts.
  CEDU_RETURN_IF_ERROR(st.bind_text(next, ends_at));
  CEDU_RETURN_IF_ERROR(st.bind_text(next + 1, starts_at));
  CEDU_RETURN_IF_ERROR(st.bind(next + 2, exclude));
  CEDU_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return std::optional<Clash>();
  Clash c;
  c.session_id = st.int64(0);
  c.course_id = st.int64(1);
  c.course_title = st.text(2);
  c.starts_at = st.text(3);
  c.ends_at = st.text(4);
  c.venue = st.text(5);
  return std::optional<Clash>(std::move(c));
}

Result<std::optional<Clash>> SessionStore::teacher_clash(std::int64_t teacher_id,
                                                         const std::string& starts_at,
                                                         const std::string& ends_at,
                                                         std::int64_t exclude) {
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement st, db_.prepare(clash_sql("s.teacher_id = ?")));
  CEDU_RETURN_IF_ERROR(st.bind(1, teacher_id));
  return first_clash(st, 2, starts_at, ends_at, exclude);
}

Result<std::optional<Clash>> SessionStore::venue_clash(const std::string& town,
                                                       const std::string& venue,
                                                       const std::string& starts_at,
                                                       const std::string& ends_at,
                                                       std::int64_t exclude) {
  const std::string key = venue_key(venue);
  if (key.empty()) return std::optional<Clash>();
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement st,
                        db_.prepare(clash_sql("s.venue_key = ? AND r.town = ?")));
  CEDU_RETURN_IF_ERROR(st.bind_text(1, key));
  CEDU_RETURN_IF_ERROR(st.bind_text(2, town));
  return first_clash(st, 3, starts_at, ends_at, exclude);
}

Result<std::optional<Clash>> SessionStore::volunteer_clash(std::int64_t volunteer_id,
                                                           const std::string& starts_at,
                                                           const std::string& ends_at,
                                                           std::int64_t exclude) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement st,
      db_.prepare(clash_sql("EXISTS (SELECT 1 FROM course_session_volunteers v"
                            " WHERE v.session_id = s.id AND v.volunteer_id = ?)")));
  CEDU_RETURN_IF_ERROR(st.bind(1, volunteer_id));
  return first_clash(st, 2, starts_at, ends_at, exclude);
}

Status SessionStore::update_status(const Session& s) {
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement * st,
                        db_.cached("UPDATE course_sessions SET status = ?, note = ?,"
                                   " updated_by = ?, updated_at = ? WHERE id = ?"));
  CEDU_RETURN_IF_ERROR(st->bind_text(1, s.status));
  CEDU_RETURN_IF_ERROR(st->bind_text(2, s.note));
  CEDU_RETURN_IF_ERROR(st->bind_text(3, s.updated_by));
  CEDU_RETURN_IF_ERROR(st->bind_text(4, s.updated_at));
  CEDU_RETURN_IF_ERROR(st->bind(5, s.id));
  CEDU_RETURN_IF_ERROR(st->run());
  if (db_.changes() != 1) return Status::not_found("there is no session " + std::to_string(s.id), "session_id");
  return Status::ok();
}

Status SessionStore::add_volunteer(std::int64_t session_id, std::int64_t volunteer_id,
                                   const std::string& by, const std::string& at) {
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement * st,
                        db_.cached("INSERT OR IGNORE INTO course_session_volunteers(session_id,"
                                   " volunteer_id, assigned_by, assigned_at) VALUES(?,?,?,?)"));
  CEDU_RETURN_IF_ERROR(st->bind(1, session_id));
  CEDU_RETURN_IF_ERROR(st->bind(2, volunteer_id));
  CEDU_RETURN_IF_ERROR(st->bind_text(3, by));
  CEDU_RETURN_IF_ERROR(st->bind_text(4, at));
  CEDU_RETURN_IF_ERROR(st->run());
  if (db_.changes() != 1) {
    return Status::already_exists("volunteer " + std::to_string(volunteer_id) +
                                      " is already assigned to session " + std::to_string(session_id),
                                  "volunteer_id");
  }
  return Status::ok();
}

}  // namespace cedu::course
