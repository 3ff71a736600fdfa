#include "services/evaluation/evaluation_replies.h"

#include "services/evaluation/standards_facts.h"

namespace cedu::evaluation {
namespace {

double points(CentiPoints centi) { return static_cast<double>(centi) / 100.0; }

mp::ArrayBuilder strings(const std::vector<std::string>& list) {
  mp::ArrayBuilder a;
  for (const std::string& s : list) a.add(s);
  return a;
}

mp::MapBuilder rule_map(const Rule& rule) {
  mp::MapBuilder m;
  m.set("kind", std::string(rule_kind_name(rule.kind)));
  switch (rule.kind) {
    case RuleKind::kThreshold: m.set("min", rule.min); break;
    case RuleKind::kRamp: m.set("from", rule.from).set("to", rule.to); break;
    case RuleKind::kRatio: m.set("target", rule.target); break;
    case RuleKind::kManual:
    case RuleKind::kYesNo: break;
  }
  return m;
}

mp::MapBuilder indicator_map(const Indicator& ind) {
  mp::MapBuilder m;
  m.set("id", ind.id).set("name", ind.name).set("level", ind.level).set("weight", ind.weight);
  if (!ind.criteria.empty()) m.set("criteria", ind.criteria);
  if (!ind.is_leaf()) {
    mp::ArrayBuilder children;
    for (const Indicator& c : ind.children) children.add(indicator_map(c));
    return m.set("children", children);
  }
  m.set("rule", rule_map(ind.rule)).set("evidence", ind.evidence);
  if (ind.automatic()) {
    const Fact* fact = find_fact(ind.fact);
    m.set("fact", ind.fact);
    if (fact != nullptr) m.set("fact_name", std::string(fact->label));
  }
  return m;
}

mp::MapBuilder level_ref(const Level& level) {
  return mp::MapBuilder().set("id", level.id).set("name", level.name);
}

}  // namespace

mp::MapBuilder standard_summary(const Standard& s) {
  int automatic = 0;
  const auto leaves = s.leaves();
  for (const Indicator* leaf : leaves) automatic += leaf->automatic();
  mp::MapBuilder m;
  m.set("id", s.id)
      .set("version", s.version)
      .set("name", s.name)
      .set("organisation", std::string(org_type_name(s.org_type)))
      .set("organisation_name", std::string(org_type_label(s.org_type)))
      .set("effective_from", s.effective_from)
      .set("indicators", static_cast<std::uint32_t>(s.indicators.size()))
      .set("leaves", static_cast<std::uint32_t>(leaves.size()))
      .set("automatic", automatic);
  return m;
}

mp::MapBuilder standard_tree(const Standard& s) {
  mp::MapBuilder m = standard_summary(s);
  m.set("basis", s.basis);
  mp::ArrayBuilder tree;
  for (const Indicator& ind : s.indicators) tree.add(indicator_map(ind));
  m.set("tree", tree);
  mp::ArrayBuilder scales;
  for (const Scale& scale : s.scales) {
    mp::ArrayBuilder levels;
    for (const Level& l : scale.levels) {
      levels.add(mp::MapBuilder()
                     .set("id", l.id)
                     .set("name", l.name)
                     .set("min", l.min_points)
                     .set("required", strings(l.required)));
    }
    scales.add(mp::MapBuilder().set("id", scale.id).set("name", scale.name).set("levels", levels));
  }
  return m.set("scales", scales);
}

mp::MapBuilder evaluation_reply(const Evaluation& ev) {
  mp::MapBuilder m;
  m.set("standard", ev.standard->id)
      .set("version", ev.standard->version)
      .set("total", points(ev.total))
      .set("complete", ev.complete())
      .set("missing", strings(ev.missing));
  mp::ArrayBuilder scores;
  for (const IndicatorScore& s : ev.scores) {
    scores.add(mp::MapBuilder()
                   .set("id", s.indicator->id)
                   .set("name", s.indicator->name)
                   .set("level", s.indicator->level)
                   .set("weight", s.indicator->weight)
                   .set("points", points(s.points))
                   .set("complete", s.complete));
  }
  m.set("scores", scores);
  return m.set("scales", scale_results_reply(ev.scales));
}

mp::ArrayBuilder scale_results_reply(const std::vector<ScaleResult>& results) {
  mp::ArrayBuilder scales;
  for (const ScaleResult& r : results) {
    mp::MapBuilder sm;
    sm.set("id", r.scale->id).set("name", r.scale->name);
    if (r.reached != nullptr) {
      sm.set("reached", level_ref(*r.reached));
    } else {
      sm.set_nil("reached");
    }
    if (r.next != nullptr) {
      sm.set("next", level_ref(*r.next)
                         .set("points_short", points(r.points_short))
                         .set("required_short", strings(r.required_short)));
    } else {
      sm.set_nil("next");
    }
    scales.add(sm);
  }
  return scales;
}

}  // namespace cedu::evaluation
