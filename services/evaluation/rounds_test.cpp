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

// The ids of a round_list reply's items, and its next_cursor ("" for nil).
std::pair<std::vector<std::int64_t>, std::string> listed(const msgpack::object_handle& reply) {
  std::vector<std::int64_t> ids;
  const msgpack::object* items = view(reply).array("items").value();
  for (std::uint32_t i = 0; i < items->via.array.size; ++i) {
    ids.push_back(item_of(items, i).int64("id").value());
  }
  auto cursor = view(reply).optional_string("next_cursor").value();
  return {ids, cursor.value_or("")};
}

BOOST_AUTO_TEST_CASE(rounds_are_listed_by_year_type_stage_and_name_in_pages) {
  using Ids = std::vector<std::int64_t>;
  const auto a = open_round();  // 2026年度学习型家庭评估, 2026
  auto older = call("round_create", mp::MapBuilder().set("name", "2025年度学习型家庭评估")
                                        .set("year", 2025).set("type", "family")
                                        .set("standard", "family")
                                        .set("evaluators", mp::MapBuilder().set("district", 100))
                                        .set("deadline", "2099-12-31").bytes());
  BOOST_REQUIRE_MESSAGE(older.ok(), older.status().to_string());
  const auto b = view(*older).int64("id").value();
  const auto c = open_round();
  score_all(c, family_in("nancun", "陈家"));
  advance_to(c, 1, "submitted");

  auto list = [this](const mp::MapBuilder& p, const std::string& principal = "district-admin") {
    return call("round_list", p.bytes(), principal);
  };
  auto all = list(mp::MapBuilder());
  BOOST_REQUIRE_MESSAGE(all.ok(), all.status().to_string());
  BOOST_TEST(listed(*all).first == (Ids{a, b, c}));
  BOOST_TEST(listed(*all).second.empty());  // the last page
  mp::MapView first = item_of(view(*all).array("items").value(), 0);
  BOOST_TEST(first.string("name").value() == "2026年度学习型家庭评估");  // the round reply
  BOOST_TEST(first.string("stage_label").value() == "草稿");
  BOOST_TEST(first.int64("version").value() == 1);

  auto by_year = list(mp::MapBuilder().set("year", 2026));
  BOOST_TEST(listed(*by_year).first == (Ids{a, c}));
  auto by_name = list(mp::MapBuilder().set("name", "2025年度学习型家庭评估").set("year", 2025));
  BOOST_TEST(listed(*by_name).first == (Ids{b}));
  auto name_other_year = list(mp::MapBuilder().set("name", "2025年度学习型家庭评估").set("year", 2026));
  BOOST_TEST(listed(*name_other_year).first.empty());
  auto by_stage = list(mp::MapBuilder().set("stage", "submitted"));
  BOOST_TEST(listed(*by_stage).first == (Ids{c}));
  auto drafts = list(mp::MapBuilder().set("stage", "draft").set("type", "family"));
  BOOST_TEST(listed(*drafts).first == (Ids{a, b}));
  auto stations = list(mp::MapBuilder().set("type", "station"));
  BOOST_TEST(listed(*stations).first.empty());

  // Pages of two: a full page names where to go on, the last one does not.
  auto page1 = list(mp::MapBuilder().set("limit", 2));
  BOOST_TEST(listed(*page1).first == (Ids{a, b}));
  BOOST_TEST(listed(*page1).second == std::to_string(b));
  auto page2 = list(mp::MapBuilder().set("limit", 2).set("cursor", listed(*page1).second));
  BOOST_TEST(listed(*page2).first == (Ids{c}));
  BOOST_TEST(listed(*page2).second.empty());
  // Exactly full: one more (empty) page says the end.
  auto exact = list(mp::MapBuilder().set("limit", 1).set("year", 2025));
  BOOST_TEST(listed(*exact).second == std::to_string(b));
  auto end = list(mp::MapBuilder().set("limit", 1).set("year", 2025).set("cursor", std::to_string(b)));
  BOOST_TEST(listed(*end).first.empty());
  BOOST_TEST(listed(*end).second.empty());

  // Readable like round_get: a town admin lists them too.
  auto by_town = list(mp::MapBuilder().set("year", 2026), "town-admin:nancun");
  BOOST_REQUIRE_MESSAGE(by_town.ok(), by_town.status().to_string());
  BOOST_TEST(listed(*by_town).first == (Ids{a, c}));
}

BOOST_AUTO_TEST_CASE(listing_rounds_refuses_each_bad_field_by_name) {
  open_round();
  const std::vector<std::pair<mp::MapBuilder, std::string>> bad = {
      {mp::MapBuilder().set("year", 1999), "params.year"},
      {mp::MapBuilder().set("year", 2101), "params.year"},
      {mp::MapBuilder().set("year", "2026"), "params.year"},
      {mp::MapBuilder().set("type", "club"), "params.type"},
      {mp::MapBuilder().set("stage", "公示"), "params.stage"},
      {mp::MapBuilder().set("name", 7), "params.name"},
      {mp::MapBuilder().set("limit", 0), "params.limit"},
      {mp::MapBuilder().set("limit", 1001), "params.limit"},
      {mp::MapBuilder().set("cursor", "abc"), "params.cursor"},
      {mp::MapBuilder().set("cursor", ""), "params.cursor"},
      {mp::MapBuilder().set("cursor", "3x"), "params.cursor"},
      {mp::MapBuilder().set("cursor", "-4"), "params.cursor"},
      {mp::MapBuilder().set("cursor", 3), "params.cursor"},
      {mp::MapBuilder().set("after", 3), "params.after"},
  };
  for (const auto& [params, field] : bad) {
    auto r = call("round_list", params.bytes());
    BOOST_TEST_CONTEXT(field) {
      BOOST_TEST((r.status().code() == StatusCode::kInvalidArgument));
      BOOST_TEST(r.status().field() == field);
    }
  }
  auto limits = call("round_list", mp::MapBuilder().set("limit", 1000).bytes());
  BOOST_TEST(limits.ok());
}

BOOST_AUTO_TEST_SUITE_END()
