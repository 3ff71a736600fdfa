#define BOOST_TEST_MODULE evaluation_standards
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>

#include <boost/test/unit_test.hpp>

#include "common/config/error.h"
#include "common/testing/config_errors.h"
#include "common/testing/temp_dir.h"
#include "services/evaluation/standards_catalogue.h"
#include "services/evaluation/standards_facts.h"
#include "services/evaluation/standards_parse.h"

namespace cedu::evaluation {
namespace {

using config::Reader;

std::string source_dir() {
  const char* dir = std::getenv("CEDU_SOURCE_DIR");
  return dir ? dir : CEDU_TEST_SOURCE_DIR;
}

template <typename F>
std::string error_of(F&& f) {
  return cedu::testing::config_error_of(std::forward<F>(f));
}

// A small valid standard; the error cases below change one thing in it.
const std::string kBase =
    "id: demo\n"                                                   // 1
    "version: 2\n"                                                 // 2
    "name: 示例标准\n"                                             // 3
    "organisation: station\n"                                      // 4
    "effective_from: 2016-09-01\n"                                 // 5
    "indicators:\n"                                                // 6
    "  - id: org\n"                                                // 7
    "    name: 组织管理\n"                                         // 8
    "    weight: 40\n"                                             // 9
    "    children:\n"                                              // 10
    "      - id: plan\n"                                           // 11
    "        name: 工作计划\n"                                     // 12
    "        weight: 10\n"                                         // 13
    "        children:\n"                                          // 14
    "          - id: annual_plan\n"                                // 15
    "            name: 年度计划\n"                                 // 16
    "            weight: 10\n"                                     // 17
    "            rule: {kind: manual}\n"                           // 18
    "            evidence: true\n"                                 // 19
    "      - id: head\n"                                           // 20
    "        name: 负责人\n"                                       // 21
    "        weight: 30\n"                                         // 22
    "        rule: {kind: yes_no}\n"                               // 23
    "  - id: work\n"                                               // 24
    "    name: 教育活动\n"                                         // 25
    "    weight: 60\n"                                             // 26
    "    children:\n"                                              // 27
    "      - id: courses\n"                                        // 28
    "        name: 开展课程\n"                                     // 29
    "        weight: 20\n"                                         // 30
    "        fact: courses_held\n"                                 // 31
    "        rule: {kind: ramp, from: 6, to: 24}\n"                // 32
    "      - id: rate\n"                                           // 33
    "        name: 参与率\n"                                       // 34
    "        weight: 20\n"                                         // 35
    "        fact: participation_rate\n"                           // 36
    "        rule: {kind: ratio, target: 40}\n"                    // 37
    "      - id: teachers\n"                                       // 38
    "        name: 教师\n"                                         // 39
    "        weight: 20\n"                                         // 40
    "        fact: teachers\n"                                     // 41
    "        rule: {kind: threshold, min: 3}\n"                    // 42
    "scales:\n"                                                    // 43
    "  - id: stars\n"                                              // 44
    "    name: 星级\n"                                             // 45
    "    levels:\n"                                                // 46
    "      - {id: star1, name: 一星级, min: 60}\n"                 // 47
    "      - {id: star2, name: 二星级, min: 80, required: [head]}\n";  // 48

std::string with(const std::string& from, const std::string& to, std::string text = kBase) {
  return cedu::testing::replace_first(std::move(text), from, to);
}

std::string error_of_text(const std::string& text) {
  return error_of([&] { parse_standard(Reader::from_string(text, "demo.yaml")); });
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
}

BOOST_AUTO_TEST_CASE(small_standard_parses) {
  Standard s = parse_standard(Reader::from_string(kBase, "demo.yaml"));
  BOOST_TEST(s.id == "demo");
  BOOST_TEST(s.version == 2);
  BOOST_TEST(s.version_line == 2);
  BOOST_TEST((s.org_type == OrgType::kStation));
  BOOST_TEST(s.source == "demo.yaml");
  BOOST_REQUIRE(s.indicators.size() == 2u);
  const Indicator* plan = s.find("annual_plan");
  BOOST_REQUIRE(plan != nullptr);
  BOOST_TEST(plan->level == 3);
  BOOST_TEST(plan->evidence);
  BOOST_TEST(!plan->automatic());
  BOOST_TEST(plan->line == 15);
  BOOST_TEST(s.find("head")->level == 2);
  BOOST_TEST(!s.find("head")->evidence);
  const Indicator* courses = s.find("courses");
  BOOST_TEST(courses->fact == "courses_held");
  BOOST_TEST((courses->rule.kind == RuleKind::kRamp));
  BOOST_TEST(courses->rule.from == 6.0);
  BOOST_TEST(courses->rule.to == 24.0);
  BOOST_TEST(s.find("rate")->rule.target == 40.0);
  BOOST_TEST(s.find("teachers")->rule.min == 3.0);
  BOOST_TEST(s.find("nothing") == nullptr);
  auto leaves = s.leaves();
  BOOST_REQUIRE(leaves.size() == 5u);
  BOOST_TEST(leaves[0]->id == "annual_plan");
  BOOST_TEST(leaves[4]->id == "teachers");
  BOOST_REQUIRE(s.scales.size() == 1u);
  BOOST_TEST(s.scales[0].levels[1].required == std::vector<std::string>{"head"});
  BOOST_TEST(s.scales[0].levels[1].min_points == 80.0);
}

BOOST_AUTO_TEST_CASE(children_weights_must_add_up_to_the_parent) {
  BOOST_TEST(error_of_text(with("        weight: 30\n", "        weight: 29\n")) ==
             "demo.yaml:11: indicators[0].children: weights add up to 39, must equal the "
             "weight of org (40)");
  // A third-level leaf that does not fill its second-level parent.
  BOOST_TEST(error_of_text(with("            weight: 10\n", "            weight: 9\n")) ==
             "demo.yaml:15: indicators[0].children[0].children: weights add up to 9, must "
             "equal the weight of plan (10)");
}

BOOST_AUTO_TEST_CASE(first_level_weights_must_add_up_to_100) {
  // Parent and children both changed so only the total is wrong.
  std::string text = with("    weight: 60\n", "    weight: 61\n");
  text = with("        weight: 20\n        fact: teachers\n",
              "        weight: 21\n        fact: teachers\n", text);
  BOOST_TEST(error_of_text(text) ==
             "demo.yaml:7: indicators: first-level weights add up to 101, must add up to 100");
}

BOOST_AUTO_TEST_CASE(weights_are_positive_whole_points) {
  BOOST_TEST(error_of_text(with("        weight: 30\n", "        weight: 0\n")) ==
             "demo.yaml:22: indicators[0].children[1].weight: must be between 1 and 100");
  BOOST_TEST(error_of_text(with("        weight: 30\n", "        weight: 2.5\n")).starts_with(
      "demo.yaml:22: indicators[0].children[1].weight: expected integer"));
  BOOST_TEST(error_of_text(with("        weight: 30\n", "")) ==
             "demo.yaml:20: indicators[0].children[1].weight: required key is missing");
}

BOOST_AUTO_TEST_CASE(tree_shape_is_checked) {
  BOOST_TEST(error_of_text(with("            rule: {kind: manual}\n            evidence: true\n",
                                "            children: [{id: x, name: x, weight: 10, "
                                "rule: {kind: manual}}]\n")) ==
             "demo.yaml:18: indicators[0].children[0].children[0].children: indicators go "
             "three levels deep at most (一级/二级/三级指标)");
  BOOST_TEST(error_of_text(with("        rule: {kind: yes_no}\n", "")) ==
             "demo.yaml:20: indicators[0].children[1].rule: a leaf indicator needs a scoring "
             "rule");
  BOOST_TEST(error_of_text(with("    weight: 40\n", "    weight: 40\n    evidence: true\n")) ==
             "demo.yaml:10: indicators[0].evidence: only a leaf indicator (one without "
             "children) has evidence");
  BOOST_TEST(error_of_text(with("      - id: head\n", "      - id: plan\n")) ==
             "demo.yaml:20: indicators[0].children[1].id: duplicate indicator id \"plan\" "
             "(first at line 11)");
  BOOST_TEST(error_of_text(with("      - id: head\n", "      - id: Head\n")) ==
             "demo.yaml:20: indicators[0].children[1].id: \"Head\" must match "
             "[a-z][a-z0-9_]*");
  BOOST_TEST(error_of_text(with("        name: 负责人\n", "        name: 工作计划\n")) ==
             "demo.yaml:21: indicators[0].children[1].name: duplicate indicator name under "
             "org: \"工作计划\" (first at line 12)");
  BOOST_TEST(error_of_text(with("        weight: 30\n", "        weight: 30\n        note: x\n")) ==
             "demo.yaml:23: indicators[0].children[1].note: unknown key (allowed: id, name, "
             "weight, criteria, children, rule, evidence, fact)");
}

BOOST_AUTO_TEST_CASE(rules_are_checked) {
  BOOST_TEST(error_of_text(with("{kind: yes_no}", "{kind: maybe}")) ==
             "demo.yaml:23: indicators[0].children[1].rule.kind: must be one of manual, "
             "threshold, ramp, ratio, yes_no, got \"maybe\"");
  BOOST_TEST(error_of_text(with("from: 6, to: 24", "from: 24, to: 24")) ==
             "demo.yaml:32: indicators[1].children[0].rule.to: must be above from (24)");
  BOOST_TEST(error_of_text(with("from: 6, to: 24", "from: -1, to: 24")) ==
             "demo.yaml:32: indicators[1].children[0].rule.from: must not be negative");
  BOOST_TEST(error_of_text(with("from: 6, to: 24", "from: 6")) ==
             "demo.yaml:32: indicators[1].children[0].rule.to: required key is missing");
  BOOST_TEST(error_of_text(with("target: 40", "target: 0")) ==
             "demo.yaml:37: indicators[1].children[1].rule.target: must be positive");
  BOOST_TEST(error_of_text(with("{kind: threshold, min: 3}", "{kind: threshold, target: 3}")) ==
             "demo.yaml:42: indicators[1].children[2].rule.min: required key is missing");
  BOOST_TEST(error_of_text(with("{kind: threshold, min: 3}",
                                "{kind: threshold, min: 3, target: 3}")) ==
             "demo.yaml:42: indicators[1].children[2].rule.target: unknown key (allowed: "
             "kind, min)");
  BOOST_TEST(error_of_text(with("{kind: yes_no}", "{kind: yes_no, min: 1}")) ==
             "demo.yaml:23: indicators[0].children[1].rule.min: unknown key (allowed: kind)");
}

BOOST_AUTO_TEST_CASE(automatic_indicators_name_a_known_fact) {
  std::string err = error_of_text(with("fact: courses_held", "fact: lessons"));
  BOOST_TEST(err.starts_with("demo.yaml:31: indicators[1].children[0].fact: unknown fact "
                             "\"lessons\" (known: activity_brands, courses_held,"));
  BOOST_TEST(error_of_text(with("{kind: ramp, from: 6, to: 24}", "{kind: manual}")) ==
             "demo.yaml:32: indicators[1].children[0].rule: an automatic indicator (fact: "
             "courses_held) cannot have a manual rule: its value is a figure, not points");
  for (const Fact& f : known_facts()) {
    BOOST_TEST(find_fact(f.name) == &f);
    BOOST_TEST(!f.label.empty());
  }
  BOOST_TEST(find_fact("lessons") == nullptr);
}

BOOST_AUTO_TEST_CASE(header_is_checked) {
  BOOST_TEST(error_of_text(with("organisation: station", "organisation: school")) ==
             "demo.yaml:4: organisation: must be one of town, community, station, family, "
             "association, enterprise, got \"school\"");
  BOOST_TEST(error_of_text(with("effective_from: 2016-09-01", "effective_from: 2016-13-01")) ==
             "demo.yaml:5: effective_from: must be a date YYYY-MM-DD, got \"2016-13-01\"");
  BOOST_TEST(error_of_text(with("version: 2", "version: 0")) ==
             "demo.yaml:2: version: must be between 1 and 1000000");
  BOOST_TEST(error_of_text(with("name: 示例标准\n", "")) ==
             "demo.yaml:1: name: required key is missing");
}

BOOST_AUTO_TEST_CASE(scales_are_checked) {
  BOOST_TEST(error_of_text(with("min: 80", "min: 60")) ==
             "demo.yaml:48: scales[0].levels[1].min: levels go up: must be above the previous "
             "level's min (star1)");
  BOOST_TEST(error_of_text(with("required: [head]", "required: [hed]")) ==
             "demo.yaml:48: scales[0].levels[1].required: unknown indicator \"hed\"");
  BOOST_TEST(error_of_text(with("required: [head]", "required: [head, head]")) ==
             "demo.yaml:48: scales[0].levels[1].required: indicator \"head\" listed twice");
  BOOST_TEST(error_of_text(with("min: 80", "min: 101")) ==
             "demo.yaml:48: scales[0].levels[1].min: must be between 0 and 100");
  BOOST_TEST(error_of_text(with("{id: star2,", "{id: star1,")) ==
             "demo.yaml:48: scales[0].levels[1].id: duplicate level id \"star1\" (first at "
             "line 47)");
  const std::string no_scales = kBase.substr(0, kBase.find("scales:"));
  BOOST_TEST(error_of_text(no_scales) ==
             "demo.yaml:1: scales: a standard needs at least one scale");
}

BOOST_AUTO_TEST_CASE(catalogue_finds_versions_and_refuses_duplicates) {
  testing::TempDir dir;
  write_file(dir.file("demo-v2.yaml"), kBase);
  write_file(dir.file("demo-v3.yaml"), with("version: 2", "version: 3"));
  write_file(dir.file("notes.txt"), "not a standard");
  StandardCatalogue c = StandardCatalogue::load_dir(dir.path().string());
  BOOST_REQUIRE(c.all().size() == 2u);
  BOOST_TEST(c.get("demo")->version == 3);
  BOOST_TEST(c.get("demo", 2)->version == 2);
  BOOST_TEST(c.get("demo", 4) == nullptr);
  BOOST_TEST(c.get("town") == nullptr);

  write_file(dir.file("demo-v2-copy.yaml"), kBase);
  BOOST_TEST(error_of([&] { StandardCatalogue::load_dir(dir.path().string()); }) ==
             dir.file("demo-v2.yaml") + ":2: version: duplicate standard demo version 2 (also in " +
                 dir.file("demo-v2-copy.yaml") + ")");

  testing::TempDir empty;
  BOOST_TEST(error_of([&] { StandardCatalogue::load_dir(empty.path().string()); }) ==
             empty.path().string() + ": no standards (*.yaml) found");
  write_file(empty.file("bad.yaml"), with("weight: 40", "weight: 41"));
  BOOST_TEST(error_of([&] { StandardCatalogue::load_dir(empty.path().string()); }) ==
             empty.file("bad.yaml") +
                 ":11: indicators[0].children: weights add up to 40, must equal the weight "
                 "of org (41)");
}

BOOST_AUTO_TEST_CASE(shipped_standards_load) {
  StandardCatalogue c = StandardCatalogue::load_dir(source_dir() + "/configs/standards");
  const Standard* station = c.get("station", 1);
  BOOST_REQUIRE(station != nullptr);
  BOOST_TEST((station->org_type == OrgType::kStation));
  BOOST_TEST(station->name == "番禺区星级村居社区教育辅导站评估标准");
  BOOST_REQUIRE(station->scales.size() == 1u);
  BOOST_TEST(station->scales[0].id == "stars");
  BOOST_TEST(station->scales[0].levels.size() == 5u);

  const Standard* town = c.get("town", 1);
  BOOST_REQUIRE(town != nullptr);
  BOOST_TEST((town->org_type == OrgType::kTown));
  BOOST_REQUIRE(town->scales.size() == 2u);
  BOOST_TEST(town->scales[0].levels.size() == 3u);  // 合格/良好/优秀
  BOOST_TEST(town->scales[1].id == "demonstration");
  BOOST_TEST(town->scales[1].levels[0].id == "provincial");
  BOOST_TEST(town->scales[1].levels[1].id == "national");
  // The plan's funding target, 4 yuan per resident, is a provincial requirement.
  const Indicator* funding = town->find("funding_per_resident");
  BOOST_REQUIRE(funding != nullptr);
  BOOST_TEST(funding->rule.target == 400.0);
  BOOST_TEST(town->scales[1].levels[0].required.size() == 4u);

  // One standard per kind the plan names; the families', associations' and enterprises'
  // figures are entered by the evaluator, the others take their facts from the services.
  std::set<std::string> kinds;
  for (const Standard& s : c.all()) {
    kinds.insert(std::string(org_type_name(s.org_type)));
    int automatic = 0;
    for (const Indicator* leaf : s.leaves()) {
      BOOST_TEST(leaf->level >= 2, leaf->id);
      automatic += leaf->automatic();
    }
    const bool entered_by_hand = s.org_type == OrgType::kFamily ||
                                 s.org_type == OrgType::kAssociation ||
                                 s.org_type == OrgType::kEnterprise;
    BOOST_TEST((entered_by_hand ? automatic == 0 : automatic >= 4), s.id);
  }
  BOOST_TEST(kinds == (std::set<std::string>{"association", "community", "enterprise", "family",
                                             "station", "town"}));
}

}  // namespace
}  // namespace cedu::evaluation
