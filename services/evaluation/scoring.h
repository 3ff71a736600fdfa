// Scoring a whole standard: every leaf by its rule (scoring_rules.h), rolled up by the
// tree to each indicator and to a total out of 100, then placed on each of the standard's
// scales (星级, 等级, 示范标准). A leaf without a value is listed as missing rather than
// guessed; an incomplete evaluation reaches no level.
// Thread-safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/result.h"
#include "services/evaluation/scoring_rules.h"
#include "services/evaluation/standards.h"

namespace cedu::evaluation {

// What is given for one leaf: its value and the evidence (佐证材料: file names, links).
struct LeafInput {
  Value value;
  std::vector<std::string> evidence;
};
using Inputs = std::map<std::string, LeafInput, std::less<>>;

struct IndicatorScore {
  const Indicator* indicator = nullptr;
  CentiPoints points = 0;  // out of indicator->weight × 100
  bool complete = false;   // every leaf under it (or it) has a value

  // Returns true iff it earned its full weight.
  bool full() const { return complete && points == indicator->weight * CentiPoints{100}; }
};

// Where a total lands on one scale.
struct ScaleResult {
  const Scale* scale = nullptr;
  const Level* reached = nullptr;  // the highest level reached; nullptr for none
  const Level* next = nullptr;     // the level above it; nullptr at the top
  // Why `next` is not reached: points missing (0 when enough) and required indicators
  // that did not earn full weight, in the order the level lists them.
  CentiPoints points_short = 0;
  std::vector<std::string> required_short;
};

struct Evaluation {
  const Standard* standard = nullptr;
  std::vector<IndicatorScore> scores;  // every indicator, depth first in file order
  CentiPoints total = 0;               // out of 100 × 100
  std::vector<std::string> missing;    // ids of leaves without a value, in file order
  std::vector<ScaleResult> scales;     // one per scale of the standard

  bool complete() const { return missing.empty(); }
  // The score of indicator `id`, or nullptr iff the standard has none.
  const IndicatorScore* score_of(std::string_view id) const;
};

// Scores `inputs` against `standard`; the result points into `standard`, which must
// outlive it. Refusals, each naming the indicator:
//   INVALID_ARGUMENT, field "values.<id>": an id the standard does not have, a value for an
//     indicator that has children, or a value that does not fit its rule (score_leaf);
//   FAILED_PRECONDITION, field "values.<id>.evidence": a leaf that requires evidence
//     would earn points but was given no evidence (a value that earns nothing needs none).
Result<Evaluation> score_standard(const Standard& standard, const Inputs& inputs);

// Places `evaluation` (scores filled in) on `scale`: levels are reached in order, each
// needing its min points and full weight on its required indicators; an incomplete
// evaluation reaches none.
ScaleResult place_on_scale(const Scale& scale, const Evaluation& evaluation);

// "12.5", "100", "0.05": centi-points as staff read them.
std::string points_text(CentiPoints points);

}  // namespace cedu::evaluation
