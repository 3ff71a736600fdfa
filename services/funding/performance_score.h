// Scoring a performance evaluation (绩效评价): each indicator earns its weight in
// proportion to how far its actual reached the target (at or beyond the target: the full
// weight; for a lower-is-better cost: at or below it), in hundredths of a point, rounded
// down so that a band is reached only when truly reached. An actual that could not be
// fetched earns nothing and is shown as unavailable, never guessed; the evaluation is then
// incomplete and has no band. The band is the highest whose minimum the score reaches
// (shipped: excellent 90–100, good 80–89, fair 60–79, poor < 60).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "services/funding/performance_config.h"

namespace cedu::funding {

struct Actual {
  std::optional<std::int64_t> value;  // in the measure's unit; nullopt: unavailable
  std::string note;                   // where it came from, or why it is unavailable
};

struct IndicatorScore {
  const PerformanceIndicator* indicator = nullptr;
  Actual actual;
  std::int64_t points_centi = 0;  // 0 … weight × 100
};

struct PerformanceScore {
  std::vector<IndicatorScore> items;  // in config order
  std::int64_t score_centi = 0;       // 0 … 10000
  bool complete = false;              // every actual available
  std::optional<Band> band;           // set iff complete
};

// Points of one indicator for `actual` (REQUIRES: a value), in hundredths.
std::int64_t indicator_points_centi(const PerformanceIndicator& indicator, std::int64_t actual);
// The band of a score given in hundredths of a point.
const Band& band_of(const PerformanceConfig& config, std::int64_t score_centi);
// Scores every indicator of `config` with its actual (by indicator id; a missing one is
// unavailable).
PerformanceScore score_performance(const PerformanceConfig& config,
                                   const std::map<std::string, Actual>& actuals);

}  // namespace cedu::funding
