// Unit tests of the automatic indicators in a round, without the bus: cedu-evaluation's
// round handlers in process (round_test_fixture.h) with FactMethods over a fake source. A
// town's part is filled with the gathered figures and they are kept with it; a fact that
// could not be gathered leaves the part incomplete and is named with its reason in the
// reply and in round_get; a value the evaluator gives is not gathered; entering the part
// again replaces what was kept; evaluation.facts refuses a bad fact name.
#define BOOST_TEST_MODULE evaluation_fact_round
#include <boost/test/unit_test.hpp>

#include "services/evaluation/fact_methods.h"
#include "services/evaluation/fact_test_source.h"
#include "services/evaluation/round_test_fixture.h"
#include "services/evaluation/standards_facts.h"

using cedu::evaluation::testing::FakeSource;
using cedu::evaluation::testing::every_service_up;

namespace {

struct FactFixture : Fixture {
  FakeSource source = every_service_up();
  std::unique_ptr<FactMethods> facts;
  std::int64_t nancun = 0;

  FactFixture() {
    BOOST_REQUIRE(register_network(*library, *network).ok());
    facts = std::make_unique<FactMethods>(*library, catalogue, network, source);
    rounds->set_part_facts(facts->hook());
    lib::ListQuery q;
    q.category = "town";
    q.town = "nancun";
    auto page = library->store().list(q);
    BOOST_REQUIRE(page.ok() && page->records.size() == 1u);
    nancun = page->records[0].id;
  }

  std::int64_t town_round() {
    auto r = call("round_create", mp::MapBuilder().set("name", "2026年度学习型镇街评估")
                                      .set("year", 2026).set("type", "town").set("standard", "town")
                                      .set("evaluators", mp::MapBuilder().set("district", 100))
                                      .set("deadline", "2099-12-31").bytes());
    BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
    return view(*r).int64("id").value();
  }

  // Full marks on the town standard's leaves the evaluator enters (none automatic), and
  // on the automatic ones in `given`.
  mp::MapBuilder evaluator_values(const std::set<std::string>& given = {}) {
    return full_marks_where(*catalogue.get("town"), [&given](const Indicator& leaf) {
      return !leaf.automatic() || given.count(leaf.id) > 0;
    });
  }

  // leaf id → value (or reason) of a list of an evaluation reply.
  static std::map<std::string, std::string> listed(const mp::MapView& e, const char* list,
                                                   const char* what) {
    std::map<std::string, std::string> out;
    const msgpack::object* items = e.array(list).value();
    for (std::uint32_t i = 0; i < items->via.array.size; ++i) {
      mp::MapView f = item_of(items, i);
      BOOST_TEST(f.string("evaluator").value() == "district");
      out[f.string("id").value()] = std::string(what) == "value"
                                        ? std::to_string(f.number("value").value())
                                        : f.string("reason").value();
    }
    return out;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(fact_round, FactFixture)

BOOST_AUTO_TEST_CASE(a_part_is_filled_with_the_gathered_figures_and_keeps_them) {
  const auto round = town_round();
  auto r = score(round, nancun, "district", evaluator_values());
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  auto gathered = listed(view(*r), "facts", "value");
  auto missing = listed(view(*r), "unavailable", "reason");
  // The town standard's automatic leaves: all gathered but star_stations (no published
  // station round of 2026: the evaluation's own figure).
  BOOST_TEST(gathered.size() == 9u);
  BOOST_TEST(gathered["teachers_count"] == std::to_string(7.0));
  BOOST_TEST(gathered["funding_per_resident"] == std::to_string(450.0));
  BOOST_REQUIRE_EQUAL(missing.size(), 1u);
  BOOST_TEST(missing["star_stations"].find("no published station round for 2026") == 0u);
  mp::MapView part = item_of(view(*r).array("parts").value(), 0);
  BOOST_TEST(!part.boolean("complete").value());
  BOOST_TEST(part.int64("missing").value() == 1);

  auto got = call("round_get", mp::MapBuilder().set("id", round).bytes());
  BOOST_REQUIRE(got.ok());
  mp::MapView e = item_of(view(*got).array("evaluations").value(), 0);
  BOOST_TEST(listed(e, "facts", "value").size() == 9u);
  BOOST_TEST(listed(e, "unavailable", "reason")["star_stations"] == missing["star_stations"]);
}

BOOST_AUTO_TEST_CASE(a_service_down_leaves_its_leaves_unavailable_and_a_given_value_wins) {
  const auto round = town_round();
  source.answers.erase("volunteer.per_thousand");
  auto r = score(round, nancun, "district", evaluator_values({"star_stations"}));
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  auto missing = listed(view(*r), "unavailable", "reason");
  BOOST_REQUIRE_EQUAL(missing.size(), 1u);
  BOOST_TEST(missing["volunteers_share"] ==
             "volunteer.per_thousand answered UNAVAILABLE: no live worker for volunteer");
  BOOST_TEST(listed(view(*r), "facts", "value").count("star_stations") == 0u);  // given

  // The service is back: the part entered again is complete, and nothing stale is kept.
  source = every_service_up();
  auto again = score(round, nancun, "district", evaluator_values({"star_stations"}));
  BOOST_REQUIRE(again.ok());
  BOOST_TEST(listed(view(*again), "unavailable", "reason").empty());
  BOOST_TEST(listed(view(*again), "facts", "value").size() == 9u);
  BOOST_TEST(view(*again).boolean("complete").value());
  // Every automatic value given: nothing is asked.
  source.sent.clear();
  std::set<std::string> all;
  for (const Indicator* leaf : leaves(*catalogue.get("town"))) all.insert(leaf->id);
  BOOST_REQUIRE(score(round, nancun, "district", evaluator_values(all)).ok());
  BOOST_TEST(source.sent.empty());
}

BOOST_AUTO_TEST_CASE(the_results_count_the_gathered_figures_of_a_part) {
  // The part is kept with what was gathered, so the round's results (which score the kept
  // parts again) give the gathered leaves their points: funding_per_resident (450 fen, full)
  // is met for the demonstration standard and the funding indicator has its 15 points.
  const auto round = town_round();
  BOOST_REQUIRE(score(round, nancun, "district", evaluator_values({"star_stations"})).ok());
  advance_to(round, 1, "published");
  auto r = call("results", mp::MapBuilder().set("round_id", round).bytes());
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  mp::MapView row = item_of(view(*r).array("ranking").value(), 0);
  const msgpack::object* indicators = row.array("indicators").value();
  for (std::uint32_t i = 0; i < indicators->via.array.size; ++i) {
    mp::MapView ind = item_of(indicators, i);
    if (ind.string("id").value() == "funding") BOOST_TEST(ind.number("points").value() == 15.0);
  }
  const msgpack::object* levels = row.array("levels").value();
  for (std::uint32_t i = 0; i < levels->via.array.size; ++i) {
    mp::MapView scale = item_of(levels, i);
    if (scale.string("id").value() != "demonstration") continue;
    auto next = scale.optional_map("next").value();
    BOOST_REQUIRE(next.has_value());
    const msgpack::object* short_of = next->array("required_short").value();
    for (std::uint32_t j = 0; j < short_of->via.array.size; ++j) {
      BOOST_TEST(short_of->via.array.ptr[j].as<std::string>() != "funding_per_resident");
    }
  }
}

BOOST_AUTO_TEST_CASE(evaluation_facts_names_a_bad_param) {
  auto ask = [&](const mp::MapBuilder& params) {
    auto handle = mp::unpack(params.bytes(), "params").value();
    auto p = mp::MapView::of(handle.get(), "params").value();
    return facts->facts(lib::testing::request("evaluation", "facts", p, "district-admin"));
  };
  auto ok = ask(mp::MapBuilder().set("organisation_id", nancun).set("year", 2026));
  BOOST_REQUIRE_MESSAGE(ok.ok(), ok.status().to_string());
  auto reply = mp::unpack(*ok, "reply").value();
  BOOST_TEST(view(reply).array("facts").value()->via.array.size == known_facts().size());
  BOOST_TEST(view(reply).int64("residents").value() == network->town("nancun")->population);
  BOOST_TEST(ask(mp::MapBuilder().set("organisation_id", nancun).set("year", 1999)).status().field() ==
             "params.year");
  BOOST_TEST(ask(mp::MapBuilder().set("organisation_id", 99999).set("year", 2026)).status().field() ==
             "params.organisation_id");
  BOOST_TEST(ask(mp::MapBuilder().set("organisation_id", nancun).set("year", 2026)
                     .set("facts", std::vector<std::string>{"lessons"})).status().field() ==
             "params.facts[0]");
  auto round_facts = [&](std::int64_t id) {
    auto handle = mp::unpack(mp::MapBuilder().set("round_id", id).bytes(), "params").value();
    auto p = mp::MapView::of(handle.get(), "params").value();
    return facts->round_facts(lib::testing::request("evaluation", "round_facts", p, "district-admin"));
  };
  source.sent.clear();
  auto all = round_facts(town_round());
  BOOST_REQUIRE_MESSAGE(all.ok(), all.status().to_string());
  auto all_reply = mp::unpack(*all, "reply").value();
  BOOST_TEST(view(all_reply).array("organisations").value()->via.array.size == network->towns.size());
  BOOST_TEST((source.count("volunteer", "per_thousand") == 1u));  // once for every town
  BOOST_TEST(round_facts(424242).status().field() == "params.round_id");
}

BOOST_AUTO_TEST_CASE(star_station_share_is_the_town_s_share_in_the_published_station_round) {
  auto r = call("round_create", mp::MapBuilder().set("name", "2026年度星级辅导站评估")
                                    .set("year", 2026).set("type", "station").set("standard", "station")
                                    .set("evaluators", mp::MapBuilder().set("district", 100))
                                    .set("deadline", "2099-12-31").bytes());
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  const std::int64_t round = view(*r).int64("id").value();
  lib::ListQuery q;
  q.category = "station";
  q.town = "nancun";
  q.limit = 100;
  auto stations = library->store().list(q);
  BOOST_REQUIRE(stations.ok() && stations->records.size() == 26u);
  // Six of Nancun's 26 stations at full marks: five stars each.
  for (std::size_t i = 0; i < 6; ++i) {
    auto part = score(round, stations->records[i].id, "district", full_marks(*catalogue.get("station")));
    BOOST_REQUIRE_MESSAGE(part.ok(), part.status().to_string());
  }
  auto ask = [&] {
    auto handle = mp::unpack(mp::MapBuilder().set("organisation_id", nancun).set("year", 2026)
                                 .set("facts", std::vector<std::string>{"star_station_share"}).bytes(),
                             "params").value();
    auto p = mp::MapView::of(handle.get(), "params").value();
    auto reply = facts->facts(lib::testing::request("evaluation", "facts", p, "district-admin"));
    BOOST_REQUIRE_MESSAGE(reply.ok(), reply.status().to_string());
    auto h = mp::unpack(*reply, "reply").value();
    return std::string(item_of(view(h).array("facts").value(), 0).string("status").value()) + " " +
           (item_of(view(h).array("facts").value(), 0).has("value")
                ? std::to_string(item_of(view(h).array("facts").value(), 0).number("value").value())
                : item_of(view(h).array("facts").value(), 0).string("reason").value());
  };
  BOOST_TEST(ask().find("UNAVAILABLE no published station round for 2026") == 0u, ask());  // a draft
  advance_to(round, 1, "published");
  BOOST_TEST(ask() == "OK " + std::to_string(23.08), ask());  // 6 of 26, in basis points 2308
}

BOOST_AUTO_TEST_SUITE_END()
