// The MessagePack replies of evaluation.* methods: a standard (summary or whole tree)
// and a scored evaluation. Points travel as float64 with two decimals (centi-points
// / 100); ids and Chinese names as in the standard file. Shapes in docs/evaluation.md.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "common/msgpack/builder.h"
#include "services/evaluation/scoring.h"
#include "services/evaluation/standards.h"

namespace cedu::evaluation {

// {id, version, name, organisation, organisation_name, effective_from, indicators, leaves,
//  automatic}: counts of first-level indicators, leaves and automatic leaves.
mp::MapBuilder standard_summary(const Standard& standard);
// The summary plus {basis, indicators: [tree], scales: [...]}.
mp::MapBuilder standard_tree(const Standard& standard);
// {standard, version, total, complete, missing, scores: [...], scales: [...]}.
mp::MapBuilder evaluation_reply(const Evaluation& evaluation);
// [{id, name, reached: {id, name} | nil, next: {id, name, points_short, required_short} |
//  nil}]: where a total landed on each scale.
mp::ArrayBuilder scale_results_reply(const std::vector<ScaleResult>& scales);

}  // namespace cedu::evaluation
