// Evaluation rounds without a bus, on a real SQLite file: a family round from draft to
// published with every evaluator's part and the weighted total in the family's history
// under the standard version it was made with; the refusals — weights, standard, missing
// evaluator, score out of bounds, missing evidence, wrong organisation, who may enter a
// part, a transition out of order, a stale version, parts after submission.
#define BOOST_TEST_MODULE evaluation_rounds
#include "services/evaluation/round_test_fixture.h"


BOOST_FIXTURE_TEST_SUITE(rounds, Fixture)

BOOST_AUTO_TEST_CASE(a_round_from_draft_to_published) {
  const auto chen = family_in("nancun", "陈家");
  const auto li = family_in("nancun", "李家");
  const auto round = open_round();

  // Self part entered by the town admin of the family's town; town and residents by the district.
  auto self = score(round, chen, "self", full_marks(family), "town-admin:nancun");
  BOOST_REQUIRE_MESSAGE(self.ok(), self.status().to_string());
  BOOST_TEST(view(*self).boolean("complete").value() == false);  // town and residents to come
  BOOST_TEST(!view(*self).number("total").ok());                  // nil until then
  BOOST_REQUIRE(score(round, chen, "town", full_marks(family)).ok());
  auto last = satisfaction(round, chen, 80);
  BOOST_REQUIRE_MESSAGE(last.ok(), last.status().to_string());
  BOOST_TEST(view(*last).boolean("complete").value());
  BOOST_TEST(view(*last).number("total").value() == 98.0);  // 30 + 60 + 10 × 0.8
  BOOST_TEST(view(*last).string("standard").value() == "family");
  BOOST_TEST(view(*last).int64("standard_version").value() == 1);

  BOOST_REQUIRE(score(round, li, "self", full_marks(family)).ok());
  BOOST_REQUIRE(score(round, li, "town", full_marks(family)).ok());
  BOOST_REQUIRE(satisfaction(round, li, 100).ok());

  auto submitted = advance(round, 1, "submitted");
  BOOST_REQUIRE_MESSAGE(submitted.ok(), submitted.status().to_string());
  BOOST_TEST(view(*submitted).string("stage").value() == "submitted");
  BOOST_TEST(view(*submitted).int64("version").value() == 2);
  // Nothing is entered after submission.
  auto late = score(round, li, "town", full_marks(family));
  BOOST_TEST((late.status().code() == StatusCode::kFailedPrecondition));
  BOOST_TEST(late.status().field() == "params.round_id");

  BOOST_REQUIRE(advance(round, 2, "reviewed").ok());
  auto publicity = advance(round, 3, "publicity");
  BOOST_REQUIRE(publicity.ok());
  BOOST_TEST(view(*publicity).string("stage_label").value() == "公示中");
  BOOST_REQUIRE(advance(round, 4, "published").ok());
  auto again = advance(round, 5, "published");
  BOOST_TEST((again.status().code() == StatusCode::kFailedPrecondition));

  auto got = call("round_get", mp::MapBuilder().set("id", round).bytes());
  BOOST_REQUIRE(got.ok());
  BOOST_TEST(view(*got).map("round").value().string("stage").value() == "published");
  BOOST_TEST(view(*got).array("evaluations").value()->via.array.size == 2u);

  // The family's history: this round, its standard version, its total.
  auto history = call("org_get", mp::MapBuilder().set("id", chen).bytes());
  BOOST_REQUIRE(history.ok());
  const msgpack::object* evaluations = view(*history).array("evaluations").value();
  BOOST_REQUIRE(evaluations->via.array.size == 1u);
  mp::MapView e = item_of(evaluations, 0);
  BOOST_TEST(e.int64("round_id").value() == round);
  BOOST_TEST(e.int64("year").value() == 2026);
  BOOST_TEST(e.string("stage").value() == "published");
  BOOST_TEST(e.int64("standard_version").value() == 1);
  BOOST_TEST(e.number("total").value() == 98.0);
  BOOST_TEST(e.array("parts").value()->via.array.size == 3u);
}

BOOST_AUTO_TEST_CASE(creating_a_round_is_checked) {
  auto weights = call("round_create",
                      round_params("family", mp::MapBuilder().set("self", 50).set("town", 40)));
  BOOST_TEST(weights.status().field() == "params.evaluators");
  BOOST_TEST(weights.status().message() == "weights add up to 90, must be 100");
  auto role = call("round_create", round_params("family", mp::MapBuilder().set("mayor", 100)));
  BOOST_TEST(role.status().field() == "params.evaluators.mayor");
  auto mismatch = call("round_create", round_params("station"));
  BOOST_TEST((mismatch.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(mismatch.status().field() == "params.standard");
  auto unknown = call("round_create", round_params("nope"));
  BOOST_TEST((unknown.status().code() == StatusCode::kNotFound));
  auto deadline = call("round_create", round_params("family", mp::MapBuilder().set("district", 100), "2026-02-30"));
  BOOST_TEST(deadline.status().field() == "params.deadline");
  auto town_admin = call("round_create", round_params(), "town-admin:nancun");
  BOOST_TEST((town_admin.status().code() == StatusCode::kPermissionDenied));
}

BOOST_AUTO_TEST_CASE(parts_are_refused_precisely) {
  const auto chen = family_in("nancun", "陈家");
  const auto round = open_round();
  const std::vector<const Indicator*> all = leaves(family);
  const Indicator* manual = nullptr;
  const Indicator* evidence = nullptr;
  for (const Indicator* l : all) {
    if (l->rule.kind == RuleKind::kManual && manual == nullptr) manual = l;
    if (l->evidence && l->rule.kind == RuleKind::kYesNo && evidence == nullptr) evidence = l;
  }
  BOOST_REQUIRE(manual != nullptr);
  BOOST_REQUIRE(evidence != nullptr);

  // An evaluator the round does not have.
  auto district = score(round, chen, "district", full_marks(family));
  BOOST_TEST((district.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(district.status().field() == "params.evaluator");
  // A manual score above its weight.
  auto above = score(round, chen, "self",
                     mp::MapBuilder().set(manual->id, mp::MapBuilder().set("value", manual->weight + 1)
                                                          .set("evidence", std::vector<std::string>{"a"})));
  BOOST_TEST((above.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(above.status().field() == "params.values." + manual->id);
  // Points without the evidence they need.
  auto bare = score(round, chen, "self", mp::MapBuilder().set(evidence->id, true));
  BOOST_TEST((bare.status().code() == StatusCode::kFailedPrecondition));
  BOOST_TEST(bare.status().field() == "params.values." + evidence->id + ".evidence");
  // Satisfaction out of bounds; a part without values.
  BOOST_TEST(satisfaction(round, chen, 101).status().field() == "params.satisfaction");
  auto no_values = call("round_score", mp::MapBuilder().set("round_id", round)
                                           .set("organisation_id", chen).set("evaluator", "self")
                                           .bytes());
  BOOST_TEST(no_values.status().field() == "params.values");
  // An association is not a family.
  auto association = call("org_create", mp::MapBuilder().set("type", "association")
                                            .set("name", "粤曲社").set("town", "nancun").bytes());
  BOOST_REQUIRE(association.ok());
  auto wrong_type = score(round, view(*association).int64("id").value(), "self", full_marks(family));
  BOOST_TEST((wrong_type.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(wrong_type.status().field() == "params.organisation_id");
  // Who: another town's admin may not enter the self part; a town admin not the district's.
  auto foreign = score(round, chen, "self", full_marks(family), "town-admin:zhongcun");
  BOOST_TEST((foreign.status().code() == StatusCode::kPermissionDenied));
  auto residents = call("round_score", mp::MapBuilder().set("round_id", round)
                                           .set("organisation_id", chen).set("evaluator", "residents")
                                           .set("satisfaction", 90).bytes(), "town-admin:nancun");
  BOOST_TEST((residents.status().code() == StatusCode::kPermissionDenied));
  auto no_round = score(999, chen, "self", full_marks(family));
  BOOST_TEST((no_round.status().code() == StatusCode::kNotFound));
  BOOST_TEST(no_round.status().field() == "params.round_id");
  auto no_org = score(round, 999999, "self", full_marks(family));
  BOOST_TEST(no_org.status().field() == "params.organisation_id");
}

BOOST_AUTO_TEST_CASE(transitions_out_of_order_and_missing_evaluators_are_refused) {
  const auto chen = family_in("nancun", "陈家");
  const auto round = open_round();

  auto empty = advance(round, 1, "submitted");
  BOOST_TEST((empty.status().code() == StatusCode::kFailedPrecondition));
  BOOST_TEST(empty.status().message() == "round " + std::to_string(round) + " has no evaluations to submit");

  auto skip = advance(round, 1, "reviewed");
  BOOST_TEST((skip.status().code() == StatusCode::kFailedPrecondition));
  BOOST_TEST(skip.status().field() == "params.to");
  BOOST_TEST(skip.status().message() == "draft → reviewed is not allowed: the next stage is submitted");

  BOOST_REQUIRE(score(round, chen, "self", full_marks(family)).ok());
  BOOST_REQUIRE(satisfaction(round, chen, 90).ok());
  auto missing = advance(round, 1, "submitted");
  BOOST_TEST((missing.status().code() == StatusCode::kFailedPrecondition));
  BOOST_TEST(missing.status().message() ==
             "organisation " + std::to_string(chen) + " has no town part (镇街评估)");

  const std::string left_out = leaves(family).front()->id;
  BOOST_REQUIRE(score(round, chen, "town", full_marks(family, left_out)).ok());
  auto incomplete = advance(round, 1, "submitted");
  BOOST_TEST(incomplete.status().message() ==
             "organisation " + std::to_string(chen) + "'s town part lacks 1 indicators");

  BOOST_REQUIRE(score(round, chen, "town", full_marks(family)).ok());  // replaces the part
  auto stale = advance(round, 7, "submitted");
  BOOST_TEST((stale.status().code() == StatusCode::kConflict));
  BOOST_TEST(stale.status().field() == "params.version");
  auto unknown = advance(round, 1, "公示");
  BOOST_TEST(unknown.status().field() == "params.to");
  auto by_town = call("round_advance", mp::MapBuilder().set("id", round).set("version", 1)
                                           .set("to", "submitted").bytes(), "town-admin:nancun");
  BOOST_TEST((by_town.status().code() == StatusCode::kPermissionDenied));
  BOOST_TEST(advance(round, 1, "submitted").ok());
}

BOOST_AUTO_TEST_SUITE_END()
