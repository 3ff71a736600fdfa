// Evaluation standards (评估标准): the typed contents of one configs/standards/*.yaml file —
// an indicator tree (一级/二级/三级指标) for one kind of learning organisation, with integer
// weights in points that add up to 100, a scoring rule on every leaf, and the scales
// (star levels, pass/good/excellent, demonstration standard) a total is placed on.
// Loading and validation live in standards_parse.h; scoring in scoring.h.
// Thread-safety: plain values; a loaded Standard may be read from any number of threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cedu::evaluation {

// The kinds of learning organisation the plan names (seed §三.3).
enum class OrgType {
  kTown,         // 学习型镇街
  kCommunity,    // 学习型村居(社区)
  kStation,      // 村居社区教育辅导站 / 学习点
  kFamily,       // 学习型家庭
  kAssociation,  // 学习型社团
  kEnterprise,   // 学习型企业
};

// "town", "community", "station", "family", "association", "enterprise".
std::string_view org_type_name(OrgType type);
// Chinese display name: 学习型镇街, ...
std::string_view org_type_label(OrgType type);
// Parses a name as written by org_type_name. Returns nullopt iff it is none of them.
std::optional<OrgType> org_type_from_name(std::string_view name);

// How a leaf indicator turns a value into points (out of the leaf's weight).
enum class RuleKind {
  kManual,     // the evaluator gives points directly, 0..weight
  kThreshold,  // full weight iff value >= min, else 0
  kRamp,       // 0 at or below `from`, full at or above `to`, linear between
  kRatio,      // weight × min(1, value / target)
  kYesNo,      // full weight for yes, 0 for no; the value is a boolean
};

// "manual", "threshold", "ramp", "ratio", "yes_no".
std::string_view rule_kind_name(RuleKind kind);

struct Rule {
  RuleKind kind = RuleKind::kManual;
  double min = 0;     // kThreshold
  double from = 0;    // kRamp, < to
  double to = 0;      // kRamp
  double target = 0;  // kRatio, > 0
};

struct Indicator {
  std::string id;        // unique in its standard: [a-z][a-z0-9_]*
  std::string name;      // Chinese name shown to staff: 组织管理
  int level = 1;         // 1, 2 or 3 (一级/二级/三级指标)
  int weight = 0;        // points, > 0; children's weights add up to this
  std::string criteria;  // 评估要点: what the evaluator looks at; may be empty
  std::vector<Indicator> children;  // empty for a leaf
  int line = 0;          // where it is defined, for messages

  // Leaves only:
  Rule rule;
  bool evidence = false;  // 需提供佐证材料: points need at least one piece of evidence
  std::string fact;       // automatic indicator: the fact it takes (standards_facts.h); empty
                          // when the evaluator enters the value

  bool is_leaf() const { return children.empty(); }
  bool automatic() const { return !fact.empty(); }
};

// One level of a scale: reached iff the total is at least `min_points` and every
// `required` indicator earned its full weight (and every lower level is reached).
struct Level {
  std::string id;        // star1, pass, provincial, ...
  std::string name;      // 一星级, 合格, 省级示范镇街
  double min_points = 0;  // 0..100
  std::vector<std::string> required;  // indicator ids (any level)
};

// A scale the total is placed on: star levels, grades, the demonstration standard.
struct Scale {
  std::string id;               // stars, grade, demonstration
  std::string name;             // 星级, 等级, 示范标准
  std::vector<Level> levels;    // ascending: min_points strictly increasing
};

struct Standard {
  std::string id;        // station, town, ... ([a-z][a-z0-9_-]*)
  int version = 0;       // > 0; (id, version) is unique among the loaded standards
  std::string name;      // 番禺区星级村居社区教育辅导站评估标准
  OrgType org_type = OrgType::kStation;
  std::string effective_from;  // YYYY-MM-DD
  std::string basis;           // 依据: where the standard comes from; may be empty
  std::vector<Indicator> indicators;  // first-level indicators; weights add up to 100
  std::vector<Scale> scales;
  std::string source;    // the file it was loaded from
  int version_line = 0;  // line of `version` in it, for messages

  // The indicator `id` at any level, or nullptr iff there is none. Linear.
  const Indicator* find(std::string_view id) const;
  // Every leaf, depth first in file order.
  std::vector<const Indicator*> leaves() const;
};

}  // namespace cedu::evaluation
