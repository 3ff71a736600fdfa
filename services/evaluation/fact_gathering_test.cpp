// Unit tests of gathering automatic indicators with a fake FactSource (no bus): every fact
// from the figure its service reports, for a town and for a station; each fact UNAVAILABLE
// on its own when its service is down, refuses, misses the deadline or answers nonsense;
// the same call sent once for many organisations; the deadline handed to the source; and
// the scope (place, residents) of each organisation type.
#define BOOST_TEST_MODULE evaluation_fact_gathering
#include <boost/test/unit_test.hpp>

#include <map>
#include <set>

#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"
#include "services/evaluation/fact_gathering.h"
#include "services/evaluation/fact_test_source.h"
#include "services/evaluation/standards_facts.h"
#include "services/library/record.h"

using namespace cedu::evaluation;
using cedu::evaluation::testing::FakeSource;
using cedu::evaluation::testing::every_service_up;
namespace mp = cedu::mp;
using cedu::Result;
using cedu::Status;
using Clock = std::chrono::steady_clock;

namespace {

FactScope town_scope() {
  FactScope s;
  s.organisation_id = 1;
  s.type = "town";
  s.town = "nancun";
  s.year = 2025;
  s.residents = 10000;
  s.elderly_residents = 1500;
  return s;
}

FactScope station_scope() {
  FactScope s = town_scope();
  s.organisation_id = 2;
  s.type = "station";
  s.station = "nancun-01";
  s.residents = 2000;
  s.elderly_residents = 300;
  return s;
}

Clock::time_point soon() { return Clock::now() + std::chrono::seconds(2); }

double value(const FactValues& v, const std::string& fact) {
  auto it = v.find(fact);
  BOOST_REQUIRE_MESSAGE(it != v.end(), fact + " missing");
  BOOST_REQUIRE_MESSAGE(it->second.value.has_value(), fact + ": " + it->second.reason);
  return *it->second.value;
}

std::string reason(const FactValues& v, const std::string& fact) {
  auto it = v.find(fact);
  BOOST_REQUIRE_MESSAGE(it != v.end(), fact + " missing");
  BOOST_REQUIRE_MESSAGE(!it->second.value.has_value(), fact + " has a value");
  return it->second.reason;
}

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_fact_of_a_town_comes_from_its_service) {
  FakeSource source = every_service_up();
  auto facts = gather_facts(source, {town_scope()}, {}, soon(),
                            [](const FactScope&) { return FactValue::of(25); });
  BOOST_REQUIRE_EQUAL(facts.size(), 1u);
  const FactValues& f = facts[0];
  BOOST_TEST(f.size() == known_facts().size());
  BOOST_TEST(value(f, "learners") == 400);
  BOOST_TEST(value(f, "elderly_participants") == 90);
  BOOST_TEST(value(f, "participation_rate") == 4.0);          // 400 of 10,000
  BOOST_TEST(value(f, "elderly_participation_rate") == 6.0);  // 90 of 1,500
  BOOST_TEST(value(f, "courses_held") == 30);
  BOOST_TEST(value(f, "local_courses") == 2);
  BOOST_TEST(value(f, "teachers") == 7);
  BOOST_TEST(value(f, "volunteer_hours") == 12.5);
  BOOST_TEST(value(f, "volunteers_per_thousand") == 8.125);   // the library's own town figure
  BOOST_TEST(value(f, "research_projects") == 3);             // approved 2 + concluded 1
  BOOST_TEST(value(f, "activity_brands") == 1);
  BOOST_TEST(value(f, "funding_per_resident") == 450);
  BOOST_TEST(value(f, "star_station_share") == 25);           // the local provider's
  // One call per figure: participants serves four facts, activity two.
  BOOST_TEST(source.count("course", "participants") == 1u);
  BOOST_TEST(source.count("course", "activity") == 1u);
  BOOST_TEST(source.count("project", "count") == 2u);
  BOOST_TEST(source.count("volunteer", "yearly") == 1u);
  // The town's calls name the town and the year.
  for (const FactCall& c : source.sent) {
    auto h = mp::unpack(c.params, "params").value();
    auto p = mp::MapView::of(h.get()).value();
    if (c.method == "per_thousand") {
      BOOST_TEST(p.size() == 0u);
      continue;
    }
    if (c.service != "funding") BOOST_TEST(p.string("town").value() == "nancun");
    BOOST_TEST(!p.has("station"));
  }
}

BOOST_AUTO_TEST_CASE(a_station_takes_its_station_figures_and_rates_over_its_members) {
  FakeSource source = every_service_up();
  auto f = gather_facts(source, {station_scope()}, {}, soon()).at(0);
  BOOST_TEST(value(f, "participation_rate") == 20.0);          // 400 of 2,000 members
  BOOST_TEST(value(f, "elderly_participation_rate") == 30.0);  // 90 of 300
  BOOST_TEST(value(f, "volunteers_per_thousand") == 12.5);     // 25 per 2,000
  BOOST_TEST(value(f, "courses_held") == 30);
  BOOST_TEST(contains(reason(f, "funding_per_resident"), "per town"));
  BOOST_TEST(contains(reason(f, "star_station_share"), "only a town"));
  BOOST_TEST(source.count("volunteer", "per_thousand") == 0u);
  BOOST_TEST(source.count("funding", "per_resident") == 0u);
  for (const FactCall& c : source.sent) {
    auto h = mp::unpack(c.params, "params").value();
    BOOST_TEST(mp::MapView::of(h.get()).value().string("station").value() == "nancun-01");
  }
}

BOOST_AUTO_TEST_CASE(a_service_that_is_down_costs_only_its_own_facts) {
  FakeSource source = every_service_up();
  source.answers.erase("volunteer.yearly");
  source.answers.erase("volunteer.per_thousand");
  source.answers.erase("funding.per_resident");  // not registered yet
  auto f = gather_facts(source, {town_scope()}, {}, soon()).at(0);
  BOOST_TEST(reason(f, "volunteer_hours") ==
             "volunteer.yearly answered UNAVAILABLE: no live worker for volunteer");
  BOOST_TEST(contains(reason(f, "volunteers_per_thousand"), "volunteer.per_thousand answered UNAVAILABLE"));
  BOOST_TEST(contains(reason(f, "funding_per_resident"), "funding.per_resident answered UNAVAILABLE"));
  BOOST_TEST(value(f, "learners") == 400);
  BOOST_TEST(value(f, "teachers") == 7);
  BOOST_TEST(value(f, "research_projects") == 3);
  BOOST_TEST(contains(reason(f, "star_station_share"), "evaluation service"));  // no provider given
}

BOOST_AUTO_TEST_CASE(a_refusal_a_missed_deadline_and_nonsense_each_explain_themselves) {
  FakeSource source = every_service_up();
  source.answers.insert_or_assign("teacher.count",
                                  Status::permission_denied("service:evaluation may not call it"));
  source.answers.insert_or_assign("course.activity",
                                  Status::deadline_exceeded("no answer before the deadline"));
  source.answers.insert_or_assign("course.participants", mp::MapBuilder().set("year", 2025).bytes());
  source.answers.insert_or_assign("project.count:brand", std::string("\x93\x01\x02\x03", 4));
  const auto deadline = soon();
  auto f = gather_facts(source, {town_scope()}, {}, deadline).at(0);
  BOOST_TEST((source.deadline_seen == deadline));
  BOOST_TEST(reason(f, "teachers") ==
             "teacher.count answered PERMISSION_DENIED: service:evaluation may not call it");
  BOOST_TEST(contains(reason(f, "courses_held"), "course.activity answered DEADLINE_EXCEEDED"));
  BOOST_TEST(contains(reason(f, "local_courses"), "DEADLINE_EXCEEDED"));
  BOOST_TEST(contains(reason(f, "learners"), "course.participants gave no usable figure"));
  BOOST_TEST(contains(reason(f, "participation_rate"), "total"));
  BOOST_TEST(contains(reason(f, "activity_brands"), "not a map"));
  BOOST_TEST(value(f, "research_projects") == 3);
  BOOST_TEST(value(f, "volunteer_hours") == 12.5);
}

BOOST_AUTO_TEST_CASE(only_the_wanted_facts_are_asked_for) {
  FakeSource source = every_service_up();
  auto f = gather_facts(source, {town_scope()}, {"teachers", "courses_held"}, soon()).at(0);
  BOOST_TEST(f.size() == 2u);
  BOOST_TEST(source.sent.size() == 2u);
  BOOST_TEST(value(f, "teachers") == 7);
}

BOOST_AUTO_TEST_CASE(a_call_many_organisations_share_is_sent_once) {
  FakeSource source = every_service_up();
  FactScope other = town_scope();
  other.organisation_id = 3;
  other.town = "shiqiao";
  auto facts = gather_facts(source, {town_scope(), other, station_scope()},
                            {"volunteers_per_thousand", "funding_per_resident", "teachers"}, soon());
  BOOST_REQUIRE_EQUAL(facts.size(), 3u);
  BOOST_TEST(source.count("volunteer", "per_thousand") == 1u);
  BOOST_TEST(source.count("funding", "per_resident") == 1u);
  BOOST_TEST(source.count("teacher", "count") == 3u);  // one per place
  BOOST_TEST(value(facts[0], "volunteers_per_thousand") == 8.125);
  BOOST_TEST(value(facts[1], "volunteers_per_thousand") == 1.0);
  BOOST_TEST(value(facts[1], "funding_per_resident") == 1.0);
}

BOOST_AUTO_TEST_CASE(rates_without_residents_are_unavailable_without_a_call) {
  FakeSource source = every_service_up();
  FactScope s = station_scope();
  s.residents.reset();
  s.elderly_residents.reset();
  s.no_residents = "organisation 2 has no members (成员人数): a rate needs its residents";
  auto f = gather_facts(source, {s}, {"participation_rate", "elderly_participation_rate",
                                      "volunteers_per_thousand", "learners"}, soon()).at(0);
  BOOST_TEST(reason(f, "participation_rate") == s.no_residents);
  BOOST_TEST(reason(f, "volunteers_per_thousand") == s.no_residents);
  BOOST_TEST(!reason(f, "elderly_participation_rate").empty());
  BOOST_TEST(value(f, "learners") == 400);
  BOOST_TEST(source.count("volunteer", "yearly") == 0u);
}

BOOST_AUTO_TEST_CASE(the_scope_of_each_organisation_type) {
  cedu::config::Network network;
  network.source = "network.yaml";
  network.towns.push_back({"nancun", "南村镇", cedu::config::TownKind::kTown, 10000, 1500, {}});
  cedu::library::Record org;
  org.id = 7;
  org.town = "nancun";
  org.fields["type"] = std::string("town");
  FactScope town = fact_scope_of(org, network, 2025);
  BOOST_TEST(*town.residents == 10000);
  BOOST_TEST(*town.elderly_residents == 1500);
  BOOST_TEST(town.station.empty());

  org.fields["type"] = std::string("station");
  org.station = "nancun-01";
  FactScope bare = fact_scope_of(org, network, 2025);
  BOOST_TEST(!bare.residents.has_value());
  BOOST_TEST(contains(bare.no_residents, "organisation 7 has no members"));
  org.fields["members"] = std::int64_t{1999};
  FactScope station = fact_scope_of(org, network, 2025);
  BOOST_TEST(station.station == "nancun-01");
  BOOST_TEST(*station.residents == 1999);
  BOOST_TEST(*station.elderly_residents == 300);  // 1999 × 15 % = 299.85

  org.fields["type"] = std::string("community");
  org.station.clear();
  FactScope community = fact_scope_of(org, network, 2025);
  BOOST_TEST(community.station.empty());  // its town's figures
  BOOST_TEST(*community.residents == 1999);

  org.fields["type"] = std::string("family");
  FactScope family = fact_scope_of(org, network, 2025);
  BOOST_TEST(contains(family.no_figures, "a family has no figures"));
  FakeSource source = every_service_up();
  auto f = gather_facts(source, {family}, {}, soon()).at(0);
  BOOST_TEST(source.sent.empty());
  BOOST_TEST(reason(f, "teachers") == family.no_figures);
}

BOOST_AUTO_TEST_CASE(a_plugin_indicator_is_a_fact_read_with_its_library_s_indicator_method) {
  BOOST_TEST(valid_fact("plugin:course:elderly_digital_sessions"));
  BOOST_TEST(valid_fact("teachers"));
  for (const char* bad : {"plugin:funding:x", "plugin:course:", "plugin:course:Sessions",
                          "plugin:course", "course:sessions", "lessons"}) {
    BOOST_TEST(!valid_fact(bad), bad);
  }
  FakeSource source = every_service_up();
  source.answers.emplace("course.indicator", mp::MapBuilder().set("name", "elderly_digital_sessions")
                                                 .set("value", 6.0).bytes());
  auto f = gather_facts(source, {station_scope()}, {"plugin:course:elderly_digital_sessions"},
                        soon()).at(0);
  BOOST_TEST(value(f, "plugin:course:elderly_digital_sessions") == 6.0);
  BOOST_REQUIRE_EQUAL(source.sent.size(), 1u);
  auto h = mp::unpack(source.sent[0].params, "params").value();
  auto p = mp::MapView::of(h.get()).value();
  BOOST_TEST(p.string("name").value() == "elderly_digital_sessions");
  BOOST_TEST(p.string("station").value() == "nancun-01");
  BOOST_TEST(p.int64("year").value() == 2025);

  source.answers.insert_or_assign("course.indicator",
                                  Status::not_found("no plugin of course provides indicator x", "params.name"));
  auto missing = gather_facts(source, {station_scope()}, {"plugin:course:x"}, soon()).at(0);
  BOOST_TEST(reason(missing, "plugin:course:x") ==
             "course.indicator answered NOT_FOUND: no plugin of course provides indicator x");
}
