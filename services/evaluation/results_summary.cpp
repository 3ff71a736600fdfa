#include "services/evaluation/results_summary.h"

#include <algorithm>
#include <map>

namespace cedu::evaluation {
namespace {

void finish_share(AreaSummary& a, const std::optional<int>& target) {
  a.share_bp = a.registered == 0
                   ? 0
                   : static_cast<int>((std::int64_t{a.rated} * 10000 * 2 + a.registered) /
                                      (std::int64_t{2} * a.registered));
  if (target && a.registered > 0) a.meets_target = std::int64_t{a.rated} * 100 >= std::int64_t{*target} * a.registered;
}

}  // namespace

ResultTarget result_target(const Standard& standard, std::string_view type) {
  ResultTarget t;
  std::string_view wanted;
  if (type == "station") {
    wanted = "stars";
    t.percent = 20;
  } else if (type == "town") {
    wanted = "demonstration";
    t.percent = 50;
  }
  for (const Scale& s : standard.scales) {
    if (s.id == wanted) t.scale = &s;
  }
  if (t.scale == nullptr && !standard.scales.empty()) t.scale = &standard.scales.front();
  return t;
}

int reached_level(const OrganisationResult& result, const Scale& scale) {
  if (result.attempt == 0) return -1;
  for (const ScaleResult& r : result.combined.scales) {
    if (r.scale != &scale || r.reached == nullptr) continue;
    for (std::size_t i = 0; i < scale.levels.size(); ++i) {
      if (&scale.levels[i] == r.reached) return static_cast<int>(i);
    }
  }
  return -1;
}

RoundSummary summarise(const Standard& standard, std::string_view type,
                       const std::vector<ResultEntry>& entries,
                       const std::vector<std::string>& town_order,
                       std::vector<Rectification> rectifications, std::string_view today) {
  RoundSummary out;
  out.target = result_target(standard, type);
  const std::size_t levels = out.target.scale != nullptr ? out.target.scale->levels.size() : 0;
  std::map<std::string, std::size_t, std::less<>> index;
  for (const std::string& town : town_order) {
    index.emplace(town, out.towns.size());
    out.towns.push_back({town, 0, 0, 0, std::vector<int>(levels, 0), 0, 0, 0, std::nullopt});
  }
  out.district.by_level.assign(levels, 0);
  auto areas_of = [&](const std::string& town) {
    std::vector<AreaSummary*> areas = {&out.district};
    if (auto it = index.find(town); it != index.end()) areas.push_back(&out.towns[it->second]);
    return areas;
  };
  for (const ResultEntry& e : entries) {
    const int level = out.target.scale != nullptr ? reached_level(e.result, *out.target.scale) : -1;
    for (AreaSummary* a : areas_of(e.town)) {
      a->registered += e.active ? 1 : 0;
      a->evaluated += e.evaluated ? 1 : 0;
      if (e.active && level >= 0) {
        ++a->rated;
        ++a->by_level[static_cast<std::size_t>(level)];
      }
    }
    if (e.evaluated) out.ranking.push_back({0, &e});
  }
  for (const Rectification& r : rectifications) {
    if (r.status == "accepted") continue;
    const bool late = rectification_overdue(r, today);
    for (AreaSummary* a : areas_of(r.town)) {
      ++a->open_rectifications;
      a->overdue_rectifications += late ? 1 : 0;
    }
  }
  for (AreaSummary& a : out.towns) finish_share(a, out.target.percent);
  finish_share(out.district, out.target.percent);

  // Complete results by total, highest first (ties by id); then those without a result.
  std::stable_sort(out.ranking.begin(), out.ranking.end(),
                   [](const RankedEntry& a, const RankedEntry& b) {
                     const OrganisationResult& x = a.entry->result;
                     const OrganisationResult& y = b.entry->result;
                     if ((x.attempt == 0) != (y.attempt == 0)) return y.attempt == 0;
                     if (x.total != y.total) return x.total > y.total;
                     return a.entry->id < b.entry->id;
                   });
  for (std::size_t i = 0; i < out.ranking.size(); ++i) {
    RankedEntry& r = out.ranking[i];
    if (r.entry->result.attempt == 0) break;
    const bool tie = i > 0 && out.ranking[i - 1].entry->result.total == r.entry->result.total;
    r.rank = tie ? out.ranking[i - 1].rank : static_cast<int>(i) + 1;
  }
  std::erase_if(rectifications, [](const Rectification& r) { return r.status == "accepted"; });
  std::stable_sort(rectifications.begin(), rectifications.end(),
                   [](const Rectification& a, const Rectification& b) {
                     return a.deadline < b.deadline;
                   });
  out.open_rectifications = std::move(rectifications);
  return out;
}

std::string percent_text(int bp) {
  std::string frac = std::to_string(bp % 100);
  if (frac.size() < 2) frac = "0" + frac;
  return std::to_string(bp / 100) + "." + frac;
}

}  // namespace cedu::evaluation
