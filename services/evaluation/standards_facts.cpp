#include "services/evaluation/standards_facts.h"

#include <array>

namespace cedu::evaluation {
namespace {

// Units: percent as a number (40 means 40 %), money in integer fen (DESIGN.md §2).
constexpr std::array<Fact, 13> kFacts = {{
    {"activity_brands", "终身学习活动品牌(个)", "count", "project"},
    {"courses_held", "本年度开展课程(场次)", "count", "course"},
    {"elderly_participants", "老年人参与学习(人)", "count", "course"},
    {"elderly_participation_rate", "老年人参与学习比例(%)", "percent", "course"},
    {"funding_per_resident", "人均社区教育经费(分)", "fen", "funding"},
    {"learners", "参与学习居民(人)", "count", "course"},
    {"local_courses", "本土特色课程(门)", "count", "course"},
    {"participation_rate", "经常性参与学习居民占常住人口比例(%)", "percent", "course"},
    {"research_projects", "课题/实验项目(项)", "count", "project"},
    {"star_station_share", "星级辅导站占辖区村居辅导站比例(%)", "percent", "evaluation"},
    {"teachers", "专兼职教师(人)", "count", "teacher"},
    {"volunteer_hours", "志愿服务时数(小时)", "count", "volunteer"},
    {"volunteers_per_thousand", "每千名居民志愿者(人)", "per_thousand", "volunteer"},
}};

}  // namespace

std::span<const Fact> known_facts() { return kFacts; }

const Fact* find_fact(std::string_view name) {
  for (const Fact& f : kFacts) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::optional<PluginFact> plugin_fact(std::string_view name) {
  constexpr std::string_view kPrefix = "plugin:";
  if (name.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  name.remove_prefix(kPrefix.size());
  const std::size_t colon = name.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string_view service = name.substr(0, colon), indicator = name.substr(colon + 1);
  if (service != "teacher" && service != "volunteer" && service != "course" && service != "project") {
    return std::nullopt;
  }
  if (indicator.empty() || indicator.front() < 'a' || indicator.front() > 'z') return std::nullopt;
  for (char c : indicator) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return std::nullopt;
  }
  return PluginFact{std::string(service), std::string(indicator)};
}

bool valid_fact(std::string_view name) { return find_fact(name) != nullptr || plugin_fact(name); }

}  // namespace cedu::evaluation
