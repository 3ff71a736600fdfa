// Evaluation rounds without a bus, on a real SQLite file: a family round from draft to
// published with every evaluator's part and the weighted total in the family's history
// under the standard version it was made with; the refusals — weights, standard, missing
// evaluator, score out of bounds, missing evidence, wrong organisation, who may enter a
// part, a transition out of order, a stale version, parts after submission.
#define BOOST_TEST_MODULE evaluation_rounds
#include <boost/test/unit_test.hpp>

#include "common/msgpack/builder.h"
#include "common/testing/temp_dir.h"
#include "services/evaluation/objection_methods.h"
#include "services/evaluation/organisation_methods.h"
#include "services/evaluation/organisations.h"
#include "services/evaluation/rectification_methods.h"
#include "services/evaluation/round_methods.h"
#include "services/evaluation/round_store.h"
#include "services/library/library_test_support.h"
#include "services/library/places.h"

using cedu::StatusCode;
using namespace cedu::evaluation;
namespace mp = cedu::mp;
namespace lib = cedu::library;

namespace {

mp::MapView view(const msgpack::object_handle& h) { return mp::MapView::of(h.get()).value(); }
mp::MapView item_of(const msgpack::object* array, std::uint32_t i) {
  return mp::MapView::of(array->via.array.ptr[i]).value();
}

std::string source_dir() {
  const char* source = std::getenv("CEDU_SOURCE_DIR");
  return source != nullptr ? source : CEDU_TEST_SOURCE_DIR;
}

// Every leaf of `standard`, depth first.
std::vector<const Indicator*> leaves(const Standard& standard) {
  std::vector<const Indicator*> out;
  std::vector<const Indicator*> stack;
  for (auto it = standard.indicators.rbegin(); it != standard.indicators.rend(); ++it) stack.push_back(&*it);
  while (!stack.empty()) {
    const Indicator* i = stack.back();
    stack.pop_back();
    if (i->is_leaf()) {
      out.push_back(i);
      continue;
    }
    for (auto it = i->children.rbegin(); it != i->children.rend(); ++it) stack.push_back(&*it);
  }
  return out;
}

// Full marks on every leaf, with evidence where it is needed; `skip` leaves one out.
mp::MapBuilder full_marks(const Standard& standard, const std::string& skip = "") {
  mp::MapBuilder values;
  for (const Indicator* leaf : leaves(standard)) {
    if (leaf->id == skip) continue;
    mp::MapBuilder v;
    switch (leaf->rule.kind) {
      case RuleKind::kYesNo: v.set("value", true); break;
      case RuleKind::kManual: v.set("value", leaf->weight); break;
      case RuleKind::kThreshold: v.set("value", leaf->rule.min); break;
      case RuleKind::kRamp: v.set("value", leaf->rule.to); break;
      case RuleKind::kRatio: v.set("value", leaf->rule.target); break;
    }
    if (leaf->evidence) v.set("evidence", std::vector<std::string>{"照片.jpg"});
    values.set(leaf->id, v);
  }
  return values;
}

struct Fixture {
  cedu::testing::TempDir dir;
  std::shared_ptr<const cedu::config::Network> network = lib::testing::shipped_network();
  StandardCatalogue catalogue = StandardCatalogue::load_dir(source_dir() + "/configs/standards");
  const Standard& family = *catalogue.get("family");
  std::unique_ptr<lib::Library> library;
  std::unique_ptr<RoundEvents> events;
  std::vector<std::string> published;  // event names, in order
  std::unique_ptr<OrganisationMethods> organisations;
  std::unique_ptr<RoundMethods> rounds;
  std::unique_ptr<ObjectionMethods> objections;
  std::unique_ptr<RectificationMethods> rectifications;

  Fixture() {
    lib::LibraryServiceDef def;
    def.spec = &organisation_spec();
    def.migrations = evaluation_domain_migrations();
    auto opened = lib::testing::open_library(dir.file("evaluation.db"), def,
                                             lib::places_from(network));
    BOOST_REQUIRE_MESSAGE(opened.ok(), opened.status().to_string());
    library = std::move(opened).value();
    library->set_validator(check_organisation);
    events = std::make_unique<RoundEvents>(*library);
    events->set_tap([this](std::string_view event, std::string_view) {
      published.emplace_back(event);
    });
    organisations = std::make_unique<OrganisationMethods>(*library, lib::places_from(network),
                                                          catalogue, *events);
    rounds = std::make_unique<RoundMethods>(*library, catalogue, *events);
    objections = std::make_unique<ObjectionMethods>(*library, *events);
    rectifications = std::make_unique<RectificationMethods>(*library, lib::places_from(network),
                                                            *events);
  }

  // Calls `method` ("org_create", "round_score", …) as `principal`.
  cedu::Result<msgpack::object_handle> call(const std::string& method, const std::string& params,
                                            const std::string& principal = "district-admin") {
    auto handle = mp::unpack(params, "params").value();
    auto p = mp::MapView::of(handle.get(), "params").value();
    const cedu::Request req = lib::testing::request("evaluation", method, p, principal);
    cedu::Result<std::string> reply = cedu::Status::not_found("no method " + method);
    if (method == "org_create") reply = organisations->create(req);
    if (method == "org_get") reply = organisations->get(req);
    if (method == "round_create") reply = rounds->create(req);
    if (method == "round_get") reply = rounds->get(req);
    if (method == "round_score") reply = rounds->score(req);
    if (method == "round_advance") reply = rounds->advance(req);
    if (method == "round_update") reply = rounds->update(req);
    if (method == "objection_lodge") reply = objections->lodge(req);
    if (method == "objection_answer") reply = objections->answer(req);
    if (method == "objection_list") reply = objections->list(req);
    if (method == "rectification_create") reply = rectifications->create(req);
    if (method == "rectification_submit") reply = rectifications->submit(req);
    if (method == "rectification_review") reply = rectifications->review(req);
    if (method == "rectification_list") reply = rectifications->list(req);
    if (!reply.ok()) return reply.status();
    return mp::unpack(*reply, "reply").value();
  }

  std::int64_t family_in(const std::string& town, const std::string& name) {
    auto r = call("org_create",
                  mp::MapBuilder().set("type", "family").set("name", name).set("town", town).bytes());
    BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
    return view(*r).int64("id").value();
  }

  // A family round's params (a MapBuilder cannot replace a key: pass what differs).
  std::string round_params(const std::string& standard = "family",
                           const mp::MapBuilder& evaluators =
                               mp::MapBuilder().set("self", 30).set("town", 60).set("residents", 10),
                           const std::string& deadline = "2099-12-31") {
    return mp::MapBuilder()
        .set("name", "2026年度学习型家庭评估")
        .set("year", 2026)
        .set("type", "family")
        .set("standard", standard)
        .set("evaluators", evaluators)
        .set("deadline", deadline)
        .bytes();
  }

  std::int64_t open_round() {
    auto r = call("round_create", round_params());
    BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
    return view(*r).int64("id").value();
  }

  cedu::Result<msgpack::object_handle> score(std::int64_t round, std::int64_t org,
                                             const std::string& evaluator, const mp::MapBuilder& values,
                                             const std::string& principal = "district-admin") {
    return call("round_score", mp::MapBuilder().set("round_id", round).set("organisation_id", org)
                                   .set("evaluator", evaluator).set("values", values).bytes(),
                principal);
  }
  cedu::Result<msgpack::object_handle> satisfaction(std::int64_t round, std::int64_t org, double pct) {
    return call("round_score", mp::MapBuilder().set("round_id", round).set("organisation_id", org)
                                   .set("evaluator", "residents").set("satisfaction", pct).bytes());
  }
  cedu::Result<msgpack::object_handle> advance(std::int64_t round, std::int64_t version,
                                               const std::string& to) {
    return call("round_advance",
                mp::MapBuilder().set("id", round).set("version", version).set("to", to).bytes());
  }
};

}  // namespace

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
