#include "cli/demo/evaluation_plan.h"

#include <cmath>
#include <cstdio>
#include <set>

#include "cli/demo/district.h"
#include "cli/demo/people.h"
#include "cli/demo/prng.h"

namespace cedu::cli::demo {
namespace {

constexpr std::uint32_t kSeed = 2020'0600;
// The indicator a town's part finds unmet for an organisation meant to fall short: a
// required indicator of the first level of the target scale, so no level is reached.
constexpr const char* kStationGate = "station_head";
constexpr const char* kTownGate = "school_transform";

// The figure that earns a fact leaf its full weight.
double full_figure(const DemoLeaf& leaf) {
  if (leaf.kind == "threshold") return leaf.min > 0 ? leaf.min : 1;
  if (leaf.kind == "ramp") return leaf.to;
  if (leaf.kind == "ratio") return leaf.target;
  return 1;
}

// `quality` percent of `weight`, to half a point.
double share_of(double weight, std::int64_t quality) {
  return std::round(weight * static_cast<double>(quality) / 50.0) / 2.0;
}

// The values of one part: manual scores at `quality` percent (±10), yes/no leaves met
// unless `quality` is low, figures of fact leaves given iff `with_facts`.
DemoPart part(Prng& prng, const std::string& evaluator, const std::vector<DemoLeaf>& leaves,
              std::int64_t quality, bool with_facts) {
  DemoPart p{evaluator, {}, 0};
  for (const DemoLeaf& leaf : leaves) {
    const std::int64_t spread = quality >= 88 ? 3 : 10;  // good work is good throughout
    const std::int64_t q = std::min<std::int64_t>(100, quality + prng.between(-spread, spread));
    if (!leaf.fact.empty()) {
      // A part that means well reports figures at or above the full-marks figure.
      const std::int64_t percent = quality >= 75 ? prng.between(100, 130) : q + 15;
      if (with_facts) p.values[leaf.id] = {false, false, std::ceil(full_figure(leaf) * static_cast<double>(percent) / 100.0)};
    } else if (leaf.kind == "yes_no") {
      p.values[leaf.id] = {true, quality >= 75 || prng.chance(600), 0};
    } else {
      p.values[leaf.id] = {false, false, share_of(leaf.weight, q)};
    }
  }
  return p;
}

void set_gate(DemoPart& part, const char* gate, bool met) {
  auto it = part.values.find(gate);
  if (it != part.values.end()) it->second = {true, met, 0};
}

DemoEvaluation evaluation(Prng& prng, const std::string& network_id, const std::string& town,
                          const std::vector<DemoLeaf>& leaves, const char* gate, bool rated) {
  // Meant to be rated: marks of 85–100 % (a demonstration town's 93–100 %), every required
  // yes. Else 35–95 %, and the town's part finds the gate unmet.
  const std::int64_t quality = !rated ? prng.between(45, 85) : gate == kTownGate ? prng.between(96, 100) : prng.between(88, 98);
  DemoEvaluation e{network_id, town, {}, rated};
  e.parts.push_back(part(prng, "self", leaves, std::min<std::int64_t>(100, quality + 5), true));
  e.parts.push_back(part(prng, "town", leaves, quality, true));
  e.parts.push_back(part(prng, "district", leaves, quality, false));
  for (DemoPart& p : e.parts) set_gate(p, gate, rated || p.evaluator == "self");
  e.parts.push_back({"residents", {}, static_cast<double>(rated ? prng.between(88, 98) : prng.between(62, 84))});
  return e;
}

void organisations(Prng& prng, const config::Network& network, EvaluationPlan& plan) {
  static const std::vector<std::string> kAssociations = {
      "粤曲私伙局", "书法协会", "太极拳协会", "摄影协会", "读书会", "合唱团", "龙舟协会", "广场舞队"};
  for (const config::Town& t : network.towns) {
    for (std::size_t i = 0; i < t.stations.size() && i < 2; ++i) {
      const config::Station& s = t.stations[i * t.stations.size() / 2];
      const bool community = s.kind == config::StationKind::kCommunity;
      plan.organisations.push_back({"community", s.name + (community ? "学习型社区" : "学习型村居"), t.slug,
                                    s.id, person(prng, 1965, 1985).name, "2016-0" + std::to_string(prng.between(3, 9)) + "-01",
                                    kSyntheticMark, prng.between(800, 5000)});
    }
    std::set<std::string> families;
    while (families.size() < 3) {
      const Person head = person(prng, 1960, 1990);
      if (!families.insert(head.name).second) continue;
      plan.organisations.push_back({"family", head.name + "家庭", t.slug, "", head.name,
                                    "", kSyntheticMark, prng.between(3, 6)});
    }
    std::vector<std::string> kinds = kAssociations;
    prng.shuffle(kinds);
    for (std::size_t i = 0; i < 2; ++i) {
      plan.organisations.push_back({"association", t.name + kinds[i], t.slug, "",
                                    person(prng, 1955, 1980).name,
                                    std::to_string(prng.between(2010, 2019)) + "-05-01", kSyntheticMark,
                                    prng.between(20, 120)});
    }
  }
}

}  // namespace

EvaluationPlan evaluation_plan(const config::Network& network,
                               const std::vector<DemoLeaf>& station_leaves,
                               const std::vector<DemoLeaf>& town_leaves) {
  EvaluationPlan plan;
  Prng prng(kSeed);
  const std::string year = std::to_string(plan.year);
  organisations(prng, network, plan);

  DemoRound& st = plan.stations;
  st = {"station", "station", year + "年度星级村居社区教育辅导站评估" + kSyntheticMark,
        {{"self", 20}, {"town", 30}, {"district", 40}, {"residents", 10}}, {}, {}, {}, {}, {}, {}, {}, {}};
  for (const config::Town& t : network.towns) {
    // Each town its own share of star stations: some above the 20 % target, some below.
    const std::int64_t percent = prng.between(6, 36);
    const std::size_t stars = static_cast<std::size_t>(
        std::llround(static_cast<double>(t.stations.size()) * static_cast<double>(percent) / 100.0));
    std::vector<char> rated(t.stations.size(), 0);
    for (std::size_t i = 0; i < stars && i < rated.size(); ++i) rated[i] = 1;
    prng.shuffle(rated);
    for (std::size_t i = 0; i < t.stations.size(); ++i) {
      const config::Station& s = t.stations[i];
      plan.station_members[s.id] = prng.between(150, 650) * 10;
      st.evaluations.push_back(evaluation(prng, s.id, t.slug, station_leaves, kStationGate, rated[i] != 0));
    }
  }

  DemoRound& tw = plan.towns;
  tw = {"town", "town", year + "年度学习型镇街暨社区教育示范镇街评估" + kSyntheticMark,
        {{"self", 30}, {"town", 40}, {"district", 20}, {"residents", 10}}, {}, {}, {}, {}, {}, {}, {}, {}};
  std::vector<char> candidate(network.towns.size(), 0);
  for (std::size_t i = 0; i < candidate.size() && i < 9; ++i) candidate[i] = 1;
  prng.shuffle(candidate);
  for (std::size_t i = 0; i < network.towns.size(); ++i) {
    const config::Town& t = network.towns[i];
    tw.evaluations.push_back(evaluation(prng, t.slug, t.slug, town_leaves, kTownGate, candidate[i] != 0));
  }

  // One objection, dismissed, on an organisation meant to be rated, and one rectification
  // task on one meant to fall short, in each round.
  for (DemoRound* r : {&st, &tw}) {
    for (const DemoEvaluation& e : r->evaluations) {
      if (e.meant_rated && r->objection_on.empty()) r->objection_on = e.network_id;
      if (!e.meant_rated && r->rectification_on.empty()) r->rectification_on = e.network_id;
    }
  }
  st.objection_text = std::string("有居民反映该辅导站阅览角开放时间不足，认为评分偏高。") + kSyntheticMark;
  st.objection_reply = "经区评估组实地核查，阅览角按公示时间每周开放，维持原评估结果。";
  st.rectification_owner = "村(居)委会分管负责人";
  st.rectification_task = std::string("明确辅导站分管负责人和专(兼)职管理人员，完善管理制度并报镇街备案。") + kSyntheticMark;
  st.rectification_deadline = "2021-03-31";
  tw.objection_text = std::string("有单位反映该镇街部分村居辅导站活动记录不全。") + kSyntheticMark;
  tw.objection_reply = "经核查，相关活动记录已补充完整，不影响评估结果。";
  tw.rectification_owner = "镇街社区教育中心主任";
  tw.rectification_task = std::string("推进镇街成人文化技术学校向社区学校转型，年内完成挂牌。") + kSyntheticMark;
  tw.rectification_deadline = "2021-06-30";
  return plan;
}

}  // namespace cedu::cli::demo
