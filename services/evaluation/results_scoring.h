// The result of one organisation in a round, as the district publishes it: the attempt that
// counts (the newest complete one — a re-evaluation supersedes the attempt before it once it
// is complete), its weighted total (round_workflow.h), the first-level indicators' points,
// and the levels it reaches on each scale of the round's standard (星级, 等级, 示范).
//
// Levels are judged on the weighted total; a level's required indicators must have earned
// full marks in *every* part that scores indicators (self, town, district — the residents'
// satisfaction has none). Why every part rather than the district's alone: a required
// indicator is a hard condition (有分管负责人, 4 元/人 funding), a round need not have a
// district part (families: self, town, residents), and a condition one evaluator found
// unmet is exactly what a publication period must not hide.
// Indicator points are the parts' points averaged by the evaluators' weights (over the
// parts that score indicators), rounded down to 0.01 point, so an indicator shows full
// marks iff every part gave them.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <vector>

#include "common/result.h"
#include "services/evaluation/round_store.h"
#include "services/evaluation/scoring.h"

namespace cedu::evaluation {

struct OrganisationResult {
  int attempt = 0;              // the attempt that counts; 0 when none is complete
  int newest = 1;               // the newest attempt (> attempt while a re-evaluation runs)
  CentiPoints total = 0;        // its weighted total; 0 when attempt is 0
  // Every indicator, as scoring.h's Evaluation (points averaged as above); `scales` placed
  // on the weighted total. Empty when attempt is 0.
  Evaluation combined;
};

// The result of `row` in `round` under `standard` (the round's). INTERNAL when a stored
// part's values no longer score (they were checked when entered).
Result<OrganisationResult> result_of(const Round& round, const Standard& standard,
                                     const EvaluationRow& row);

}  // namespace cedu::evaluation
