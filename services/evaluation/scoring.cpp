#include "services/evaluation/scoring.h"

#include <algorithm>
#include <cmath>

namespace cedu::evaluation {
namespace {

// Scores `ind` and everything under it into `out` (its own entry first); returns its index.
std::size_t roll_up(const Indicator& ind, const std::map<const Indicator*, CentiPoints>& leaves,
                    std::vector<IndicatorScore>* out) {
  const std::size_t at = out->size();
  out->push_back({&ind, 0, false});
  if (ind.is_leaf()) {
    auto it = leaves.find(&ind);
    if (it != leaves.end()) (*out)[at] = {&ind, it->second, true};
    return at;
  }
  CentiPoints sum = 0;
  bool complete = true;
  for (const Indicator& child : ind.children) {
    const IndicatorScore& s = (*out)[roll_up(child, leaves, out)];
    sum += s.points;
    complete = complete && s.complete;
  }
  (*out)[at].points = sum;
  (*out)[at].complete = complete;
  return at;
}

// A level's minimum in centi-points, rounded up: a total reaches 85.5 only at 8550.
CentiPoints min_centi(const Level& level) {
  return static_cast<CentiPoints>(std::ceil(level.min_points * 100.0 - 1e-6));
}

}  // namespace

const IndicatorScore* Evaluation::score_of(std::string_view id) const {
  for (const IndicatorScore& s : scores) {
    if (s.indicator->id == id) return &s;
  }
  return nullptr;
}

Result<Evaluation> score_standard(const Standard& standard, const Inputs& inputs) {
  for (const auto& [id, input] : inputs) {
    const Indicator* ind = standard.find(id);
    if (ind == nullptr) {
      return Status::invalid_argument("standard " + standard.id + " v" +
                                          std::to_string(standard.version) +
                                          " has no indicator \"" + id + "\"",
                                      "values." + id);
    }
    if (!ind->is_leaf()) {
      return Status::invalid_argument("indicator " + id + " (" + ind->name +
                                          ") is scored from the indicators under it, not "
                                          "given a value",
                                      "values." + id);
    }
  }

  Evaluation ev;
  ev.standard = &standard;
  std::map<const Indicator*, CentiPoints> leaf_points;
  for (const Indicator* leaf : standard.leaves()) {
    auto it = inputs.find(leaf->id);
    if (it == inputs.end()) {
      ev.missing.push_back(leaf->id);
      continue;
    }
    CEDU_ASSIGN_OR_RETURN(CentiPoints points, score_leaf(*leaf, it->second.value));
    // Evidence backs a claim: a leaf that earns nothing ("no", 0) needs none.
    if (leaf->evidence && points > 0) {
      bool any = false;
      for (const std::string& e : it->second.evidence) any = any || !e.empty();
      if (!any) {
        return Status::failed_precondition("indicator " + leaf->id + " (" + leaf->name +
                                               ") requires evidence (佐证材料) with its score",
                                           value_field(*leaf) + ".evidence");
      }
    }
    leaf_points.emplace(leaf, points);
  }

  for (const Indicator& first : standard.indicators) {
    ev.total += ev.scores[roll_up(first, leaf_points, &ev.scores)].points;
  }
  for (const Scale& scale : standard.scales) ev.scales.push_back(place_on_scale(scale, ev));
  return ev;
}

ScaleResult place_on_scale(const Scale& scale, const Evaluation& evaluation) {
  ScaleResult result;
  result.scale = &scale;
  for (const Level& level : scale.levels) {
    CentiPoints short_by = std::max<CentiPoints>(0, min_centi(level) - evaluation.total);
    std::vector<std::string> required_short;
    for (const std::string& id : level.required) {
      const IndicatorScore* s = evaluation.score_of(id);
      if (s == nullptr || !s->full()) required_short.push_back(id);
    }
    if (!evaluation.complete() || short_by > 0 || !required_short.empty()) {
      result.next = &level;
      result.points_short = short_by;
      result.required_short = std::move(required_short);
      return result;
    }
    result.reached = &level;
  }
  return result;
}

std::string points_text(CentiPoints points) {
  std::string out = points < 0 ? "-" : "";
  CentiPoints a = points < 0 ? -points : points;
  out += std::to_string(a / 100);
  CentiPoints frac = a % 100;
  if (frac != 0) {
    out += '.';
    out += static_cast<char>('0' + frac / 10);
    if (frac % 10 != 0) out += static_cast<char>('0' + frac % 10);
  }
  return out;
}

}  // namespace cedu::evaluation
