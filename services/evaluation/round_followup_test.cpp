// The second half of a round, without a bus, on a real SQLite file: objections during
// publication (公示) answered by the district — an upheld one re-evaluates the organisation,
// the new attempt supersedes the old in the result while the old stays in the history;
// rectification tasks (整改) from open to accepted through a rejection, which re-evaluates
// too; the deadline refusing late parts until the district extends it; levels judged on
// the weighted total with required indicators on every part; nothing changing after
// publication; the events published. Each refusal with its code and field.
#define BOOST_TEST_MODULE evaluation_round_followup
#include "services/evaluation/round_test_fixture.h"

#include "services/evaluation/objection_store.h"
#include "services/evaluation/rectification_store.h"

namespace {

bool has(const std::vector<std::string>& events, const std::string& name) {
  return std::find(events.begin(), events.end(), name) != events.end();
}

// The level reached on scale `scale` of an evaluation's result, or "" for none.
std::string level_of(const mp::MapView& evaluation, const std::string& scale) {
  mp::MapView result = evaluation.map("result").value();
  const msgpack::object* levels = result.array("levels").value();
  for (std::uint32_t i = 0; i < levels->via.array.size; ++i) {
    mp::MapView l = item_of(levels, i);
    if (l.string("id").value() != scale) continue;
    const msgpack::object* reached = l.find("reached");
    if (reached == nullptr || reached->type == msgpack::type::NIL) return "";
    return mp::MapView::of(*reached).value().string("id").value();
  }
  return "?";
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(followup, Fixture)

BOOST_AUTO_TEST_CASE(an_upheld_objection_reevaluates_and_the_new_attempt_supersedes) {
  const auto chen = family_in("nancun", "陈家");
  const auto li = family_in("nancun", "李家");
  const auto zhou = family_in("nancun", "周家");  // not in the round
  const auto round = open_round();
  score_all(round, chen);
  score_all(round, li, 80);
  std::int64_t version = advance_to(round, 1, "reviewed");

  auto early = call("objection_lodge", mp::MapBuilder().set("round_id", round)
                                           .set("organisation_id", chen).set("text", "分数偏高")
                                           .bytes(), "town-admin:nancun");
  BOOST_TEST((early.status().code() == StatusCode::kFailedPrecondition));
  BOOST_TEST(early.status().field() == "params.round_id");
  BOOST_TEST(early.status().message().find("only during publication (公示)") != std::string::npos);

  version = view(*advance(round, version, "publicity")).int64("version").value();
  auto lodged = call("objection_lodge", mp::MapBuilder().set("round_id", round)
                                            .set("organisation_id", chen)
                                            .set("text", "陈家未制定家庭学习计划，自评与事实不符")
                                            .bytes(), "station:nancun-01");
  BOOST_REQUIRE_MESSAGE(lodged.ok(), lodged.status().to_string());
  const auto objection = view(*lodged).int64("id").value();
  BOOST_TEST(view(*lodged).string("status").value() == "open");
  BOOST_TEST(view(*lodged).string("lodged_by").value() == "station:nancun-01");
  BOOST_TEST(has(published, "objection_lodged"));

  auto stranger = call("objection_lodge", mp::MapBuilder().set("round_id", round)
                                              .set("organisation_id", zhou).set("text", "x").bytes());
  BOOST_TEST((stranger.status().code() == StatusCode::kNotFound));
  BOOST_TEST(stranger.status().field() == "params.organisation_id");
  auto empty = call("objection_lodge", mp::MapBuilder().set("round_id", round)
                                           .set("organisation_id", chen).set("text", "").bytes());
  BOOST_TEST(empty.status().field() == "params.text");

  // Not published while an objection is open.
  auto blocked = advance(round, version, "published");
  BOOST_TEST((blocked.status().code() == StatusCode::kFailedPrecondition));
  BOOST_TEST(blocked.status().field() == "params.to");
  BOOST_TEST(blocked.status().message().find("open objection") != std::string::npos);

  auto by_town = call("objection_answer", mp::MapBuilder().set("id", objection)
                                              .set("decision", "upheld").set("reply", "核实")
                                              .bytes(), "town-admin:nancun");
  BOOST_TEST((by_town.status().code() == StatusCode::kPermissionDenied));
  auto maybe = call("objection_answer", mp::MapBuilder().set("id", objection)
                                            .set("decision", "maybe").set("reply", "核实").bytes());
  BOOST_TEST(maybe.status().field() == "params.decision");
  auto upheld = call("objection_answer", mp::MapBuilder().set("id", objection)
                                             .set("decision", "upheld")
                                             .set("reply", "经核实异议成立，重新评估").bytes());
  BOOST_REQUIRE_MESSAGE(upheld.ok(), upheld.status().to_string());
  BOOST_TEST(view(*upheld).string("status").value() == "upheld");
  BOOST_TEST(view(*upheld).int64("reevaluation_attempt").value() == 2);
  auto twice = call("objection_answer", mp::MapBuilder().set("id", objection)
                                            .set("decision", "dismissed").set("reply", "x").bytes());
  BOOST_TEST((twice.status().code() == StatusCode::kFailedPrecondition));
  BOOST_TEST(twice.status().field() == "params.id");

  // The re-evaluation is open: the old result counts until it is complete.
  msgpack::object_handle holder;
  mp::MapView before = evaluation_in(holder, round, chen);
  BOOST_TEST(before.int64("attempt").value() == 2);
  BOOST_TEST(before.map("reevaluation").value().string("reason").value() ==
             "objection " + std::to_string(objection));
  BOOST_TEST(before.boolean("complete").value() == false);
  BOOST_TEST(before.map("result").value().int64("attempt").value() == 1);
  BOOST_TEST(before.map("result").value().number("total").value() == 100.0);
  auto unfinished = advance(round, version, "published");
  BOOST_TEST((unfinished.status().code() == StatusCode::kFailedPrecondition));
  BOOST_TEST(unfinished.status().message().find("re-evaluation (attempt 2") != std::string::npos);

  // Re-evaluated: the town finds no family plan. 30 + 60 × 0.9 + 10 = 94 points, but
  // 优秀 needs full marks on family_plan in every part: 良好.
  BOOST_REQUIRE(score(round, chen, "self", full_marks(family)).ok());
  mp::MapBuilder town = full_marks(family, "family_plan");
  town.set("family_plan", false);
  BOOST_REQUIRE(score(round, chen, "town", town).ok());
  auto last = satisfaction(round, chen, 100);
  BOOST_REQUIRE_MESSAGE(last.ok(), last.status().to_string());
  mp::MapView after = view(*last);
  BOOST_TEST(after.number("total").value() == 94.0);
  BOOST_TEST(after.map("result").value().int64("attempt").value() == 2);
  BOOST_TEST(after.map("result").value().number("total").value() == 94.0);
  BOOST_TEST(level_of(after, "grade") == "good");
  const msgpack::object* superseded = after.array("superseded").value();
  BOOST_REQUIRE(superseded->via.array.size == 1u);
  BOOST_TEST(item_of(superseded, 0).number("total").value() == 100.0);
  mp::MapView li_eval = evaluation_in(holder, round, li);
  BOOST_TEST(level_of(li_eval, "grade") == "excellent");  // 98, every part at full marks

  auto publishing = advance(round, version, "published");
  BOOST_REQUIRE_MESSAGE(publishing.ok(), publishing.status().to_string());
  version = view(*publishing).int64("version").value();
  BOOST_TEST(has(published, "round_advanced"));
  BOOST_TEST(has(published, "published"));

  // Nothing changes after publication but through a new evaluation.
  auto late = score(round, li, "town", full_marks(family));
  BOOST_TEST((late.status().code() == StatusCode::kFailedPrecondition));
  BOOST_TEST(late.status().field() == "params.round_id");
  BOOST_TEST(late.status().message().find("nothing changes after publication") != std::string::npos);
  auto closed = score(round, chen, "town", full_marks(family));  // its re-evaluation is complete
  BOOST_TEST((closed.status().code() == StatusCode::kFailedPrecondition));
  auto after_publication = call("objection_lodge", mp::MapBuilder().set("round_id", round)
                                                       .set("organisation_id", li)
                                                       .set("text", "x").bytes());
  BOOST_TEST((after_publication.status().code() == StatusCode::kFailedPrecondition));
  BOOST_TEST(after_publication.status().field() == "params.round_id");
  auto update = call("round_update", mp::MapBuilder().set("id", round).set("version", version)
                                         .set("deadline", "2099-12-31").bytes());
  BOOST_TEST((update.status().code() == StatusCode::kFailedPrecondition));
  BOOST_TEST(update.status().field() == "params.id");

  // The family's history keeps both attempts.
  auto history = call("org_get", mp::MapBuilder().set("id", chen).bytes());
  BOOST_REQUIRE(history.ok());
  mp::MapView e = item_of(view(*history).array("evaluations").value(), 0);
  BOOST_TEST(e.int64("attempt").value() == 2);
  BOOST_TEST(e.array("superseded").value()->via.array.size == 1u);

  auto list = call("objection_list", mp::MapBuilder().set("round_id", round).bytes());
  BOOST_REQUIRE(list.ok());
  BOOST_TEST(view(*list).array("items").value()->via.array.size == 1u);
  auto bad_status = call("objection_list", mp::MapBuilder().set("round_id", round)
                                               .set("status", "pending").bytes());
  BOOST_TEST(bad_status.status().field() == "params.status");
}

BOOST_AUTO_TEST_CASE(a_dismissed_objection_changes_nothing) {
  const auto chen = family_in("nancun", "陈家");
  const auto round = open_round();
  score_all(round, chen);
  const std::int64_t version = advance_to(round, 1, "publicity");
  auto lodged = call("objection_lodge", mp::MapBuilder().set("round_id", round)
                                            .set("organisation_id", chen).set("text", "质疑").bytes(),
                     "org:7");
  BOOST_REQUIRE(lodged.ok());
  auto dismissed = call("objection_answer",
                        mp::MapBuilder().set("id", view(*lodged).int64("id").value())
                            .set("decision", "dismissed").set("reply", "经核实评估无误").bytes());
  BOOST_REQUIRE(dismissed.ok());
  BOOST_TEST(view(*dismissed).find("reevaluation_attempt")->type == msgpack::type::NIL);
  BOOST_TEST(advance(round, version, "published").ok());
  msgpack::object_handle holder;
  BOOST_TEST(evaluation_in(holder, round, chen).int64("attempt").value() == 1);
}

BOOST_AUTO_TEST_CASE(a_rectification_from_open_to_accepted_reevaluates) {
  const auto chen = family_in("nancun", "陈家");
  const auto li = family_in("nancun", "李家");
  const auto draft_round = open_round();
  const auto round = open_round();
  score_all(round, chen, 60);
  score_all(round, li);
  advance_to(round, 1, "published");

  auto task_params = [&](std::int64_t org, const std::string& deadline) {
    return mp::MapBuilder().set("round_id", round).set("organisation_id", org)
        .set("owner", "南村镇社区教育中心 陈主任").set("task", "建立家庭学习计划并上报")
        .set("deadline", deadline).bytes();
  };
  auto created = call("rectification_create", task_params(chen, "2099-06-30"));
  BOOST_REQUIRE_MESSAGE(created.ok(), created.status().to_string());
  const auto task = view(*created).int64("id").value();
  BOOST_TEST(view(*created).string("status").value() == "open");
  BOOST_TEST(view(*created).string("town").value() == "nancun");
  BOOST_TEST(view(*created).boolean("overdue").value() == false);
  auto late_task = call("rectification_create", task_params(li, "2020-01-01"));
  BOOST_REQUIRE(late_task.ok());
  BOOST_TEST(view(*late_task).boolean("overdue").value());

  auto by_town = call("rectification_create", task_params(chen, "2099-06-30"), "town-admin:nancun");
  BOOST_TEST((by_town.status().code() == StatusCode::kPermissionDenied));
  BOOST_TEST(call("rectification_create", task_params(chen, "2099-02-30")).status().field() ==
             "params.deadline");
  auto draft = call("rectification_create",
                    mp::MapBuilder().set("round_id", draft_round).set("organisation_id", chen)
                        .set("owner", "x").set("task", "y").set("deadline", "2099-01-01").bytes());
  BOOST_TEST((draft.status().code() == StatusCode::kFailedPrecondition));
  BOOST_TEST(draft.status().field() == "params.round_id");

  auto listed = call("rectification_list", mp::MapBuilder().set("round_id", round).bytes());
  BOOST_REQUIRE(listed.ok());
  BOOST_TEST(view(*listed).array("items").value()->via.array.size == 2u);
  BOOST_TEST(view(*listed).int64("overdue").value() == 1);
  auto in_town = call("rectification_list", mp::MapBuilder().set("town", "南村镇")
                                                .set("overdue", true).bytes());
  BOOST_REQUIRE(in_town.ok());
  BOOST_TEST(view(*in_town).array("items").value()->via.array.size == 1u);
  BOOST_TEST(call("rectification_list", mp::MapBuilder().set("town", "atlantis").bytes())
                 .status().field() == "params.town");

  auto review = [&](std::int64_t version, const std::string& decision) {
    return call("rectification_review", mp::MapBuilder().set("id", task).set("version", version)
                                            .set("decision", decision).set("reply", "验收意见").bytes());
  };
  auto submit = [&](std::int64_t version, const std::string& principal) {
    return call("rectification_submit", mp::MapBuilder().set("id", task).set("version", version)
                                            .set("note", "已制定计划").bytes(), principal);
  };
  auto too_early = review(1, "accepted");
  BOOST_TEST((too_early.status().code() == StatusCode::kFailedPrecondition));
  BOOST_TEST(too_early.status().field() == "params.decision");
  BOOST_TEST((submit(1, "town-admin:zhongcun").status().code() == StatusCode::kPermissionDenied));
  auto submitted = submit(1, "town-admin:nancun");
  BOOST_REQUIRE_MESSAGE(submitted.ok(), submitted.status().to_string());
  BOOST_TEST(view(*submitted).string("status").value() == "submitted");
  auto again = submit(2, "town-admin:nancun");
  BOOST_TEST((again.status().code() == StatusCode::kFailedPrecondition));
  BOOST_TEST(again.status().field() == "params.id");
  BOOST_TEST((call("rectification_review", mp::MapBuilder().set("id", task).set("version", 2)
                                               .set("decision", "accepted").bytes(),
                   "town-admin:nancun").status().code() == StatusCode::kPermissionDenied));

  auto rejected = review(2, "rejected");
  BOOST_REQUIRE(rejected.ok());
  BOOST_TEST(view(*rejected).string("status").value() == "open");  // back to open
  BOOST_TEST(view(*rejected).find("reevaluation_attempt")->type == msgpack::type::NIL);
  auto stale = submit(2, "town-admin:nancun");
  BOOST_TEST((stale.status().code() == StatusCode::kConflict));
  BOOST_TEST(stale.status().field() == "params.version");
  BOOST_REQUIRE(submit(3, "town-admin:nancun").ok());
  auto accepted = review(4, "accepted");
  BOOST_REQUIRE_MESSAGE(accepted.ok(), accepted.status().to_string());
  BOOST_TEST(view(*accepted).string("status").value() == "accepted");
  BOOST_TEST(view(*accepted).int64("reevaluation_attempt").value() == 2);
  BOOST_TEST((review(5, "rejected").status().code() == StatusCode::kFailedPrecondition));

  // The round is published, yet the re-evaluation takes parts: a new evaluation.
  score_all(round, chen, 100);
  msgpack::object_handle holder;
  mp::MapView e = evaluation_in(holder, round, chen);
  BOOST_TEST(e.map("result").value().int64("attempt").value() == 2);
  BOOST_TEST(e.map("result").value().number("total").value() == 100.0);
  BOOST_TEST(item_of(e.array("superseded").value(), 0).number("total").value() == 96.0);
  for (const char* event : {"rectification_created", "rectification_submitted",
                            "rectification_rejected", "rectification_accepted"}) {
    BOOST_TEST(has(published, event), event);
  }
}

BOOST_AUTO_TEST_CASE(the_deadline_refuses_late_parts_until_the_district_extends_it) {
  const auto chen = family_in("nancun", "陈家");
  auto created = call("round_create", round_params("family",
                                                   mp::MapBuilder().set("self", 30).set("town", 60)
                                                       .set("residents", 10), "2020-01-01"));
  BOOST_REQUIRE(created.ok());
  const auto round = view(*created).int64("id").value();
  auto late = score(round, chen, "self", full_marks(family));
  BOOST_TEST((late.status().code() == StatusCode::kFailedPrecondition));
  BOOST_TEST(late.status().field() == "params.round_id");
  BOOST_TEST(late.status().message().find("2020-01-01") != std::string::npos);

  auto update = [&](std::int64_t version, const std::string& deadline,
                    const std::string& principal = "district-admin") {
    return call("round_update", mp::MapBuilder().set("id", round).set("version", version)
                                    .set("deadline", deadline).bytes(), principal);
  };
  BOOST_TEST((update(1, "2099-12-31", "town-admin:nancun").status().code() ==
              StatusCode::kPermissionDenied));
  BOOST_TEST(update(1, "2099-13-01").status().field() == "params.deadline");
  auto stale = update(9, "2099-12-31");
  BOOST_TEST((stale.status().code() == StatusCode::kConflict));
  BOOST_TEST(stale.status().field() == "params.version");
  auto extended = update(1, "2099-12-31");
  BOOST_REQUIRE_MESSAGE(extended.ok(), extended.status().to_string());
  BOOST_TEST(view(*extended).string("deadline").value() == "2099-12-31");
  BOOST_TEST(view(*extended).int64("version").value() == 2);
  BOOST_TEST(score(round, chen, "self", full_marks(family)).ok());
}

BOOST_AUTO_TEST_SUITE_END()

// A database of the previous schema (version 2) keeps its parts as attempt 1 when migration
// 3 rebuilds evaluation_parts.
BOOST_AUTO_TEST_CASE(migration_3_keeps_the_parts_of_version_2) {
  cedu::testing::TempDir dir;
  const std::string path = dir.file("evaluation.db");
  {
    auto db = cedu::sqlite::Database::open(path);
    BOOST_REQUIRE(db.ok());
    const std::vector<cedu::sqlite::Migration> all = evaluation_migrations();
    BOOST_REQUIRE(cedu::sqlite::migrate(*db, {all[0], all[1]}).is_ok());
    BOOST_REQUIRE(db->exec("INSERT INTO rounds VALUES (1, '2025年度评估', 2025, 'family', 'family', 1,"
                           " 'self:100', '2025-12-31', 'draft', 1, 'd', 't', 'd', 't');"
                           "INSERT INTO evaluations VALUES (1, 1, 7, 'family', 1);"
                           "INSERT INTO evaluation_parts VALUES (1, 'self', 8550, 1, 0, X'80',"
                           " 'district-admin', '2025-11-01T00:00:00.000Z');").is_ok());
  }
  auto db = cedu::sqlite::Database::open(path);
  BOOST_REQUIRE(db.ok());
  BOOST_REQUIRE(cedu::sqlite::migrate(*db, evaluation_migrations()).is_ok());
  auto rows = evaluations_of_round(*db, 1);
  BOOST_REQUIRE_MESSAGE(rows.ok(), rows.status().to_string());
  BOOST_REQUIRE(rows->size() == 1u);
  const EvaluationRow& row = rows->front();
  BOOST_REQUIRE(row.attempts.size() == 1u);
  BOOST_TEST(row.newest().number == 1);
  BOOST_REQUIRE(row.newest().parts.size() == 1u);
  BOOST_TEST(row.newest().parts[0].total == 8550);
  BOOST_TEST(row.newest().parts[0].scored_by == "district-admin");
  // The new tables are there and empty.
  BOOST_TEST(objections_of_round(*db, 1, std::nullopt, std::nullopt)->empty());
  BOOST_TEST(list_rectifications(*db, {})->empty());
}
