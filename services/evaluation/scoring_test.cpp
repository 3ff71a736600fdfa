#define BOOST_TEST_MODULE evaluation_scoring
#include "services/evaluation/scoring.h"

#include <cstdlib>
#include <string>

#include <boost/test/unit_test.hpp>

#include "common/config/reader.h"
#include "services/evaluation/standards_catalogue.h"
#include "services/evaluation/standards_parse.h"

namespace cedu::evaluation {
namespace {

std::string source_dir() {
  const char* dir = std::getenv("CEDU_SOURCE_DIR");
  return dir ? dir : CEDU_TEST_SOURCE_DIR;
}

// org 40 = plan 10 (annual_plan 10, manual, evidence) + head 30 (yes/no);
// work 60 = courses 20 (ramp 6..24) + rate 20 (ratio 40) + teachers 20 (threshold 3).
// Stars: star1 at 60; star2 at 80 with head at full marks.
const char* kDemo =
    "id: demo\nversion: 1\nname: 示例标准\norganisation: station\n"
    "effective_from: 2016-09-01\n"
    "indicators:\n"
    "  - id: org\n    name: 组织管理\n    weight: 40\n    children:\n"
    "      - id: plan\n        name: 工作计划\n        weight: 10\n        children:\n"
    "          - {id: annual_plan, name: 年度计划, weight: 10, rule: {kind: manual}, "
    "evidence: true}\n"
    "      - {id: head, name: 负责人, weight: 30, rule: {kind: yes_no}}\n"
    "  - id: work\n    name: 教育活动\n    weight: 60\n    children:\n"
    "      - {id: courses, name: 开展课程, weight: 20, fact: courses_held, "
    "rule: {kind: ramp, from: 6, to: 24}}\n"
    "      - {id: rate, name: 参与率, weight: 20, fact: participation_rate, "
    "rule: {kind: ratio, target: 40}}\n"
    "      - {id: teachers, name: 教师, weight: 20, fact: teachers, "
    "rule: {kind: threshold, min: 3}}\n"
    "scales:\n"
    "  - id: stars\n    name: 星级\n    levels:\n"
    "      - {id: star1, name: 一星级, min: 60}\n"
    "      - {id: star2, name: 二星级, min: 80, required: [head]}\n";

Standard demo() { return parse_standard(config::Reader::from_string(kDemo, "demo.yaml")); }

// Full marks everywhere.
Inputs full_inputs() {
  return {{"annual_plan", {10.0, {"计划.pdf"}}},
          {"head", {true, {}}},
          {"courses", {24.0, {}}},
          {"rate", {40.0, {}}},
          {"teachers", {3.0, {}}}};
}

Evaluation score(const Standard& s, const Inputs& in) {
  auto r = score_standard(s, in);
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  return *r;
}

BOOST_AUTO_TEST_CASE(full_marks_roll_up_to_100_and_the_top_level) {
  Standard s = demo();
  Evaluation ev = score(s, full_inputs());
  BOOST_TEST(ev.total == 10000);
  BOOST_TEST(ev.complete());
  BOOST_TEST(ev.scores.size() == 8u);  // every indicator, depth first
  BOOST_TEST(ev.scores[0].indicator->id == "org");
  BOOST_TEST(ev.scores[1].indicator->id == "plan");
  BOOST_TEST(ev.scores[2].indicator->id == "annual_plan");
  BOOST_TEST(ev.score_of("org")->points == 4000);
  BOOST_TEST(ev.score_of("plan")->full());
  BOOST_REQUIRE(ev.scales.size() == 1u);
  BOOST_REQUIRE(ev.scales[0].reached != nullptr);
  BOOST_TEST(ev.scales[0].reached->id == "star2");
  BOOST_TEST(ev.scales[0].next == nullptr);
}

BOOST_AUTO_TEST_CASE(partial_scores_add_up_by_the_tree) {
  Standard s = demo();
  Inputs in = full_inputs();
  in["annual_plan"].value = 7.5;
  in["courses"].value = 15.0;  // half of 20
  in["rate"].value = 10.0;     // a quarter of 20
  Evaluation ev = score(s, in);
  BOOST_TEST(ev.score_of("plan")->points == 750);
  BOOST_TEST(!ev.score_of("plan")->full());
  BOOST_TEST(ev.score_of("org")->points == 3750);
  BOOST_TEST(ev.score_of("work")->points == 1000 + 500 + 2000);
  BOOST_TEST(ev.total == 3750 + 3500);
  BOOST_TEST(points_text(ev.total) == "72.5");
  BOOST_TEST(ev.scales[0].reached->id == "star1");
  BOOST_TEST(ev.scales[0].next->id == "star2");
  BOOST_TEST(ev.scales[0].points_short == 750);
  BOOST_TEST(ev.scales[0].required_short.empty());
}

BOOST_AUTO_TEST_CASE(levels_are_reached_at_their_minimum_exactly) {
  Standard s = demo();
  Inputs in = full_inputs();
  in["rate"].value = 0.0;  // 80 points exactly, head full
  Evaluation ev = score(s, in);
  BOOST_TEST(ev.total == 8000);
  BOOST_TEST(ev.scales[0].reached->id == "star2");
  in["annual_plan"].value = 9.99;  // 79.99
  ev = score(s, in);
  BOOST_TEST(ev.scales[0].reached->id == "star1");
  BOOST_TEST(ev.scales[0].points_short == 1);
  // 60 exactly is one star; 59.99 none.
  in["annual_plan"].value = 0.0;
  in["courses"].value = 6.0;
  in["teachers"].value = 3.0;
  in["head"].value = true;   // 30 + 20 + 10? no: 0 + 30 + 0 + 0 + 20 = 50
  ev = score(s, in);
  BOOST_TEST(ev.total == 5000);
  BOOST_TEST(ev.scales[0].reached == nullptr);
  BOOST_TEST(ev.scales[0].next->id == "star1");
  BOOST_TEST(ev.scales[0].points_short == 1000);
  in["annual_plan"].value = 10.0;
  ev = score(s, in);
  BOOST_TEST(ev.total == 6000);
  BOOST_TEST(ev.scales[0].reached->id == "star1");
  in["annual_plan"].value = 9.99;
  ev = score(s, in);
  BOOST_TEST(ev.scales[0].reached == nullptr);
}

BOOST_AUTO_TEST_CASE(a_required_indicator_short_of_full_marks_holds_the_level_back) {
  Standard s = demo();
  Inputs in = full_inputs();
  in["head"].value = false;  // 70 points, but star2 needs head anyway
  in["annual_plan"].value = 10.0;
  Evaluation ev = score(s, in);
  BOOST_TEST(ev.total == 7000);
  BOOST_TEST(ev.scales[0].reached->id == "star1");
  BOOST_TEST(ev.scales[0].next->id == "star2");
  BOOST_TEST(ev.scales[0].points_short == 1000);
  BOOST_TEST(ev.scales[0].required_short == std::vector<std::string>{"head"});
}

BOOST_AUTO_TEST_CASE(missing_values_are_listed_and_reach_no_level) {
  Standard s = demo();
  Inputs in = full_inputs();
  in.erase("rate");
  in.erase("annual_plan");
  Evaluation ev = score(s, in);
  BOOST_TEST(!ev.complete());
  BOOST_TEST(ev.missing == (std::vector<std::string>{"annual_plan", "rate"}));
  BOOST_TEST(ev.total == 7000);  // what was scored
  BOOST_TEST(!ev.score_of("work")->complete);
  BOOST_TEST(ev.score_of("teachers")->complete);
  BOOST_TEST(ev.scales[0].reached == nullptr);  // not guessed
  BOOST_TEST(ev.scales[0].next->id == "star1");
}

BOOST_AUTO_TEST_CASE(refusals_name_the_indicator) {
  Standard s = demo();
  Inputs in = full_inputs();
  in["annual_plan"].value = 10.5;
  auto r = score_standard(s, in);
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST((r.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(r.status().field() == "values.annual_plan");
  BOOST_TEST(r.status().message() ==
             "indicator annual_plan (年度计划): manual score 10.5 is out of bounds 0..10");

  in = full_inputs();
  in["annual_plan"].evidence.clear();
  r = score_standard(s, in);
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST((r.status().code() == StatusCode::kFailedPrecondition));
  BOOST_TEST(r.status().field() == "values.annual_plan.evidence");
  BOOST_TEST(r.status().message() ==
             "indicator annual_plan (年度计划) requires evidence (佐证材料) with its score");
  in["annual_plan"].evidence = {""};  // an empty name is no evidence
  BOOST_TEST((score_standard(s, in).status().code() == StatusCode::kFailedPrecondition));
  in["annual_plan"].value = 0.01;  // any points need it
  BOOST_TEST((score_standard(s, in).status().code() == StatusCode::kFailedPrecondition));
  in["annual_plan"].value = 0.0;  // nothing claimed, nothing to back
  BOOST_TEST(score_standard(s, in).ok());

  in = full_inputs();
  in["courses_held"] = {1.0, {}};
  r = score_standard(s, in);
  BOOST_TEST((r.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(r.status().field() == "values.courses_held");
  BOOST_TEST(r.status().message() == "standard demo v1 has no indicator \"courses_held\"");

  in = full_inputs();
  in["plan"] = {10.0, {}};
  r = score_standard(s, in);
  BOOST_TEST((r.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(r.status().field() == "values.plan");

  in = full_inputs();
  in["head"].value = 1.0;
  r = score_standard(s, in);
  BOOST_TEST(r.status().field() == "values.head");
}

BOOST_AUTO_TEST_CASE(points_read_as_staff_write_them) {
  BOOST_TEST(points_text(0) == "0");
  BOOST_TEST(points_text(5) == "0.05");
  BOOST_TEST(points_text(1250) == "12.5");
  BOOST_TEST(points_text(10000) == "100");
  BOOST_TEST(points_text(8999) == "89.99");
}

// The shipped standards: full marks reach the top level; each required indicator of
// the top level, alone short, holds it back.
BOOST_AUTO_TEST_CASE(shipped_standards_score_to_their_top_levels) {
  StandardCatalogue c = StandardCatalogue::load_dir(source_dir() + "/configs/standards");
  for (const Standard& s : c.all()) {
    Inputs in;
    for (const Indicator* leaf : s.leaves()) {
      LeafInput li;
      switch (leaf->rule.kind) {
        case RuleKind::kManual: li.value = double(leaf->weight); break;
        case RuleKind::kYesNo: li.value = true; break;
        case RuleKind::kThreshold: li.value = leaf->rule.min; break;
        case RuleKind::kRamp: li.value = leaf->rule.to; break;
        case RuleKind::kRatio: li.value = leaf->rule.target; break;
      }
      if (leaf->evidence) li.evidence = {"材料.pdf"};
      in.emplace(leaf->id, li);
    }
    Evaluation ev = score(s, in);
    BOOST_TEST(ev.total == 10000, s.id);
    for (const ScaleResult& r : ev.scales) {
      BOOST_REQUIRE(r.reached != nullptr);
      BOOST_TEST(r.reached == &r.scale->levels.back(), s.id + " " + r.scale->id);
      for (const std::string& id : r.scale->levels.back().required) {
        Inputs short_one = in;
        const Indicator* ind = s.find(id);
        BOOST_REQUIRE(ind->is_leaf());
        LeafInput& li = short_one[id];
        if (ind->rule.kind == RuleKind::kYesNo) {
          li.value = false;
        } else if (ind->rule.kind == RuleKind::kManual) {
          li.value = ind->weight - 0.5;
        } else if (ind->rule.kind == RuleKind::kThreshold) {
          li.value = ind->rule.min * 0.99;
        } else {
          li.value = (ind->rule.kind == RuleKind::kRamp ? ind->rule.to : ind->rule.target) * 0.99;
        }
        Evaluation held = score(s, short_one);
        const ScaleResult* same = nullptr;
        for (const ScaleResult& h : held.scales) {
          if (h.scale == r.scale) same = &h;
        }
        BOOST_REQUIRE(same != nullptr);
        BOOST_TEST(same->reached != &r.scale->levels.back(), s.id + " without " + id);
        BOOST_TEST(same->required_short == std::vector<std::string>{id});
      }
    }
  }
}

}  // namespace
}  // namespace cedu::evaluation
