#include "services/evaluation/round_store.h"

#include <charconv>

#include "services/evaluation/objection_store.h"
#include "services/evaluation/rectification_store.h"

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
                    static_cast<int>(st.int64(4)), {Attempt{}}});
  }
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement attempts,
                        db.prepare("SELECT attempt, reason, opened_by, opened_at FROM"
                                   " evaluation_attempts WHERE evaluation_id = ?1 ORDER BY attempt"));
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement parts,
                        db.prepare("SELECT attempt, evaluator, total, complete, missing, inputs,"
                                   " scored_by, scored_at FROM evaluation_parts"
                                   " WHERE evaluation_id = ?1 ORDER BY attempt, evaluator"));
  for (EvaluationRow& e : rows) {
    attempts.reset();
    CEDU_RETURN_IF_ERROR(attempts.bind(1, e.id));
    while (true) {
      CEDU_ASSIGN_OR_RETURN(bool row, attempts.step());
      if (!row) break;
      e.attempts.push_back({static_cast<int>(attempts.int64(0)), attempts.text(1),
                            attempts.text(2), attempts.text(3), {}});
    }
    parts.reset();
    CEDU_RETURN_IF_ERROR(parts.bind(1, e.id));
    while (true) {
      CEDU_ASSIGN_OR_RETURN(bool row, parts.step());
      if (!row) break;
      const int number = static_cast<int>(parts.int64(0));
      if (number < 1 || number > static_cast<int>(e.attempts.size())) {
        return Status::internal("evaluation " + std::to_string(e.id) + " has a part of attempt " +
                                std::to_string(number) + " that was never opened");
      }
      e.attempts[static_cast<std::size_t>(number - 1)].parts.push_back(
          {parts.text(1), parts.int64(2), parts.int64(3) != 0, static_cast<int>(parts.int64(4)),
           parts.blob(5), parts.text(6), parts.text(7)});
    }
  }
  return rows;
}

}  // namespace

const EvaluationPart* part_of(const Attempt& a, std::string_view evaluator) {
  for (const EvaluationPart& p : a.parts) {
    if (p.evaluator == evaluator) return &p;
  }
  return nullptr;
}

bool attempt_complete(const Round& round, const Attempt& a) {
  for (const EvaluatorWeight& e : round.evaluators) {
    const EvaluationPart* p = part_of(a, e.role);
    if (p == nullptr || !p->complete) return false;
  }
  return true;
}

CentiPoints attempt_total(const Round& round, const Attempt& a) {
  std::vector<CentiPoints> totals;
  for (const EvaluatorWeight& e : round.evaluators) totals.push_back(part_of(a, e.role)->total);
  return weighted_total(round.evaluators, totals);
}

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

sqlite::Migration round_followup_migration() {
  // evaluation_parts gains the attempt in its key: rebuilt (SQLite cannot change a primary
  // key), its rows becoming attempt 1. evaluations keeps its shape, so nothing that refers
  // to it moves.
  return {3, "re-evaluations, objections and rectification tasks",
          "CREATE TABLE evaluation_attempts ("
          " evaluation_id INTEGER NOT NULL REFERENCES evaluations(id), attempt INTEGER NOT NULL,"
          " reason TEXT NOT NULL, opened_by TEXT NOT NULL, opened_at TEXT NOT NULL,"
          " PRIMARY KEY (evaluation_id, attempt));"
          "CREATE TABLE evaluation_parts_v3 ("
          " evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),"
          " attempt INTEGER NOT NULL DEFAULT 1, evaluator TEXT NOT NULL,"
          " total INTEGER NOT NULL, complete INTEGER NOT NULL, missing INTEGER NOT NULL,"
          " inputs BLOB NOT NULL, scored_by TEXT NOT NULL, scored_at TEXT NOT NULL,"
          " PRIMARY KEY (evaluation_id, attempt, evaluator));"
          "INSERT INTO evaluation_parts_v3 (evaluation_id, attempt, evaluator, total, complete,"
          " missing, inputs, scored_by, scored_at) SELECT evaluation_id, 1, evaluator, total,"
          " complete, missing, inputs, scored_by, scored_at FROM evaluation_parts;"
          "DROP TABLE evaluation_parts;"
          "ALTER TABLE evaluation_parts_v3 RENAME TO evaluation_parts;" +
              objection_tables_sql() + rectification_tables_sql(),
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

Result<std::optional<Round>> newest_round(sqlite::Database& db, int year,
                                          const std::string& org_type, Stage stage) {
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement st,
                        db.prepare(std::string(kRoundColumns) +
                                   " WHERE year = ?1 AND org_type = ?2 AND stage = ?3"
                                   " ORDER BY id DESC LIMIT 1"));
  CEDU_RETURN_IF_ERROR(st.bind(1, year));
  CEDU_RETURN_IF_ERROR(st.bind_text(2, org_type));
  CEDU_RETURN_IF_ERROR(st.bind_text(3, stage_name(stage)));
  CEDU_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return std::optional<Round>();
  return std::optional<Round>(read_round(st));
}

Result<std::vector<Round>> list_rounds(sqlite::Database& db, const RoundFilter& filter,
                                       std::int64_t after, std::int64_t limit) {
  // An absent filter binds NULL and matches every row.
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement st,
                        db.prepare(std::string(kRoundColumns) +
                                   " WHERE id > ?1 AND (?2 IS NULL OR year = ?2)"
                                   " AND (?3 IS NULL OR org_type = ?3)"
                                   " AND (?4 IS NULL OR stage = ?4) AND (?5 IS NULL OR name = ?5)"
                                   " ORDER BY id LIMIT ?6"));
  CEDU_RETURN_IF_ERROR(st.bind(1, after));
  if (filter.year) CEDU_RETURN_IF_ERROR(st.bind(2, *filter.year));
  if (filter.org_type) CEDU_RETURN_IF_ERROR(st.bind_text(3, *filter.org_type));
  if (filter.stage) CEDU_RETURN_IF_ERROR(st.bind_text(4, stage_name(*filter.stage)));
  if (filter.name) CEDU_RETURN_IF_ERROR(st.bind_text(5, *filter.name));
  CEDU_RETURN_IF_ERROR(st.bind(6, limit));
  return sqlite::collect_rows(st, read_round);
}

Status update_round(sqlite::Database& db, Round& round, std::int64_t expected_version,
                    const std::string& field) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement st,
      db.prepare("UPDATE rounds SET stage = ?1, version = version + 1, updated_by = ?2,"
                 " updated_at = ?3, deadline = ?6, name = ?7 WHERE id = ?4 AND version = ?5"));
  CEDU_RETURN_IF_ERROR(st.bind_text(6, round.deadline));
  CEDU_RETURN_IF_ERROR(st.bind_text(7, round.name));
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

Status put_part(sqlite::Database& db, std::int64_t evaluation_id, int attempt,
                const EvaluationPart& part) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement st,
      db.prepare("INSERT OR REPLACE INTO evaluation_parts (evaluation_id, evaluator, total,"
                 " complete, missing, inputs, scored_by, scored_at, attempt)"
                 " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"));
  CEDU_RETURN_IF_ERROR(st.bind(9, attempt));
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

Status open_attempt(sqlite::Database& db, std::int64_t evaluation_id, int number,
                    const std::string& reason, const std::string& by, const std::string& at) {
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement st,
      db.prepare("INSERT INTO evaluation_attempts (evaluation_id, attempt, reason, opened_by,"
                 " opened_at) VALUES (?1, ?2, ?3, ?4, ?5)"));
  CEDU_RETURN_IF_ERROR(st.bind(1, evaluation_id));
  CEDU_RETURN_IF_ERROR(st.bind(2, number));
  CEDU_RETURN_IF_ERROR(st.bind_text(3, reason));
  CEDU_RETURN_IF_ERROR(st.bind_text(4, by));
  CEDU_RETURN_IF_ERROR(st.bind_text(5, at));
  return st.run();
}

Result<int> open_reevaluation(sqlite::Database& db, const Round& round, const EvaluationRow& row,
                              const std::string& reason, const std::string& by,
                              const std::string& at) {
  const Attempt& newest = row.newest();
  if (newest.number > 1 && !attempt_complete(round, newest)) return newest.number;
  CEDU_RETURN_IF_ERROR(open_attempt(db, row.id, newest.number + 1, reason, by, at));
  return newest.number + 1;
}

Result<EvaluationRow> evaluation_of(sqlite::Database& db, std::int64_t round_id,
                                    std::int64_t organisation_id, const std::string& field) {
  CEDU_ASSIGN_OR_RETURN(auto rows, evaluations_of_organisation(db, organisation_id));
  for (EvaluationRow& row : rows) {
    if (row.round_id == round_id) return std::move(row);
  }
  return Status::not_found("organisation " + std::to_string(organisation_id) +
                               " has no evaluation in round " + std::to_string(round_id), field);
}

Result<std::vector<EvaluationRow>> evaluations_of_round(sqlite::Database& db, std::int64_t round_id) {
  return evaluations_where(db, "e.round_id = ?1", "e.organisation_id", round_id);
}

Result<std::vector<EvaluationRow>> evaluations_of_organisation(sqlite::Database& db,
                                                               std::int64_t organisation_id) {
  return evaluations_where(db, "e.organisation_id = ?1", "e.round_id DESC", organisation_id);
}

}  // namespace cedu::evaluation
