#include "services/course/enrolment_store.h"

#include <nlohmann/json.hpp>

#include "common/sqlite/statement.h"
#include "services/library/pii.h"

namespace cedu::course {
namespace {

// Position on the waitlist and sessions attended are computed per row.
constexpr const char* kSelect =
    "SELECT e.id, e.course_id, e.name, e.phone, e.town, e.station, e.birth_year, e.status,"
    " e.enrolled_at, e.promoted_at, e.cancelled_at, e.completed_at, e.note, e.created_by,"
    " e.updated_by, e.updated_at,"
    " CASE WHEN e.status = 'waitlisted' THEN (SELECT COUNT(*) FROM course_enrolments w"
    "   WHERE w.course_id = e.course_id AND w.status = 'waitlisted' AND w.id <= e.id)"
    "   ELSE 0 END,"
    " (SELECT COUNT(*) FROM course_attendance a WHERE a.enrolment_id = e.id AND a.present = 1)"
    " FROM course_enrolments e";

Enrolment read_row(sqlite::Statement& st) {
  Enrolment e;
  e.id = st.int64(0);
  e.course_id = st.int64(1);
  e.name = st.text(2);
  e.phone = st.text(3);
  e.town = st.text(4);
  e.station = st.text(5);
  e.birth_year = st.int64(6);
  e.status = st.text(7);
  e.enrolled_at = st.text(8);
  e.promoted_at = st.text(9);
  e.cancelled_at = st.text(10);
  e.completed_at = st.text(11);
  e.note = st.text(12);
  e.created_by = st.text(13);
  e.updated_by = st.text(14);
  e.updated_at = st.text(15);
  e.position = st.int64(16);
  e.attended = st.int64(17);
  return e;
}

// The participation condition (parameters: ?1 year as text, ?2 town or '', ?4 station or '').
constexpr const char* kTakingPart =
    " FROM course_enrolments e WHERE e.status IN ('enrolled', 'completed')"
    " AND (?2 = '' OR e.town = ?2) AND (?4 = '' OR e.station = ?4) AND ("
    "  EXISTS (SELECT 1 FROM course_sessions s WHERE s.course_id = e.course_id"
    "          AND s.status = 'scheduled' AND substr(s.starts_at, 1, 4) = ?1)"
    "  OR (NOT EXISTS (SELECT 1 FROM course_sessions s WHERE s.course_id = e.course_id"
    "                  AND s.status = 'scheduled')"
    "      AND strftime('%Y', e.enrolled_at, '+8 hours') = ?1))";

}  // namespace

std::string enrolment_json(const Enrolment& e) {
  nlohmann::json j;
  j["id"] = e.id;
  j["course_id"] = e.course_id;
  j["name"] = e.name;
  j["phone"] = e.phone;
  j["town"] = e.town;
  j["station"] = e.station;
  j["birth_year"] = e.birth_year;
  j["status"] = e.status;
  j["enrolled_at"] = e.enrolled_at;
  j["promoted_at"] = e.promoted_at;
  j["cancelled_at"] = e.cancelled_at;
  j["completed_at"] = e.completed_at;
  j["note"] = e.note;
  j["updated_by"] = e.updated_by;
  j["updated_at"] = e.updated_at;
  return j.dump();
}

void pack_enrolment(msgpack::packer<mp::StringStream>& pk, const Enrolment& e, bool pii) {
  auto stamp = [&](const std::string& s) {
    if (s.empty()) {
      pk.pack_nil();
    } else {
      pk.pack(s);
    }
  };
  pk.pack_map(18);
  pk.pack("id"), pk.pack(e.id);
  pk.pack("course_id"), pk.pack(e.course_id);
  pk.pack("name"), pk.pack(e.name);
  pk.pack("phone"), pk.pack(pii ? e.phone : library::mask_phone(e.phone));
  pk.pack("town"), pk.pack(e.town);
  pk.pack("station"), pk.pack(e.station);
  pk.pack("birth_year"), pk.pack(e.birth_year);
  pk.pack("status"), pk.pack(e.status);
  pk.pack("position");
  if (e.status == "waitlisted") {
    pk.pack(e.position);
  } else {
    pk.pack_nil();
  }
  pk.pack("attended"), pk.pack(e.attended);
  pk.pack("enrolled_at"), pk.pack(e.enrolled_at);
  pk.pack("promoted_at"), stamp(e.promoted_at);
  pk.pack("cancelled_at"), stamp(e.cancelled_at);
  pk.pack("completed_at"), stamp(e.completed_at);
  pk.pack("note"), pk.pack(e.note);
  pk.pack("created_by"), pk.pack(e.created_by);
  pk.pack("updated_by"), pk.pack(e.updated_by);
  pk.pack("updated_at"), pk.pack(e.updated_at);
}

std::string enrolment_bytes(const Enrolment& e, bool pii) {
  std::string out;
  mp::StringStream stream(out);
  msgpack::packer<mp::StringStream> pk(stream);
  pack_enrolment(pk, e, pii);
  return out;
}

Status EnrolmentStore::insert(Enrolment& e) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement * st,
      db_.cached("INSERT INTO course_enrolments(course_id, name, phone, town, station,"
                 " birth_year, status, enrolled_at, promoted_at, cancelled_at, completed_at,"
                 " note, created_by, updated_by, updated_at)"
                 " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
  CEDU_RETURN_IF_ERROR(st->bind(1, e.course_id));
  CEDU_RETURN_IF_ERROR(st->bind_text(2, e.name));
  CEDU_RETURN_IF_ERROR(st->bind_text(3, e.phone));
  CEDU_RETURN_IF_ERROR(st->bind_text(4, e.town));
  CEDU_RETURN_IF_ERROR(st->bind_text(5, e.station));
  CEDU_RETURN_IF_ERROR(st->bind(6, e.birth_year));
  CEDU_RETURN_IF_ERROR(st->bind_text(7, e.status));
  CEDU_RETURN_IF_ERROR(st->bind_text(8, e.enrolled_at));
  CEDU_RETURN_IF_ERROR(st->bind_text(9, e.promoted_at));
  CEDU_RETURN_IF_ERROR(st->bind_text(10, e.cancelled_at));
  CEDU_RETURN_IF_ERROR(st->bind_text(11, e.completed_at));
  CEDU_RETURN_IF_ERROR(st->bind_text(12, e.note));
  CEDU_RETURN_IF_ERROR(st->bind_text(13, e.created_by));
  CEDU_RETURN_IF_ERROR(st->bind_text(14, e.updated_by));
  CEDU_RETURN_IF_ERROR(st->bind_text(15, e.updated_at));
  CEDU_RETURN_IF_ERROR(st->run());
  e.id = db_.last_insert_rowid();
  return Status::ok();
}

Result<std::vector<Enrolment>> EnrolmentStore::read_all(sqlite::Statement& st) {
  return sqlite::collect_rows(st, read_row);
}

Result<Enrolment> EnrolmentStore::get(std::int64_t id) {
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement st, db_.prepare(std::string(kSelect) + " WHERE e.id = ?"));
  CEDU_RETURN_IF_ERROR(st.bind(1, id));
  CEDU_ASSIGN_OR_RETURN(auto rows, read_all(st));
  if (rows.empty()) {
    return Status::not_found("there is no enrolment " + std::to_string(id), "enrolment_id");
  }
  return std::move(rows.front());
}

Status EnrolmentStore::update(const Enrolment& e) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement * st,
      db_.cached("UPDATE course_enrolments SET status = ?, promoted_at = ?, cancelled_at = ?,"
                 " completed_at = ?, note = ?, updated_by = ?, updated_at = ? WHERE id = ?"));
  CEDU_RETURN_IF_ERROR(st->bind_text(1, e.status));
  CEDU_RETURN_IF_ERROR(st->bind_text(2, e.promoted_at));
  CEDU_RETURN_IF_ERROR(st->bind_text(3, e.cancelled_at));
  CEDU_RETURN_IF_ERROR(st->bind_text(4, e.completed_at));
  CEDU_RETURN_IF_ERROR(st->bind_text(5, e.note));
  CEDU_RETURN_IF_ERROR(st->bind_text(6, e.updated_by));
  CEDU_RETURN_IF_ERROR(st->bind_text(7, e.updated_at));
  CEDU_RETURN_IF_ERROR(st->bind(8, e.id));
  CEDU_RETURN_IF_ERROR(st->run());
  if (db_.changes() != 1) {
    return Status::not_found("there is no enrolment " + std::to_string(e.id), "enrolment_id");
  }
  return Status::ok();
}

Result<std::optional<Enrolment>> EnrolmentStore::active_by_phone(std::int64_t course_id,
                                                                 const std::string& phone) {
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement st,
                        db_.prepare(std::string(kSelect) +
                                    " WHERE e.course_id = ? AND e.phone = ? AND e.status <> 'cancelled'"));
  CEDU_RETURN_IF_ERROR(st.bind(1, course_id));
  CEDU_RETURN_IF_ERROR(st.bind_text(2, phone));
  CEDU_ASSIGN_OR_RETURN(auto rows, read_all(st));
  if (rows.empty()) return std::optional<Enrolment>();
  return std::optional<Enrolment>(std::move(rows.front()));
}

Result<std::int64_t> EnrolmentStore::count(std::int64_t course_id, const std::string& status) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement * st,
      db_.cached("SELECT COUNT(*) FROM course_enrolments WHERE course_id = ? AND status = ?"));
  CEDU_RETURN_IF_ERROR(st->bind(1, course_id));
  CEDU_RETURN_IF_ERROR(st->bind_text(2, status));
  CEDU_ASSIGN_OR_RETURN(bool row, st->step());
  const std::int64_t n = row ? st->int64(0) : 0;
  st->reset();
  return n;
}

Result<std::optional<Enrolment>> EnrolmentStore::first_waitlisted(std::int64_t course_id) {
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement st,
                        db_.prepare(std::string(kSelect) +
                                    " WHERE e.course_id = ? AND e.status = 'waitlisted'"
                                    " ORDER BY e.id LIMIT 1"));
  CEDU_RETURN_IF_ERROR(st.bind(1, course_id));
  CEDU_ASSIGN_OR_RETURN(auto rows, read_all(st));
  if (rows.empty()) return std::optional<Enrolment>();
  return std::optional<Enrolment>(std::move(rows.front()));
}

Result<std::vector<Enrolment>> EnrolmentStore::list(const EnrolmentQuery& q) {
  std::string sql = std::string(kSelect) + " WHERE e.course_id = ?1 AND e.id > ?2";
  if (q.status) sql += " AND e.status = ?3";
  if (q.town) sql += " AND e.town = ?4";
  if (q.station) sql += " AND e.station = ?5";
  sql += " ORDER BY e.id LIMIT ?6";
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement st, db_.prepare(sql));
  CEDU_RETURN_IF_ERROR(st.bind(1, q.course_id));
  CEDU_RETURN_IF_ERROR(st.bind(2, q.after));
  if (q.status) CEDU_RETURN_IF_ERROR(st.bind_text(3, *q.status));
  if (q.town) CEDU_RETURN_IF_ERROR(st.bind_text(4, *q.town));
  if (q.station) CEDU_RETURN_IF_ERROR(st.bind_text(5, *q.station));
  CEDU_RETURN_IF_ERROR(st.bind(6, static_cast<std::int64_t>(q.limit)));
  return read_all(st);
}

Status EnrolmentStore::set_attendance(std::int64_t enrolment_id, std::int64_t session_id,
                                      bool present, const std::string& by, const std::string& at) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement * st,
      db_.cached("INSERT INTO course_attendance(enrolment_id, session_id, present, recorded_by,"
                 " recorded_at) VALUES(?,?,?,?,?) ON CONFLICT(enrolment_id, session_id) DO UPDATE"
                 " SET present = excluded.present, recorded_by = excluded.recorded_by,"
                 " recorded_at = excluded.recorded_at"));
  CEDU_RETURN_IF_ERROR(st->bind(1, enrolment_id));
  CEDU_RETURN_IF_ERROR(st->bind(2, session_id));
  CEDU_RETURN_IF_ERROR(st->bind(3, present ? 1 : 0));
  CEDU_RETURN_IF_ERROR(st->bind_text(4, by));
  CEDU_RETURN_IF_ERROR(st->bind_text(5, at));
  return st->run();
}

Result<std::optional<bool>> EnrolmentStore::attendance(std::int64_t enrolment_id,
                                                       std::int64_t session_id) {
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement * st,
                        db_.cached("SELECT present FROM course_attendance"
                                   " WHERE enrolment_id = ? AND session_id = ?"));
  CEDU_RETURN_IF_ERROR(st->bind(1, enrolment_id));
  CEDU_RETURN_IF_ERROR(st->bind(2, session_id));
  CEDU_ASSIGN_OR_RETURN(bool row, st->step());
  std::optional<bool> out;
  if (row) out = st->int64(0) != 0;
  st->reset();
  return out;
}

Result<std::map<std::string, Participation>> EnrolmentStore::participation(
    std::int64_t year, const std::string& town, const std::string& station) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement st,
      db_.prepare(std::string("SELECT e.town, COUNT(DISTINCT e.phone),"
                              " COUNT(DISTINCT CASE WHEN ?3 - e.birth_year >= 60 THEN e.phone END)") +
                  kTakingPart + " GROUP BY e.town ORDER BY e.town"));
  CEDU_RETURN_IF_ERROR(st.bind_text(1, std::to_string(year)));
  CEDU_RETURN_IF_ERROR(st.bind_text(2, town));
  CEDU_RETURN_IF_ERROR(st.bind(3, year));
  CEDU_RETURN_IF_ERROR(st.bind_text(4, station));
  std::map<std::string, Participation> out;
  for (;;) {
    CEDU_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    out[st.text(0)] = Participation{st.int64(1), st.int64(2)};
  }
  return out;
}

Result<Participation> EnrolmentStore::participation_total(std::int64_t year, const std::string& town,
                                                          const std::string& station) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement st,
      db_.prepare(std::string("SELECT COUNT(DISTINCT e.phone),"
                              " COUNT(DISTINCT CASE WHEN ?3 - e.birth_year >= 60 THEN e.phone END)") +
                  kTakingPart));
  CEDU_RETURN_IF_ERROR(st.bind_text(1, std::to_string(year)));
  CEDU_RETURN_IF_ERROR(st.bind_text(2, town));
  CEDU_RETURN_IF_ERROR(st.bind(3, year));
  CEDU_RETURN_IF_ERROR(st.bind_text(4, station));
  CEDU_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return Participation{};
  return Participation{st.int64(0), st.int64(1)};
}

}  // namespace cedu::course
