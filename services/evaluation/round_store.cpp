#include "services/evaluation/round_store.h"

#include <charconv>

namespace cedu::evaluation {
namespace {

// Evaluators are stored as "self:30,town:30,district:30,residents:10".
std::string evaluators_text(const std::vector<EvaluatorWeight>& evaluators) {
  std::string out;
  for (const EvaluatorWeight& e : evaluators) {
    if (!out.empty()) out += ',';
    out += e.role + ":" + std::to_string(e.weight);
  }
  return out;
}

std::vector<EvaluatorWeight> evaluators_from(std::string_view text) {
  std::vector<EvaluatorWeight> out;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    std::string_view item = text.substr(0, comma);
    const std::size_t colon = item.find(':');
    EvaluatorWeight e{std::string(item.substr(0, colon)), 0};
    std::string_view w = item.substr(colon + 1);
    std::from_chars(w.data(), w.data() + w.size(), e.weight);
    out.push_back(std::move(e));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  return out;
}

constexpr const char* kRoundColumns =
    "SELECT id, name, year, org_type, standard, standard_version, evaluators, deadline, stage,"
    " version, created_by, created_at, updated_by, updated_at FROM rounds";

Round read_round(const sqlite::Statement& st) {
  Round r;
  r.id = st.int64(0);
  r.name = st.text(1);
  r.year = static_cast<int>(st.int64(2));
  r.org_type = st.text(3);
  r.standard = st.text(4);
  r.standard_version = static_cast<int>(st.int64(5));
  r.evaluators = evaluators_from(st.text(6));
  r.deadline = st.text(7);
  r.stage = stage_from_name(st.text(8)).value_or(Stage::kDraft);
  r.version = st.int64(9);
  r.created_by = st.text(10);
  r.created_at = st.text(11);
  r.updated_by = st.text(12);
  r.updated_at = st.text(13);
  return r;
}

// Evaluations selected by `where` (bound to `id`), ordered by `order`, with their parts.
Result<std::vector<EvaluationRow>> evaluations_where(sqlite::Database& db, std::string_view where,
                                                     std::string_view order, std::int64_t id) {
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement st,
                        db.prepare("SELECT e.id, e.round_id, e.organisation_id, e.standard,"
                                   " e.standard_version FROM evaluations e WHERE " +
                                   std::string(where) + " ORDER BY " + std::string(order)));
  CEDU_RETURN_IF_ERROR(st.bind(1, id));
  std::vector<EvaluationRow> rows;
  while (true) {
    CEDU_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    rows.push_back({st.int64(0), st.int64(1), st.int64(2), st.text(3),
                    static_cast<int>(st.int64(4)), {}});
  }
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement parts,
                        db.prepare("SELECT evaluator, total, complete, missing, inputs, scored_by,"
                                   " scored_at FROM evaluation_parts WHERE evaluation_id = ?1"
                                   " ORDER BY evaluator"));
  for (EvaluationRow& e : rows) {
    parts.reset();
    CEDU_RETURN_IF_ERROR(parts.bind(1, e.id));
    while (true) {
      CEDU_ASSIGN_OR_RETURN(bool row, parts.step());
      if (!row) break;
      e.parts.push_back({parts.text(0), parts.int64(1), parts.int64(2) != 0,
                         static_cast<int>(parts.int64(3)), parts.blob(4), parts.text(5),
                         parts.text(6)});
    }
  }
  return rows;
}

}  // namespace

sqlite::Migration round_migration() {
  return {2, "evaluation rounds and evaluations",
          "CREATE TABLE rounds ("
          " id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, year INTEGER NOT NULL,"
          " org_type TEXT NOT NULL, standard TEXT NOT NULL, standard_version INTEGER NOT NULL,"
          " evaluators TEXT NOT NULL, deadline TEXT NOT NULL, stage TEXT NOT NULL,"
          " version INTEGER NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL,"
          " updated_by TEXT NOT NULL, updated_at TEXT NOT NULL);"
          "CREATE TABLE evaluations ("
          " id INTEGER PRIMARY KEY AUTOINCREMENT, round_id INTEGER NOT NULL REFERENCES rounds(id),"
          " organisation_id INTEGER NOT NULL, standard TEXT NOT NULL,"
          " standard_version INTEGER NOT NULL, UNIQUE (round_id, organisation_id));"
          "CREATE INDEX evaluations_organisation ON evaluations(organisation_id);"
          "CREATE TABLE evaluation_parts ("
          " evaluation_id INTEGER NOT NULL REFERENCES evaluations(id), evaluator TEXT NOT NULL,"
          " total INTEGER NOT NULL, complete INTEGER NOT NULL, missing INTEGER NOT NULL,"
          " inputs BLOB NOT NULL, scored_by TEXT NOT NULL, scored_at TEXT NOT NULL,"
          " PRIMARY KEY (evaluation_id, evaluator));",
          {}};
}

Status insert_round(sqlite::Database& db, Round& round) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement st,
      db.prepare("INSERT INTO rounds (name, year, org_type, standard, standard_version,"
                 " evaluators, deadline, stage, version, created_by, created_at, updated_by,"
                 " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1, ?9, ?10, ?9, ?10)"));
  CEDU_RETURN_IF_ERROR(st.bind_text(1, round.name));
  CEDU_RETURN_IF_ERROR(st.bind(2, round.year));
  CEDU_RETURN_IF_ERROR(st.bind_text(3, round.org_type));
  CEDU_RETURN_IF_ERROR(st.bind_text(4, round.standard));
  CEDU_RETURN_IF_ERROR(st.bind(5, round.standard_version));
  CEDU_RETURN_IF_ERROR(st.bind_text(6, evaluators_text(round.evaluators)));
  CEDU_RETURN_IF_ERROR(st.bind_text(7, round.deadline));
  CEDU_RETURN_IF_ERROR(st.bind_text(8, stage_name(Stage::kDraft)));
  CEDU_RETURN_IF_ERROR(st.bind_text(9, round.created_by));
  CEDU_RETURN_IF_ERROR(st.bind_text(10, round.created_at));
  CEDU_RETURN_IF_ERROR(st.run());
  round.id = db.last_insert_rowid();
  round.version = 1;
  round.stage = Stage::kDraft;
  round.updated_by = round.created_by;
  round.updated_at = round.created_at;
  return Status::ok();
}

Result<Round> get_round(sqlite::Database& db, std::int64_t id, const std::string& field) {
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement st,
                        db.prepare(std::string(kRoundColumns) + " WHERE id = ?1"));
  CEDU_RETURN_IF_ERROR(st.bind(1, id));
  CEDU_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return Status::not_found("no evaluation round " + std::to_string(id), field);
  return read_round(st);
}

Status update_round_stage(sqlite::Database& db, Round& round, std::int64_t expected_version,
                          const std::string& field) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement st,
      db.prepare("UPDATE rounds SET stage = ?1, version = version + 1, updated_by = ?2,"
                 " updated_at = ?3 WHERE id = ?4 AND version = ?5"));
  CEDU_RETURN_IF_ERROR(st.bind_text(1, stage_name(round.stage)));
  CEDU_RETURN_IF_ERROR(st.bind_text(2, round.updated_by));
  CEDU_RETURN_IF_ERROR(st.bind_text(3, round.updated_at));
  CEDU_RETURN_IF_ERROR(st.bind(4, round.id));
  CEDU_RETURN_IF_ERROR(st.bind(5, expected_version));
  CEDU_RETURN_IF_ERROR(st.run());
  if (db.changes() == 0) {
    return Status::conflict("evaluation round " + std::to_string(round.id) +
                                " is not at version " + std::to_string(expected_version) +
                                ": reload it and retry", field);
  }
  round.version = expected_version + 1;
  return Status::ok();
}

Result<std::int64_t> evaluation_for(sqlite::Database& db, const Round& round,
                                    std::int64_t organisation_id) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement insert,
      db.prepare("INSERT INTO evaluations (round_id, organisation_id, standard, standard_version)"
                 " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (round_id, organisation_id) DO NOTHING"));
  CEDU_RETURN_IF_ERROR(insert.bind(1, round.id));
  CEDU_RETURN_IF_ERROR(insert.bind(2, organisation_id));
  CEDU_RETURN_IF_ERROR(insert.bind_text(3, round.standard));
  CEDU_RETURN_IF_ERROR(insert.bind(4, round.standard_version));
  CEDU_RETURN_IF_ERROR(insert.run());
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement st,
      db.prepare("SELECT id FROM evaluations WHERE round_id = ?1 AND organisation_id = ?2"));
  CEDU_RETURN_IF_ERROR(st.bind(1, round.id));
  CEDU_RETURN_IF_ERROR(st.bind(2, organisation_id));
  CEDU_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return Status::internal("evaluation of organisation " + std::to_string(organisation_id) +
                                    " vanished");
  return st.int64(0);
}

Status put_part(sqlite::Database& db, std::int64_t evaluation_id, const EvaluationPart& part) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement st,
      db.prepare("INSERT OR REPLACE INTO evaluation_parts (evaluation_id, evaluator, total,"
                 " complete, missing, inputs, scored_by, scored_at)"
                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"));
  CEDU_RETURN_IF_ERROR(st.bind(1, evaluation_id));
  CEDU_RETURN_IF_ERROR(st.bind_text(2, part.evaluator));
  CEDU_RETURN_IF_ERROR(st.bind(3, part.total));
  CEDU_RETURN_IF_ERROR(st.bind(4, part.complete ? 1 : 0));
  CEDU_RETURN_IF_ERROR(st.bind(5, part.missing));
  CEDU_RETURN_IF_ERROR(st.bind_blob(6, part.inputs));
  CEDU_RETURN_IF_ERROR(st.bind_text(7, part.scored_by));
  CEDU_RETURN_IF_ERROR(st.bind_text(8, part.scored_at));
  return st.run();
}

Result<std::vector<EvaluationRow>> evaluations_of_round(sqlite::Database& db, std::int64_t round_id) {
  return evaluations_where(db, "e.round_id = ?1", "e.organisation_id", round_id);
}

Result<std::vector<EvaluationRow>> evaluations_of_organisation(sqlite::Database& db,
                                                               std::int64_t organisation_id) {
  return evaluations_where(db, "e.organisation_id = ?1", "e.round_id DESC", organisation_id);
}

}  // namespace cedu::evaluation
