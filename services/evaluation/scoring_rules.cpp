#include "services/evaluation/scoring_rules.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace cedu::evaluation {
namespace {

std::string number_text(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

Status refuse(const Indicator& leaf, const std::string& problem) {
  return Status::invalid_argument(
      "indicator " + leaf.id + " (" + leaf.name + "): " + problem, value_field(leaf));
}

CentiPoints share_of_weight(const Indicator& leaf, double fraction) {
  fraction = std::clamp(fraction, 0.0, 1.0);
  return static_cast<CentiPoints>(std::llround(fraction * leaf.weight * 100.0));
}

}  // namespace

std::string value_field(const Indicator& leaf) { return "values." + leaf.id; }

Result<CentiPoints> score_leaf(const Indicator& leaf, const Value& value) {
  const Rule& rule = leaf.rule;
  if (rule.kind == RuleKind::kYesNo) {
    if (!std::holds_alternative<bool>(value)) {
      return refuse(leaf, "expects yes or no (true/false), got a number");
    }
    return std::get<bool>(value) ? share_of_weight(leaf, 1.0) : CentiPoints{0};
  }
  if (!std::holds_alternative<double>(value)) {
    return refuse(leaf, "expects a number, got yes/no");
  }
  const double v = std::get<double>(value);
  if (!std::isfinite(v)) return refuse(leaf, "the value must be a finite number");
  if (v < 0) return refuse(leaf, "the value must not be negative, got " + number_text(v));

  switch (rule.kind) {
    case RuleKind::kManual:
      if (v > leaf.weight) {
        return refuse(leaf, "manual score " + number_text(v) + " is out of bounds 0.." +
                                std::to_string(leaf.weight));
      }
      return static_cast<CentiPoints>(std::llround(v * 100.0));
    case RuleKind::kThreshold:
      return share_of_weight(leaf, v >= rule.min ? 1.0 : 0.0);
    case RuleKind::kRamp:
      return share_of_weight(leaf, (v - rule.from) / (rule.to - rule.from));
    case RuleKind::kRatio:
      return share_of_weight(leaf, v / rule.target);
    case RuleKind::kYesNo:
      break;  // handled above
  }
  return Status::internal("indicator " + leaf.id + ": unknown rule");
}

}  // namespace cedu::evaluation
