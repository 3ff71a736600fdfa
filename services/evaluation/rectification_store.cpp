#include "services/evaluation/rectification_store.h"

namespace cedu::evaluation {
namespace {

constexpr const char* kColumns =
    "SELECT id, round_id, organisation_id, town, station, owner, task, deadline, status, note,"
    " reply, version, created_by, created_at, updated_by, updated_at FROM rectifications";

Rectification read_task(const sqlite::Statement& st) {
  Rectification t;
  t.id = st.int64(0);
  t.round_id = st.int64(1);
  t.organisation_id = st.int64(2);
  t.town = st.text(3);
  t.station = st.text(4);
  t.owner = st.text(5);
  t.task = st.text(6);
  t.deadline = st.text(7);
  t.status = st.text(8);
  t.note = st.text(9);
  t.reply = st.text(10);
  t.version = st.int64(11);
  t.created_by = st.text(12);
  t.created_at = st.text(13);
  t.updated_by = st.text(14);
  t.updated_at = st.text(15);
  return t;
}

}  // namespace

std::string_view rectification_status_label(std::string_view status) {
  if (status == "open") return "整改中";
  if (status == "submitted") return "已提交";
  if (status == "accepted") return "已验收";
  return status;
}

Result<std::string> rectification_step(std::string_view status, std::string_view action,
                                       const std::string& field) {
  if (action == "submit") {
    if (status == "open") return std::string("submitted");
    return Status::failed_precondition("a task that is " + std::string(status) +
                                           " cannot be submitted: only an open one", field);
  }
  if (action == "accept" || action == "reject") {
    if (status == "submitted") return std::string(action == "accept" ? "accepted" : "open");
    return Status::failed_precondition("a task that is " + std::string(status) + " cannot be " +
                                           (action == "accept" ? "accepted" : "rejected") +
                                           ": only a submitted one", field);
  }
  return Status::invalid_argument("unknown action '" + std::string(action) +
                                      "' (submit, accept, reject)", field);
}

bool rectification_overdue(const Rectification& task, std::string_view today) {
  return task.status != "accepted" && today > task.deadline;  // YYYY-MM-DD sorts as dates
}

std::string rectification_tables_sql() {
  return "CREATE TABLE rectifications ("
         " id INTEGER PRIMARY KEY AUTOINCREMENT, round_id INTEGER NOT NULL REFERENCES rounds(id),"
         " organisation_id INTEGER NOT NULL, town TEXT NOT NULL, station TEXT NOT NULL,"
         " owner TEXT NOT NULL, task TEXT NOT NULL, deadline TEXT NOT NULL, status TEXT NOT NULL,"
         " note TEXT NOT NULL, reply TEXT NOT NULL, version INTEGER NOT NULL,"
         " created_by TEXT NOT NULL, created_at TEXT NOT NULL, updated_by TEXT NOT NULL,"
         " updated_at TEXT NOT NULL);"
         "CREATE INDEX rectifications_round ON rectifications(round_id, organisation_id);"
         "CREATE INDEX rectifications_town ON rectifications(town, status);";
}

Status insert_rectification(sqlite::Database& db, Rectification& t) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement st,
      db.prepare("INSERT INTO rectifications (round_id, organisation_id, town, station, owner,"
                 " task, deadline, status, note, reply, version, created_by, created_at,"
                 " updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open', '', '', 1,"
                 " ?8, ?9, ?8, ?9)"));
  CEDU_RETURN_IF_ERROR(st.bind(1, t.round_id));
  CEDU_RETURN_IF_ERROR(st.bind(2, t.organisation_id));
  CEDU_RETURN_IF_ERROR(st.bind_text(3, t.town));
  CEDU_RETURN_IF_ERROR(st.bind_text(4, t.station));
  CEDU_RETURN_IF_ERROR(st.bind_text(5, t.owner));
  CEDU_RETURN_IF_ERROR(st.bind_text(6, t.task));
  CEDU_RETURN_IF_ERROR(st.bind_text(7, t.deadline));
  CEDU_RETURN_IF_ERROR(st.bind_text(8, t.created_by));
  CEDU_RETURN_IF_ERROR(st.bind_text(9, t.created_at));
  CEDU_RETURN_IF_ERROR(st.run());
  t.id = db.last_insert_rowid();
  t.status = "open";
  t.version = 1;
  t.updated_by = t.created_by;
  t.updated_at = t.created_at;
  return Status::ok();
}

Result<Rectification> get_rectification(sqlite::Database& db, std::int64_t id,
                                        const std::string& field) {
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement st, db.prepare(std::string(kColumns) + " WHERE id = ?1"));
  CEDU_RETURN_IF_ERROR(st.bind(1, id));
  CEDU_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return Status::not_found("no rectification task " + std::to_string(id), field);
  return read_task(st);
}

Status update_rectification(sqlite::Database& db, Rectification& t, std::int64_t expected_version,
                            const std::string& field) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement st,
      db.prepare("UPDATE rectifications SET status = ?1, note = ?2, reply = ?3, updated_by = ?4,"
                 " updated_at = ?5, version = version + 1 WHERE id = ?6 AND version = ?7"));
  CEDU_RETURN_IF_ERROR(st.bind_text(1, t.status));
  CEDU_RETURN_IF_ERROR(st.bind_text(2, t.note));
  CEDU_RETURN_IF_ERROR(st.bind_text(3, t.reply));
  CEDU_RETURN_IF_ERROR(st.bind_text(4, t.updated_by));
  CEDU_RETURN_IF_ERROR(st.bind_text(5, t.updated_at));
  CEDU_RETURN_IF_ERROR(st.bind(6, t.id));
  CEDU_RETURN_IF_ERROR(st.bind(7, expected_version));
  CEDU_RETURN_IF_ERROR(st.run());
  if (db.changes() == 0) {
    return Status::conflict("rectification task " + std::to_string(t.id) + " is not at version " +
                                std::to_string(expected_version) + ": reload it and retry", field);
  }
  t.version = expected_version + 1;
  return Status::ok();
}

Result<std::vector<Rectification>> list_rectifications(sqlite::Database& db,
                                                        const RectificationFilter& f) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement st,
      db.prepare(std::string(kColumns) +
                 " WHERE (?1 IS NULL OR round_id = ?1) AND (?2 IS NULL OR organisation_id = ?2)"
                 " AND (?3 IS NULL OR town = ?3) AND (?4 IS NULL OR status = ?4) ORDER BY id"));
  CEDU_RETURN_IF_ERROR(f.round_id ? st.bind(1, *f.round_id) : st.bind_null(1));
  CEDU_RETURN_IF_ERROR(f.organisation_id ? st.bind(2, *f.organisation_id) : st.bind_null(2));
  CEDU_RETURN_IF_ERROR(f.town ? st.bind_text(3, *f.town) : st.bind_null(3));
  CEDU_RETURN_IF_ERROR(f.status ? st.bind_text(4, *f.status) : st.bind_null(4));
  return sqlite::collect_rows(st, read_task);
}

}  // namespace cedu::evaluation
