#include "services/evaluation/objection_store.h"

namespace cedu::evaluation {
namespace {

constexpr const char* kColumns =
    "SELECT id, round_id, organisation_id, text, status, reply, lodged_by, lodged_at,"
    " answered_by, answered_at FROM objections";

Objection read_objection(const sqlite::Statement& st) {
  return {st.int64(0), st.int64(1), st.int64(2), st.text(3), st.text(4),
          st.text(5),  st.text(6),  st.text(7),  st.text(8), st.text(9)};
}

}  // namespace

std::string_view objection_status_label(std::string_view status) {
  if (status == "open") return "待答复";
  if (status == "upheld") return "成立";
  if (status == "dismissed") return "不成立";
  return status;
}

std::string objection_tables_sql() {
  return "CREATE TABLE objections ("
         " id INTEGER PRIMARY KEY AUTOINCREMENT, round_id INTEGER NOT NULL REFERENCES rounds(id),"
         " organisation_id INTEGER NOT NULL, text TEXT NOT NULL, status TEXT NOT NULL,"
         " reply TEXT NOT NULL, lodged_by TEXT NOT NULL, lodged_at TEXT NOT NULL,"
         " answered_by TEXT NOT NULL, answered_at TEXT NOT NULL);"
         "CREATE INDEX objections_round ON objections(round_id, status);";
}

Status insert_objection(sqlite::Database& db, Objection& o) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement st,
      db.prepare("INSERT INTO objections (round_id, organisation_id, text, status, reply,"
                 " lodged_by, lodged_at, answered_by, answered_at)"
                 " VALUES (?1, ?2, ?3, 'open', '', ?4, ?5, '', '')"));
  CEDU_RETURN_IF_ERROR(st.bind(1, o.round_id));
  CEDU_RETURN_IF_ERROR(st.bind(2, o.organisation_id));
  CEDU_RETURN_IF_ERROR(st.bind_text(3, o.text));
  CEDU_RETURN_IF_ERROR(st.bind_text(4, o.lodged_by));
  CEDU_RETURN_IF_ERROR(st.bind_text(5, o.lodged_at));
  CEDU_RETURN_IF_ERROR(st.run());
  o.id = db.last_insert_rowid();
  o.status = "open";
  return Status::ok();
}

Result<Objection> get_objection(sqlite::Database& db, std::int64_t id, const std::string& field) {
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement st, db.prepare(std::string(kColumns) + " WHERE id = ?1"));
  CEDU_RETURN_IF_ERROR(st.bind(1, id));
  CEDU_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return Status::not_found("no objection " + std::to_string(id), field);
  return read_objection(st);
}

Status answer_objection(sqlite::Database& db, const Objection& a, const std::string& field) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement st,
      db.prepare("UPDATE objections SET status = ?1, reply = ?2, answered_by = ?3,"
                 " answered_at = ?4 WHERE id = ?5 AND status = 'open'"));
  CEDU_RETURN_IF_ERROR(st.bind_text(1, a.status));
  CEDU_RETURN_IF_ERROR(st.bind_text(2, a.reply));
  CEDU_RETURN_IF_ERROR(st.bind_text(3, a.answered_by));
  CEDU_RETURN_IF_ERROR(st.bind_text(4, a.answered_at));
  CEDU_RETURN_IF_ERROR(st.bind(5, a.id));
  CEDU_RETURN_IF_ERROR(st.run());
  if (db.changes() == 0) {
    return Status::failed_precondition("objection " + std::to_string(a.id) +
                                           " has been answered already", field);
  }
  return Status::ok();
}

Result<std::vector<Objection>> objections_of_round(sqlite::Database& db, std::int64_t round_id,
                                                   std::optional<std::int64_t> organisation_id,
                                                   std::optional<std::string> status) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement st,
      db.prepare(std::string(kColumns) +
                 " WHERE round_id = ?1 AND (?2 IS NULL OR organisation_id = ?2)"
                 " AND (?3 IS NULL OR status = ?3) ORDER BY id"));
  CEDU_RETURN_IF_ERROR(st.bind(1, round_id));
  CEDU_RETURN_IF_ERROR(organisation_id ? st.bind(2, *organisation_id) : st.bind_null(2));
  CEDU_RETURN_IF_ERROR(status ? st.bind_text(3, *status) : st.bind_null(3));
  return sqlite::collect_rows(st, read_objection);
}

}  // namespace cedu::evaluation
