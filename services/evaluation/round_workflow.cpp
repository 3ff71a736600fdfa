#include "services/evaluation/round_workflow.h"

#include <set>

namespace cedu::evaluation {
namespace {

struct StageInfo {
  Stage stage;
  std::string_view name, label;
};
constexpr StageInfo kStages[] = {
    {Stage::kDraft, "draft", "草稿"},
    {Stage::kSubmitted, "submitted", "已提交"},
    {Stage::kReviewed, "reviewed", "已审核"},
    {Stage::kPublicity, "publicity", "公示中"},
    {Stage::kPublished, "published", "已公布"},
};

}  // namespace

std::string_view stage_name(Stage stage) { return kStages[static_cast<int>(stage)].name; }
std::string_view stage_label(Stage stage) { return kStages[static_cast<int>(stage)].label; }

std::optional<Stage> stage_from_name(std::string_view name) {
  for (const StageInfo& s : kStages) {
    if (s.name == name) return s.stage;
  }
  return std::nullopt;
}

Status check_transition(Stage from, Stage to, const std::string& field) {
  if (static_cast<int>(to) == static_cast<int>(from) + 1) return Status::ok();
  std::string why = std::string(stage_name(from)) + " → " + std::string(stage_name(to)) +
                    " is not allowed: ";
  if (from == Stage::kPublished) {
    why += "a published round does not change";
  } else {
    const Stage next = static_cast<Stage>(static_cast<int>(from) + 1);
    why += "the next stage is " + std::string(stage_name(next));
  }
  return Status::failed_precondition(why, field);
}

std::string_view evaluator_label(std::string_view role) {
  if (role == "self") return "自评";
  if (role == "town") return "镇街评估";
  if (role == "district") return "区评估";
  if (role == "residents") return "群众满意度";
  return role;
}

bool is_evaluator_role(std::string_view role) {
  for (std::string_view r : kEvaluatorRoles) {
    if (r == role) return true;
  }
  return false;
}

Status check_evaluators(const std::vector<EvaluatorWeight>& evaluators, const std::string& field) {
  if (evaluators.empty()) {
    return Status::invalid_argument("a round needs at least one evaluator", field);
  }
  std::set<std::string> seen;
  int sum = 0;
  for (const EvaluatorWeight& e : evaluators) {
    const std::string at = field + "." + e.role;
    if (!is_evaluator_role(e.role)) {
      return Status::invalid_argument("unknown evaluator '" + e.role +
                                          "' (known: self, town, district, residents)", at);
    }
    if (!seen.insert(e.role).second) return Status::invalid_argument("given twice", at);
    if (e.weight < 1 || e.weight > 100) {
      return Status::invalid_argument("weight must be 1..100", at);
    }
    sum += e.weight;
  }
  if (sum != 100) {
    return Status::invalid_argument("weights add up to " + std::to_string(sum) + ", must be 100",
                                    field);
  }
  return Status::ok();
}

CentiPoints weighted_total(const std::vector<EvaluatorWeight>& evaluators,
                           const std::vector<CentiPoints>& totals) {
  CentiPoints sum = 0;  // in centi-points × 100
  for (std::size_t i = 0; i < evaluators.size(); ++i) sum += evaluators[i].weight * totals[i];
  return sum >= 0 ? (sum + 50) / 100 : -((-sum + 50) / 100);
}

}  // namespace cedu::evaluation
