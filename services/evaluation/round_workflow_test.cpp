// The stages of a round and their only legal order, the evaluators' weights, and the
// weighted total's rounding.
#define BOOST_TEST_MODULE evaluation_round_workflow
#include <boost/test/unit_test.hpp>

#include "services/evaluation/round_workflow.h"

using namespace cedu::evaluation;
using cedu::StatusCode;

BOOST_AUTO_TEST_CASE(only_the_next_stage_is_a_legal_transition) {
  const Stage all[] = {Stage::kDraft, Stage::kSubmitted, Stage::kReviewed, Stage::kPublicity,
                       Stage::kPublished};
  for (int from = 0; from < 5; ++from) {
    for (int to = 0; to < 5; ++to) {
      cedu::Status s = check_transition(all[from], all[to], "params.to");
      BOOST_TEST(s.is_ok() == (to == from + 1), stage_name(all[from]) << " → " << stage_name(all[to]));
      if (!s.is_ok()) {
        BOOST_TEST((s.code() == StatusCode::kFailedPrecondition));
        BOOST_TEST(s.field() == "params.to");
      }
    }
  }
  cedu::Status skip = check_transition(Stage::kDraft, Stage::kPublicity, "params.to");
  BOOST_TEST(skip.message() == "draft → publicity is not allowed: the next stage is submitted");
  cedu::Status after = check_transition(Stage::kPublished, Stage::kDraft, "params.to");
  BOOST_TEST(after.message() == "published → draft is not allowed: a published round does not change");
  BOOST_TEST((stage_from_name("publicity") == Stage::kPublicity));
  BOOST_TEST(!stage_from_name("公示").has_value());
  BOOST_TEST(stage_label(Stage::kPublicity) == "公示中");
}

BOOST_AUTO_TEST_CASE(evaluator_weights_add_up_to_100) {
  BOOST_TEST(check_evaluators({{"self", 30}, {"town", 30}, {"district", 30}, {"residents", 10}},
                              "params.evaluators").is_ok());
  BOOST_TEST(check_evaluators({{"district", 100}}, "params.evaluators").is_ok());
  cedu::Status short_sum = check_evaluators({{"self", 50}, {"town", 49}}, "params.evaluators");
  BOOST_TEST(short_sum.message() == "weights add up to 99, must be 100");
  BOOST_TEST(short_sum.field() == "params.evaluators");
  BOOST_TEST(check_evaluators({}, "params.evaluators").field() == "params.evaluators");
  BOOST_TEST(check_evaluators({{"mayor", 100}}, "params.evaluators").field() ==
             "params.evaluators.mayor");
  BOOST_TEST(check_evaluators({{"self", 50}, {"self", 50}}, "params.evaluators").field() ==
             "params.evaluators.self");
  BOOST_TEST(check_evaluators({{"self", 0}, {"town", 100}}, "params.evaluators").field() ==
             "params.evaluators.self");
}

BOOST_AUTO_TEST_CASE(the_weighted_total_rounds_half_away_from_zero) {
  const std::vector<EvaluatorWeight> w = {{"self", 30}, {"town", 70}};
  BOOST_TEST(weighted_total(w, {10000, 10000}) == 10000);
  BOOST_TEST(weighted_total(w, {9000, 8000}) == 8300);  // 27 + 56 points
  // 0.3 × 0.05 + 0.7 × 0 = 0.015 points → 0.02 (1.5 centi-points rounds up)
  BOOST_TEST(weighted_total(w, {5, 0}) == 2);
  BOOST_TEST(weighted_total(w, {1, 0}) == 0);  // 0.3 centi-points
}
