// RoundStore: the SQLite tables of evaluation rounds (评估轮次) and of the evaluations made in
// them, in the evaluation service's database beside the organisations (migration 2). An
// evaluation is one organisation in one round; it keeps the standard id and version it was
// made under, and one part per evaluator (its total, whether it was complete, the values
// as given) in each of its attempts: attempt 1 is the round's evaluation, attempt n + 1 a
// re-evaluation (复评) opened by an upheld objection or an accepted rectification
// (migration 3). Nothing is deleted: a newer attempt supersedes the older ones in the
// results, which stay in the history. A round's stage only moves forward (round_workflow.h).
// Thread-safety: none; callers hold the organisations Library's lock around every call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/sqlite/database.h"
#include "common/sqlite/migrations.h"
#include "services/evaluation/round_workflow.h"

namespace cedu::evaluation {

struct Round {
  std::int64_t id = 0;
  std::string name;              // 2026年度星级辅导站评估
  int year = 0;
  std::string org_type;          // the organisation type it evaluates: "station"
  std::string standard;          // standard id and version every evaluation is made under
  int standard_version = 0;
  std::vector<EvaluatorWeight> evaluators;
  std::string deadline;          // YYYY-MM-DD
  Stage stage = Stage::kDraft;
  std::int64_t version = 0;      // 1 on create, +1 on every change
  std::string created_by, created_at, updated_by, updated_at;
};

// One evaluator's part of an evaluation.
struct EvaluationPart {
  std::string evaluator;     // a role of the round
  CentiPoints total = 0;
  bool complete = false;     // every leaf had a value
  int missing = 0;           // leaves without a value
  std::string inputs;        // the values as given, MessagePack
  std::string scored_by, scored_at;
};

// One attempt of an evaluation: 1 is the round's own, the next ones re-evaluations.
struct Attempt {
  int number = 1;
  std::string reason;                 // "objection 4", "rectification 2"; empty for 1
  std::string opened_by, opened_at;   // empty for 1
  std::vector<EvaluationPart> parts;  // by evaluator
};

struct EvaluationRow {
  std::int64_t id = 0;
  std::int64_t round_id = 0;
  std::int64_t organisation_id = 0;
  std::string standard;
  int standard_version = 0;
  std::vector<Attempt> attempts;  // ascending; never empty

  // The newest attempt: the one parts are entered into.
  const Attempt& newest() const { return attempts.back(); }
};

// The part of `evaluator` in `a`, or nullptr.
const EvaluationPart* part_of(const Attempt& a, std::string_view evaluator);
// Returns true iff `a` has a complete part from every evaluator of `round`.
bool attempt_complete(const Round& round, const Attempt& a);
// The weighted total of a complete attempt. REQUIRES: attempt_complete(round, a).
CentiPoints attempt_total(const Round& round, const Attempt& a);

// Version 2 of the evaluation database: rounds, evaluations, evaluation_parts.
sqlite::Migration round_migration();
// Version 3: evaluation_parts per attempt, evaluation_attempts (re-evaluations), the
// objections (objection_store.h) and rectification tasks (rectification_store.h) and the
// round deadline's changes.
sqlite::Migration round_followup_migration();

// Inserts `round` (id and version 1 assigned, stage draft).
Status insert_round(sqlite::Database& db, Round& round);
// NOT_FOUND naming `field` iff there is no round `id`.
Result<Round> get_round(sqlite::Database& db, std::int64_t id, const std::string& field);
// The newest round (highest id) of `year` evaluating `org_type` at `stage`, if any.
Result<std::optional<Round>> newest_round(sqlite::Database& db, int year,
                                          const std::string& org_type, Stage stage);
// Which rounds list_rounds returns: every set field must match.
struct RoundFilter {
  std::optional<int> year;
  std::optional<std::string> org_type;  // an organisation type name
  std::optional<Stage> stage;
  std::optional<std::string> name;      // the exact name
};
// At most `limit` rounds matching `filter` with id > `after`, in id order (keyset pages).
Result<std::vector<Round>> list_rounds(sqlite::Database& db, const RoundFilter& filter,
                                       std::int64_t after, std::int64_t limit);
// Writes the stage, deadline, name and updated stamps of `round` iff its stored version is
// `expected_version`, then bumps round.version; CONFLICT naming `field` when stale.
Status update_round(sqlite::Database& db, Round& round, std::int64_t expected_version,
                    const std::string& field);

// The evaluation of `organisation_id` in `round`, created (with the round's standard) when
// there is none yet. Returns its id.
Result<std::int64_t> evaluation_for(sqlite::Database& db, const Round& round,
                                    std::int64_t organisation_id);
// Stores `part` in attempt `attempt` of the evaluation, replacing the same evaluator's
// earlier part of that attempt.
Status put_part(sqlite::Database& db, std::int64_t evaluation_id, int attempt,
                const EvaluationPart& part);
// Opens attempt `number` (≥ 2) of the evaluation: a re-evaluation, for `reason`.
Status open_attempt(sqlite::Database& db, std::int64_t evaluation_id, int number,
                    const std::string& reason, const std::string& by, const std::string& at);
// The attempt a re-evaluation of `row` enters its parts into: the newest one when it is
// a re-evaluation still incomplete (one more reason does not open another), else a new
// attempt opened for `reason`. Returns its number.
Result<int> open_reevaluation(sqlite::Database& db, const Round& round, const EvaluationRow& row,
                              const std::string& reason, const std::string& by,
                              const std::string& at);
// The evaluation of `organisation_id` in `round_id`; NOT_FOUND naming `field` iff none.
Result<EvaluationRow> evaluation_of(sqlite::Database& db, std::int64_t round_id,
                                    std::int64_t organisation_id, const std::string& field);

// Every evaluation of the round, by organisation id, with its parts.
Result<std::vector<EvaluationRow>> evaluations_of_round(sqlite::Database& db, std::int64_t round_id);
// Every evaluation of the organisation, newest round first, with its parts.
Result<std::vector<EvaluationRow>> evaluations_of_organisation(sqlite::Database& db,
                                                               std::int64_t organisation_id);

}  // namespace cedu::evaluation
