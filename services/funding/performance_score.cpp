#include "services/funding/performance_score.h"

namespace cedu::funding {

std::int64_t indicator_points_centi(const PerformanceIndicator& ind, std::int64_t actual) {
  const std::int64_t full = std::int64_t{ind.weight} * 100;
  if (actual < 0) actual = 0;
  if (ind.lower_is_better) {
    if (actual <= ind.target) return full;
    return full * ind.target / actual;  // target ≤ 10¹², full ≤ 10⁴: no overflow
  }
  if (actual >= ind.target) return full;
  return full * actual / ind.target;  // actual < target ≤ 10¹²
}

const Band& band_of(const PerformanceConfig& config, std::int64_t score_centi) {
  const Band* found = &config.bands.front();
  for (const Band& b : config.bands) {
    if (score_centi >= std::int64_t{b.min} * 100) found = &b;
  }
  return *found;
}

PerformanceScore score_performance(const PerformanceConfig& config,
                                   const std::map<std::string, Actual>& actuals) {
  PerformanceScore out;
  out.complete = true;
  for (const PerformanceIndicator& ind : config.indicators) {
    IndicatorScore s;
    s.indicator = &ind;
    auto it = actuals.find(ind.id);
    if (it != actuals.end()) s.actual = it->second;
    if (s.actual.value) {
      s.points_centi = indicator_points_centi(ind, *s.actual.value);
    } else {
      out.complete = false;
      if (s.actual.note.empty()) s.actual.note = "unavailable";
    }
    out.score_centi += s.points_centi;
    out.items.push_back(std::move(s));
  }
  if (out.complete) out.band = band_of(config, out.score_centi);
  return out;
}

}  // namespace cedu::funding
