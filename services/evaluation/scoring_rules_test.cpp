#define BOOST_TEST_MODULE evaluation_scoring_rules
#include "services/evaluation/scoring_rules.h"

#include <cmath>
#include <limits>

#include <boost/test/unit_test.hpp>

namespace cedu::evaluation {
namespace {

Indicator leaf(RuleKind kind, int weight) {
  Indicator i;
  i.id = "x";
  i.name = "指标";
  i.level = 3;
  i.weight = weight;
  i.rule.kind = kind;
  return i;
}

// The score in centi-points; -1 when refused.
CentiPoints score(const Indicator& i, Value v) {
  auto r = score_leaf(i, v);
  return r.ok() ? *r : -1;
}

void expect_refused(const Indicator& i, Value v, const std::string& message) {
  auto r = score_leaf(i, v);
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST((r.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(r.status().field() == "values.x");
  BOOST_TEST(r.status().message() == "indicator x (指标): " + message);
}

BOOST_AUTO_TEST_CASE(manual_score_is_taken_within_zero_and_the_weight) {
  Indicator i = leaf(RuleKind::kManual, 10);
  BOOST_TEST(score(i, 0.0) == 0);
  BOOST_TEST(score(i, 0.01) == 1);
  BOOST_TEST(score(i, 7.5) == 750);
  BOOST_TEST(score(i, 9.99) == 999);
  BOOST_TEST(score(i, 10.0) == 1000);
  expect_refused(i, 10.01, "manual score 10.01 is out of bounds 0..10");
  expect_refused(i, 11.0, "manual score 11 is out of bounds 0..10");
  expect_refused(i, -0.01, "the value must not be negative, got -0.01");
  expect_refused(i, true, "expects a number, got yes/no");
  expect_refused(i, std::numeric_limits<double>::quiet_NaN(), "the value must be a finite number");
  expect_refused(i, std::numeric_limits<double>::infinity(), "the value must be a finite number");
}

BOOST_AUTO_TEST_CASE(threshold_gives_all_at_the_minimum_and_nothing_below) {
  Indicator i = leaf(RuleKind::kThreshold, 4);
  i.rule.min = 3;
  BOOST_TEST(score(i, 0.0) == 0);
  BOOST_TEST(score(i, 2.0) == 0);
  BOOST_TEST(score(i, 2.999) == 0);
  BOOST_TEST(score(i, 3.0) == 400);
  BOOST_TEST(score(i, 3.001) == 400);
  BOOST_TEST(score(i, 1e9) == 400);
  expect_refused(i, -1.0, "the value must not be negative, got -1");
  expect_refused(i, false, "expects a number, got yes/no");
  // A threshold of 100 % (coverage): 99.9 is not enough.
  i.rule.min = 100;
  BOOST_TEST(score(i, 99.9) == 0);
  BOOST_TEST(score(i, 100.0) == 400);
}

BOOST_AUTO_TEST_CASE(ramp_is_linear_between_from_and_to) {
  Indicator i = leaf(RuleKind::kRamp, 8);
  i.rule.from = 6;
  i.rule.to = 24;
  BOOST_TEST(score(i, 0.0) == 0);
  BOOST_TEST(score(i, 5.0) == 0);
  BOOST_TEST(score(i, 6.0) == 0);
  BOOST_TEST(score(i, 7.0) == 44);     // 8 × 1/18 = 0.444…
  BOOST_TEST(score(i, 15.0) == 400);   // half way
  BOOST_TEST(score(i, 23.0) == 756);   // 8 × 17/18 = 7.555…
  BOOST_TEST(score(i, 24.0) == 800);
  BOOST_TEST(score(i, 25.0) == 800);
  BOOST_TEST(score(i, 1000.0) == 800);
  expect_refused(i, -6.0, "the value must not be negative, got -6");
}

BOOST_AUTO_TEST_CASE(ratio_is_proportional_up_to_the_target) {
  Indicator i = leaf(RuleKind::kRatio, 10);
  i.rule.target = 400;  // 4 yuan per resident, in fen
  BOOST_TEST(score(i, 0.0) == 0);
  BOOST_TEST(score(i, 2.0) == 5);      // 10 × 2/400 = 0.05
  BOOST_TEST(score(i, 200.0) == 500);
  BOOST_TEST(score(i, 398.0) == 995);  // 9.95
  BOOST_TEST(score(i, 399.9) == 1000);  // 9.9975 rounds to 10.00
  BOOST_TEST(score(i, 400.0) == 1000);
  BOOST_TEST(score(i, 401.0) == 1000);
  BOOST_TEST(score(i, 4000.0) == 1000);
  expect_refused(i, -1.0, "the value must not be negative, got -1");
  expect_refused(i, true, "expects a number, got yes/no");
}

BOOST_AUTO_TEST_CASE(yes_no_is_all_or_nothing_and_takes_only_booleans) {
  Indicator i = leaf(RuleKind::kYesNo, 6);
  BOOST_TEST(score(i, true) == 600);
  BOOST_TEST(score(i, false) == 0);
  expect_refused(i, 1.0, "expects yes or no (true/false), got a number");
  expect_refused(i, 0.0, "expects yes or no (true/false), got a number");
}

}  // namespace
}  // namespace cedu::evaluation
