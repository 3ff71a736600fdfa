#include "services/evaluation/standards.h"

#include <array>
#include <utility>

namespace cedu::evaluation {
namespace {

struct OrgTypeNames {
  OrgType type;
  std::string_view name;
  std::string_view label;
};

constexpr std::array<OrgTypeNames, 6> kOrgTypes = {{
    {OrgType::kTown, "town", "学习型镇街"},
    {OrgType::kCommunity, "community", "学习型村居(社区)"},
    {OrgType::kStation, "station", "村居社区教育辅导站"},
    {OrgType::kFamily, "family", "学习型家庭"},
    {OrgType::kAssociation, "association", "学习型社团"},
    {OrgType::kEnterprise, "enterprise", "学习型企业"},
}};

const Indicator* find_in(const std::vector<Indicator>& list, std::string_view id) {
  for (const Indicator& i : list) {
    if (i.id == id) return &i;
    if (const Indicator* found = find_in(i.children, id)) return found;
  }
  return nullptr;
}

void collect_leaves(const std::vector<Indicator>& list, std::vector<const Indicator*>* out) {
  for (const Indicator& i : list) {
    if (i.is_leaf()) {
      out->push_back(&i);
    } else {
      collect_leaves(i.children, out);
    }
  }
}

}  // namespace

std::string_view org_type_name(OrgType type) {
  for (const auto& t : kOrgTypes) {
    if (t.type == type) return t.name;
  }
  return "unknown";
}

std::string_view org_type_label(OrgType type) {
  for (const auto& t : kOrgTypes) {
    if (t.type == type) return t.label;
  }
  return "未知";
}

std::optional<OrgType> org_type_from_name(std::string_view name) {
  for (const auto& t : kOrgTypes) {
    if (t.name == name) return t.type;
  }
  return std::nullopt;
}

std::string_view rule_kind_name(RuleKind kind) {
  switch (kind) {
    case RuleKind::kManual: return "manual";
    case RuleKind::kThreshold: return "threshold";
    case RuleKind::kRamp: return "ramp";
    case RuleKind::kRatio: return "ratio";
    case RuleKind::kYesNo: return "yes_no";
  }
  return "unknown";
}

const Indicator* Standard::find(std::string_view indicator_id) const {
  return find_in(indicators, indicator_id);
}

std::vector<const Indicator*> Standard::leaves() const {
  std::vector<const Indicator*> out;
  collect_leaves(indicators, &out);
  return out;
}

}  // namespace cedu::evaluation
