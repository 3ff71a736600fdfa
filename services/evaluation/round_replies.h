// Reply maps of the round methods (docs/evaluation.md, "Evaluation rounds"): a round, and
// an evaluation with its evaluators' parts and weighted total.
// Thread-safety: pure functions.
#pragma once

#include "common/msgpack/builder.h"
#include "services/evaluation/round_store.h"

namespace cedu::evaluation {

// {id, name, year, type, standard, standard_version, evaluators: [{role, label, weight}],
//  deadline, stage, stage_label, version, created_by, created_at, updated_by, updated_at}
mp::MapBuilder round_reply(const Round& round);

// {id, round_id, organisation_id, standard, standard_version, parts: [{evaluator, label,
//  weight, total, complete, missing, scored_by, scored_at}], complete, total | nil}:
// `total` is the weighted total once every evaluator of `round` gave a complete part.
// With `with_round` (an organisation's history) also {round_name, year, stage, stage_label}.
mp::MapBuilder evaluation_row_reply(const Round& round, const EvaluationRow& row,
                                    bool with_round = false);

// Returns true iff every evaluator of `round` has a complete part in `row`.
bool evaluation_complete(const Round& round, const EvaluationRow& row);

}  // namespace cedu::evaluation
