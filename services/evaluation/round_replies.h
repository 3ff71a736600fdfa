// Reply maps of the round methods (docs/evaluation.md, "Evaluation rounds"): a round, and
// an evaluation with its evaluators' parts, weighted total, re-evaluations and the result
// that counts (results_scoring.h).
// Thread-safety: pure functions.
#pragma once

#include "common/msgpack/builder.h"
#include "services/evaluation/objection_store.h"
#include "services/evaluation/rectification_store.h"
#include "services/evaluation/results_scoring.h"
#include "services/evaluation/round_store.h"

namespace cedu::evaluation {

// {id, name, year, type, standard, standard_version, evaluators: [{role, label, weight}],
//  deadline, stage, stage_label, version, created_by, created_at, updated_by, updated_at}
mp::MapBuilder round_reply(const Round& round);

// {id, round_id, organisation_id, standard, standard_version, attempt, reevaluation:
//  {reason, opened_by, opened_at} | nil, parts: [{evaluator, label, weight, total, complete,
//  missing, scored_by, scored_at}], complete, total | nil, result: {attempt, total, levels,
//  indicators} | nil, superseded: [{attempt, reason, complete, total | nil, parts}]}.
// `parts`, `complete` and `total` are the newest attempt's (total once every evaluator of
// `round` gave a complete part); `result` the attempt that counts, with its levels when
// `standard` (the round's) is given. With `with_round` (an organisation's history) also
// {round_name, year, stage, stage_label}.
Result<mp::MapBuilder> evaluation_row_reply(const Round& round, const EvaluationRow& row,
                                            const Standard* standard, bool with_round = false);

// [{id, name, weight, points}]: the first-level indicators of a result (results_scoring.h).
mp::ArrayBuilder first_level_reply(const Evaluation& combined);

// {id, round_id, organisation_id, text, status, status_label, reply, lodged_by, lodged_at,
//  answered_by, answered_at}
mp::MapBuilder objection_reply(const Objection& objection);

// {id, round_id, organisation_id, town, station, owner, task, deadline, status,
//  status_label, overdue, note, reply, version, created_by, created_at, updated_by,
//  updated_at}; overdue as of `today` (YYYY-MM-DD).
mp::MapBuilder rectification_reply(const Rectification& task, std::string_view today);

}  // namespace cedu::evaluation
