// The rules of an evaluation round (评估轮次) that need no storage: its stages and the only
// legal way through them (draft → submitted → reviewed → publicity 公示 → published), the
// evaluators (self 自评, town 镇街, district 区, residents' satisfaction 群众满意度) with
// weights that add up to 100, and the weighted total of an organisation's evaluation.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "services/evaluation/scoring_rules.h"

namespace cedu::evaluation {

enum class Stage { kDraft, kSubmitted, kReviewed, kPublicity, kPublished };

std::string_view stage_name(Stage stage);   // "draft", …, "publicity", "published"
std::string_view stage_label(Stage stage);  // 草稿, 已提交, 已审核, 公示中, 已公布
std::optional<Stage> stage_from_name(std::string_view name);

// Returns OK iff `to` is the stage right after `from`; else FAILED_PRECONDITION naming the
// transition ("submitted → publicity is not allowed: the next stage is reviewed") and
// `field`.
Status check_transition(Stage from, Stage to, const std::string& field);

// The evaluator roles a round may weigh, in this order.
inline constexpr std::string_view kEvaluatorRoles[] = {"self", "town", "district", "residents"};
std::string_view evaluator_label(std::string_view role);  // 自评, 镇街评估, 区评估, 群众满意度
bool is_evaluator_role(std::string_view role);

struct EvaluatorWeight {
  std::string role;
  int weight = 0;  // 1..100; a round's weights add up to 100
};

// OK iff `evaluators` is not empty, names each role once, only known roles, each weight
// 1..100, and the weights add up to 100. Errors (INVALID_ARGUMENT) name
// `field` ("params.evaluators") or `field.<role>`.
Status check_evaluators(const std::vector<EvaluatorWeight>& evaluators, const std::string& field);

// Σ weight × total / 100, rounded half away from zero, in centi-points; `totals` in the
// order of `evaluators`. REQUIRES: the sizes match.
CentiPoints weighted_total(const std::vector<EvaluatorWeight>& evaluators,
                           const std::vector<CentiPoints>& totals);

}  // namespace cedu::evaluation
