// The performance evaluation of special funds: the shipped indicator system loads; a bad
// one stops with file:line; scores at the band edges (90 excellent, 89.99 good, 80 good,
// 79.99 fair, 60 fair, 59.99 poor); lower-is-better costs; an actual that cannot be had is
// unavailable — no points, no band, never guessed; the libraries are asked once each, a
// library that is down makes only its actuals unavailable, hours are summed over pages.
#define BOOST_TEST_MODULE funding_performance
#include <boost/test/unit_test.hpp>

#include "common/msgpack/builder.h"
#include "common/testing/config_errors.h"
#include "services/funding/funding_test_support.h"
#include "services/funding/performance_actuals.h"

using namespace cedu;
using namespace cedu::funding;
using cedu::testing::config_error_of;
using cedu::testing::replace_first;

namespace {

const std::string kSystem =
    "name: 测试指标体系\n"
    "version: 1\n"
    "indicators:\n"
    "  - id: execution\n"
    "    name: 预算执行率\n"
    "    dimension: process\n"
    "    weight: 100\n"
    "    measure: execution_rate\n"
    "    target: 10000\n"
    "bands:\n"
    "  - {id: poor, name: 差, min: 0}\n"
    "  - {id: fair, name: 中, min: 60}\n"
    "  - {id: good, name: 良, min: 80}\n"
    "  - {id: excellent, name: 优, min: 90}\n";

PerformanceConfig parse(const std::string& text) {
  return parse_performance(config::Reader::from_string(text, "performance.yaml"));
}

std::string error_of(const std::string& text) {
  return config_error_of([&] { parse(text); });
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_shipped_system_loads) {
  const PerformanceConfig c = cedu::funding::testing::shipped_performance();
  BOOST_TEST(c.name == "番禺区社区教育专项资金绩效评价指标体系");
  BOOST_TEST(c.indicators.size() == 10u);
  int total = 0;
  std::set<std::string> dimensions;
  for (const auto& i : c.indicators) {
    total += i.weight;
    dimensions.insert(i.dimension);
  }
  BOOST_TEST(total == 100);
  BOOST_TEST(dimensions.size() == 5u);  // input, process, output, effect, satisfaction
  BOOST_REQUIRE(c.bands.size() == 4u);
  BOOST_TEST(c.bands.back().id == "excellent");
  BOOST_TEST(c.bands.back().min == 90);
}

BOOST_AUTO_TEST_CASE(a_bad_system_stops_with_file_and_line) {
  BOOST_TEST(error_of(replace_first(kSystem, "weight: 100", "weight: 90")) ==
             "performance.yaml:4: indicators: weights must add up to 100, got 90");
  BOOST_TEST(error_of(replace_first(kSystem, "measure: execution_rate", "measure: happiness"))
                 .starts_with("performance.yaml:8: indicators[0].measure: must be one of execution_rate,"));
  BOOST_TEST(error_of(replace_first(kSystem, "dimension: process", "dimension: process\n    aspect: cost")) ==
             "performance.yaml:7: indicators[0].aspect: only output indicators have an aspect");
  BOOST_TEST(error_of(replace_first(kSystem, "dimension: process", "dimension: output")) ==
             "performance.yaml:4: indicators[0].aspect: an output indicator names its aspect: "
             "quantity, quality, timeliness or cost");
  BOOST_TEST(error_of(replace_first(kSystem, "target: 10000", "target: 0")) ==
             "performance.yaml:9: indicators[0].target: must be between 1 and 1000000000000");
  BOOST_TEST(error_of(replace_first(kSystem, "min: 80", "min: 50")) ==
             "performance.yaml:13: bands[2].min: must be above the previous band's (60)");
  BOOST_TEST(error_of(replace_first(kSystem, "min: 0}", "min: 10}")) ==
             "performance.yaml:11: bands[0].min: the first band starts at 0");
  BOOST_TEST(error_of(replace_first(kSystem, "    target: 10000\n", "    target: 10000\n    traget: 1\n"))
                 .starts_with("performance.yaml:10: indicators[0].traget: unknown key"));
  BOOST_TEST(error_of(replace_first(kSystem, "id: execution", "id: Execution")) ==
             "performance.yaml:4: indicators[0].id: must match [a-z][a-z0-9_]*, got \"Execution\"");
  BOOST_TEST(error_of(kSystem) == "no error");
}

BOOST_AUTO_TEST_CASE(scores_at_the_band_edges) {
  const PerformanceConfig c = parse(kSystem);
  // One indicator of weight 100 and target 10000: the actual is the score in hundredths.
  const std::vector<std::pair<std::int64_t, std::string>> cases = {
      {10000, "excellent"}, {9000, "excellent"}, {8999, "good"}, {8000, "good"},
      {7999, "fair"},       {6000, "fair"},      {5999, "poor"}, {0, "poor"},
      {12000, "excellent"}};  // beyond the target: full marks, no more
  for (const auto& [actual, band] : cases) {
    const PerformanceScore s = score_performance(c, {{"execution", Actual{actual, ""}}});
    BOOST_TEST(s.complete);
    BOOST_TEST(s.score_centi == std::min<std::int64_t>(actual, 10000));
    BOOST_REQUIRE(s.band.has_value());
    BOOST_TEST(s.band->id == band, "actual " << actual);
  }
}

BOOST_AUTO_TEST_CASE(a_cost_earns_full_points_at_or_below_its_target) {
  PerformanceIndicator cost{"cost", "人均成本", "output", "cost", 10, Measure::kCostPerParticipant, 5000, true};
  BOOST_TEST(indicator_points_centi(cost, 4000) == 1000);
  BOOST_TEST(indicator_points_centi(cost, 5000) == 1000);
  BOOST_TEST(indicator_points_centi(cost, 10000) == 500);
  BOOST_TEST(indicator_points_centi(cost, 0) == 1000);
  PerformanceIndicator count{"n", "课程数", "output", "quantity", 10, Measure::kCoursesHeld, 3, false};
  BOOST_TEST(indicator_points_centi(count, 1) == 333);  // rounded down
  BOOST_TEST(indicator_points_centi(count, -5) == 0);
}

BOOST_AUTO_TEST_CASE(an_unavailable_actual_earns_nothing_and_leaves_no_band) {
  const PerformanceConfig c = parse(kSystem);
  const PerformanceScore s = score_performance(c, {{"execution", Actual{std::nullopt, "no budget in the year"}}});
  BOOST_TEST(!s.complete);
  BOOST_TEST(!s.band.has_value());
  BOOST_TEST(s.score_centi == 0);
  BOOST_TEST(s.items.front().actual.note == "no budget in the year");
  BOOST_TEST(!score_performance(c, {}).complete);
}

BOOST_AUTO_TEST_CASE(actuals_come_from_the_ledger_and_the_libraries_once_each) {
  const PerformanceConfig c = cedu::funding::testing::shipped_performance();
  std::map<std::string, int> asked;
  PeerCall peer = [&](std::string_view service, std::string_view method, const std::string& params)
      -> Result<msgpack::object_handle> {
    const std::string m = std::string(service) + "." + std::string(method);
    ++asked[m];
    auto handle = mp::unpack(params, "p");
    auto p = mp::MapView::of(handle->get()).value();
    BOOST_TEST(p.int64("year").value() == 2026);
    BOOST_TEST(p.string("town").value() == "nancun");
    mp::MapBuilder r;
    if (m == "course.activity") r.set("sessions", 40).set("courses", 150).set("completions", 120);
    if (m == "course.participants") {
      r.set("total", mp::MapBuilder().set("participants", 1000).set("elderly", 300));
    }
    if (m == "project.yearly") r.set("by_status", mp::MapBuilder().set("concluded", 5));
    if (m == "volunteer.hours_entries") {
      if (p.int64("after").value() == 0) {  // two pages: 90 + 30 minutes, then 60
        mp::ArrayBuilder items;
        items.add(mp::MapBuilder().set("id", 1).set("minutes", 90));
        items.add(mp::MapBuilder().set("id", 7).set("minutes", 30));
        r.set("items", items).set("next_after", 7);
      } else {
        mp::ArrayBuilder items;
        items.add(mp::MapBuilder().set("id", 9).set("minutes", 60));
        r.set("items", items).set_nil("next_after");
      }
    }
    return mp::unpack(r.bytes(), "reply");
  };
  PerformanceScope scope{2026, std::string("nancun"), {}, 1000};
  scope.totals.budget_fen = 500'000;
  scope.totals.expenditure_fen = 400'000;
  scope.totals.disbursed_fen = 100'000;
  scope.totals.received_fen = 100'000;
  auto actuals = gather_actuals(c, scope, peer, {{"satisfaction", 95}});
  BOOST_TEST(*actuals["per_resident_funding"].value == 500);
  BOOST_TEST(*actuals["funds_in_place"].value == 10000);
  BOOST_TEST(*actuals["budget_execution"].value == 8000);
  BOOST_TEST(*actuals["courses_held"].value == 150);
  BOOST_TEST(*actuals["volunteer_hours"].value == 3);  // 180 minutes
  BOOST_TEST(*actuals["projects_concluded"].value == 5);
  BOOST_TEST(*actuals["cost_per_participant"].value == 400);
  BOOST_TEST(*actuals["participants"].value == 1000);
  BOOST_TEST(*actuals["completions"].value == 120);
  BOOST_TEST(actuals["completions"].note == "course.activity");
  BOOST_TEST(*actuals["satisfaction"].value == 95);
  BOOST_TEST(asked["course.participants"] == 1);  // two indicators, one call
  BOOST_TEST(asked["course.activity"] == 1);  // courses held and completions, one call
  BOOST_TEST(asked["volunteer.hours_entries"] == 2);  // two pages

  // The course library down: its actuals unavailable with the reason, the rest as before.
  PeerCall down = [&](std::string_view service, std::string_view method, const std::string& params)
      -> Result<msgpack::object_handle> {
    if (service == "course") return Status::unavailable("no live worker serves course");
    return peer(service, method, params);
  };
  auto partial = gather_actuals(c, scope, down, {});
  BOOST_TEST(!partial["courses_held"].value.has_value());
  BOOST_TEST(partial["courses_held"].note.find("course.activity: UNAVAILABLE") != std::string::npos,
             partial["courses_held"].note);
  BOOST_TEST(!partial["participants"].value.has_value());
  BOOST_TEST(!partial["completions"].value.has_value());
  BOOST_TEST(partial["completions"].note.find("course.activity: UNAVAILABLE") != std::string::npos,
             partial["completions"].note);
  BOOST_TEST(!partial["cost_per_participant"].value.has_value());
  BOOST_TEST(!partial["satisfaction"].value.has_value());
  BOOST_TEST(partial["satisfaction"].note == "no value given (params.manual.satisfaction)");
  BOOST_TEST(*partial["projects_concluded"].value == 5);
  const PerformanceScore s = score_performance(c, partial);
  BOOST_TEST(!s.complete);
  BOOST_TEST(!s.band.has_value());
}
