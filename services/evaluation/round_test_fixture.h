// The fixture of the round workflow's tests (rounds, objections, rectification, results):
// cedu-evaluation's handlers in process on a real SQLite file with the shipped standards
// and network, called as a given principal, the events they publish recorded.
#pragma once

#include <functional>

#include <boost/test/unit_test.hpp>

#include "common/msgpack/builder.h"
#include "common/testing/temp_dir.h"
#include "services/evaluation/objection_methods.h"
#include "services/evaluation/organisation_methods.h"
#include "services/evaluation/organisations.h"
#include "services/evaluation/rectification_methods.h"
#include "services/evaluation/results_methods.h"
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

// Full marks on every leaf `take` accepts, with evidence where it is needed.
mp::MapBuilder full_marks_where(const Standard& standard,
                                const std::function<bool(const Indicator&)>& take) {
  mp::MapBuilder values;
  for (const Indicator* leaf : leaves(standard)) {
    if (!take(*leaf)) continue;
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

// Full marks on every leaf, with evidence where it is needed; `skip` leaves one out.
mp::MapBuilder full_marks(const Standard& standard, const std::string& skip = "") {
  return full_marks_where(standard, [&skip](const Indicator& leaf) { return leaf.id != skip; });
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
  std::unique_ptr<ResultsMethods> results;

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
    std::vector<std::string> towns;
    for (const cedu::config::Town& t : network->towns) towns.push_back(t.slug);
    results = std::make_unique<ResultsMethods>(*library, catalogue, lib::places_from(network), towns);
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
    if (method == "round_list") reply = rounds->list(req);
    if (method == "objection_lodge") reply = objections->lodge(req);
    if (method == "objection_answer") reply = objections->answer(req);
    if (method == "objection_list") reply = objections->list(req);
    if (method == "rectification_create") reply = rectifications->create(req);
    if (method == "rectification_submit") reply = rectifications->submit(req);
    if (method == "rectification_review") reply = rectifications->review(req);
    if (method == "rectification_list") reply = rectifications->list(req);
    if (method == "results") reply = results->results(req);
    if (method == "export") reply = results->export_round(req);
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

  // Every part of `org` in `round` (self 30, town 60, residents 10) at full marks, with
  // `satisfaction` for the residents.
  void score_all(std::int64_t round, std::int64_t org, double satisfaction_pct = 100) {
    auto self = score(round, org, "self", full_marks(family));
    BOOST_REQUIRE_MESSAGE(self.ok(), self.status().to_string());
    BOOST_REQUIRE(score(round, org, "town", full_marks(family)).ok());
    BOOST_REQUIRE(this->satisfaction(round, org, satisfaction_pct).ok());
  }

  // Advances `round` (at `version`) through every stage up to `to`; returns its version.
  std::int64_t advance_to(std::int64_t round, std::int64_t version, const std::string& to) {
    for (const char* stage : {"submitted", "reviewed", "publicity", "published"}) {
      auto r = advance(round, version, stage);
      BOOST_REQUIRE_MESSAGE(r.ok(), stage << ": " << r.status().to_string());
      version = view(*r).int64("version").value();
      if (to == stage) break;
    }
    return version;
  }

  // The evaluation of `org` in `round` as round_get shows it.
  mp::MapView evaluation_in(msgpack::object_handle& holder, std::int64_t round, std::int64_t org) {
    auto got = call("round_get", mp::MapBuilder().set("id", round).bytes());
    BOOST_REQUIRE_MESSAGE(got.ok(), got.status().to_string());
    holder = std::move(*got);
    const msgpack::object* all = view(holder).array("evaluations").value();
    for (std::uint32_t i = 0; i < all->via.array.size; ++i) {
      if (item_of(all, i).int64("organisation_id").value() == org) return item_of(all, i);
    }
    BOOST_FAIL("no evaluation of organisation " << org);
    return view(holder);
  }
};

}  // namespace
