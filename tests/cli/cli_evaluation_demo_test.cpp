// Integration: the district summary (区评估结果) on the demo data. The real `cedu demo seed`
// against a real CURVE cedu-bus with the four libraries, cedu-funding and cedu-evaluation
// (the shipped grants of service:evaluation): the evaluation year is seeded — its rounds
// published, their district parts' automatic indicators gathered by the service — and a
// second seed creates nothing; a station round a stopped run left in draft (no part, its
// deadline past) is the one the seed goes on with, not a second round of that name. Then evaluation.results over the bus is checked against
// figures this test computes on its own from the seeded plan (the values each part gave)
// and the figures the service reports it gathered: per town and for the district the
// exact share of star stations against 20 % and of demonstration towns against 50 %, the
// ranking order, the open (overdue) rectification tasks and the answered objections; the
// year's counts by type; and `cedu evaluation report` writes the Chinese report on it.
#define BOOST_TEST_MODULE cli_evaluation_demo
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdio>
#include <map>
#include <regex>
#include <set>

#include "cli/demo/evaluation_leaves.h"
#include "cli/demo/evaluation_plan.h"
#include "common/config/network.h"
#include "tests/support/bus_fixture.h"
#include "tests/support/cli_run.h"
#include "tests/support/library_services.h"
#include "tests/support/library_test_helpers.h"
#include "tests/support/process.h"

using namespace std::chrono_literals;
using namespace cedu::testing;
using namespace cedu::cli::demo;
namespace mp = cedu::mp;

namespace {

const std::vector<GrantSpec> kGrants = {
    {"service:evaluation",
     {"course.participants", "course.activity", "course.indicator", "teacher.count",
      "volunteer.yearly", "volunteer.per_thousand", "project.count", "funding.per_resident"},
     {}},
    {"service:course", {"teacher.*", "volunteer.*", "course.*"}, {}},
    {"service:volunteer", {"teacher.*", "course.*"}, {}},
    {"service:project", {"teacher.*", "course.*"}, {}},
    {"service:teacher", {}, {}},
    {"service:funding", {"project.get"}, {}},
};

// The level an organisation must reach to count (the target scale's first level).
struct Gate {
  std::int64_t min_hundredths = 0;
  std::vector<std::string> required;
};

struct Suite {
  BusFixture fixture{kGrants, 1000};
  std::vector<Process> services = [this] {
    std::vector<Process> v;
    for (const std::string name : {"teacher", "volunteer", "course", "project"}) {
      v.push_back(start_library_service(fixture, name));
    }
    v.push_back(start_library_service(fixture, "funding",
                                      {"--performance", source_path("configs/funding/performance.yaml")}));
    v.push_back(start_library_service(fixture, "evaluation", {"--standards", source_path("configs/standards")}));
    return v;
  }();
  std::unique_ptr<cedu::Client> admin = fixture.client();
  cedu::config::Network network = cedu::config::load_network(network_file());
  std::vector<cedu::Result<cedu::Reply>> replies;

  CliRun cedu(const std::vector<std::string>& args) { return run_cedu(fixture, args, 600s); }
  mp::MapView call(const std::string& method, const mp::MapBuilder& params) {
    replies.push_back(admin->call("evaluation", method, params.bytes()));
    BOOST_REQUIRE_MESSAGE(replies.back().ok(), method + ": " + replies.back().status().to_string());
    return view(*replies.back());
  }
  // The leaves and the target scale's first level of `standard`.
  std::pair<std::vector<DemoLeaf>, Gate> standard(const std::string& id, const std::string& scale) {
    mp::MapView s = call("standards", mp::MapBuilder().set("standard", id)).map("standard").value();
    auto leaves = leaves_of(*s.find("tree"));
    BOOST_REQUIRE(leaves.ok());
    const msgpack::object* scales = s.array("scales").value();
    for (std::uint32_t i = 0; i < scales->via.array.size; ++i) {
      mp::MapView sc = item(scales, i);
      if (sc.string("id").value() != scale) continue;
      mp::MapView first = item(sc.array("levels").value(), 0);
      Gate g{std::llround(first.number("min").value() * 100), {}};
      const msgpack::object* req = first.array("required").value();
      for (std::uint32_t j = 0; j < req->via.array.size; ++j) g.required.push_back(req->via.array.ptr[j].as<std::string>());
      return {*leaves, g};
    }
    BOOST_FAIL("no scale " << scale);
    return {};
  }
  // network id → organisation id of `type`.
  std::map<std::string, std::int64_t> ids_of(const std::string& type) {
    std::map<std::string, std::int64_t> out;
    mp::MapView list = call("org_list", mp::MapBuilder().set("type", type).set("limit", 1000));
    const msgpack::object* items = list.array("items").value();
    for (std::uint32_t i = 0; i < items->via.array.size; ++i) {
      out[item(items, i).string("network_id").value()] = item(items, i).int64("id").value();
    }
    return out;
  }
};

std::string describe(const CliRun& r) { return "exit " + std::to_string(r.exit_code) + "\n" + r.output; }

std::string line_of(const std::string& output, const std::string& what) {
  std::smatch m;
  if (std::regex_search(output, m, std::regex(what + ": [^\n]*"))) return m.str();
  return {};
}

// A leaf's points in hundredths, by its rule as docs/evaluation.md states it.
std::int64_t points(const DemoLeaf& leaf, double v, bool flag) {
  double p = 0;
  if (leaf.kind == "manual") p = v;
  if (leaf.kind == "yes_no") p = flag ? leaf.weight : 0;
  if (leaf.kind == "threshold") p = v >= leaf.min ? leaf.weight : 0;
  if (leaf.kind == "ramp") {
    p = v <= leaf.from ? 0 : v >= leaf.to ? leaf.weight : leaf.weight * (v - leaf.from) / (leaf.to - leaf.from);
  }
  if (leaf.kind == "ratio") p = leaf.weight * std::min(1.0, v / leaf.target);
  return std::llround(p * 100);
}

struct Expected {
  std::int64_t total = 0;  // hundredths
  bool rated = false;
};

// The weighted result of `e`: the plan's values, the district part's gathered figures
// (`gathered`: leaf id → value) for the leaves the plan left to the service.
Expected expected(const DemoEvaluation& e, const std::map<std::string, std::int64_t>& weights,
                  const std::vector<DemoLeaf>& leaves, const Gate& gate,
                  const std::map<std::string, double>& gathered) {
  Expected x;
  bool required_met = true;
  std::int64_t weighted = 0;  // hundredths × weight
  for (const DemoPart& part : e.parts) {
    std::int64_t total = 0;
    if (part.evaluator == "residents") {
      total = std::llround(part.satisfaction * 100);
    } else {
      for (const DemoLeaf& leaf : leaves) {
        const auto v = part.values.find(leaf.id);
        std::int64_t p = 0;
        if (v != part.values.end()) {
          p = points(leaf, v->second.number, v->second.flag);
        } else {
          BOOST_REQUIRE_MESSAGE(gathered.count(leaf.id), e.network_id << ": nothing gathered for " << leaf.id);
          p = points(leaf, gathered.at(leaf.id), false);
        }
        total += p;
        for (const std::string& r : gate.required) {
          if (r == leaf.id && p != std::llround(leaf.weight * 100)) required_met = false;
        }
      }
    }
    weighted += weights.at(part.evaluator) * total;
  }
  x.total = (weighted + 50) / 100;
  x.rated = required_met && x.total >= gate.min_hundredths;
  return x;
}

// rated × 100 / registered in hundredths of a percent, rounded half up, as "21.13".
std::string share_text(std::int64_t rated, std::int64_t registered) {
  const std::int64_t bp = (rated * 1000000 / registered + 50) / 100;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(bp / 100), static_cast<long long>(bp % 100));
  return buf;
}

std::string two_decimals(double d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", d);
  return buf;
}

// Checks a published round's results against the plan; returns the district's rated count.
std::int64_t check_round(Suite& s, std::int64_t round_id, const DemoRound& round, const std::vector<DemoLeaf>& leaves,
                         const Gate& gate, const std::map<std::string, std::int64_t>& ids, std::int64_t target) {
  std::map<std::int64_t, std::string> network_of;
  for (const auto& [network_id, id] : ids) network_of[id] = network_id;

  // What the service gathered for each district part.
  std::map<std::string, std::map<std::string, double>> gathered;
  mp::MapView got = s.call("round_get", mp::MapBuilder().set("id", round_id));
  BOOST_TEST(got.map("round").value().string("stage").value() == "published");
  BOOST_TEST(got.map("round").value().string("deadline").value() == kEvaluationDemoDeadline);
  const msgpack::object* evaluations = got.array("evaluations").value();
  BOOST_REQUIRE_EQUAL(evaluations->via.array.size, round.evaluations.size());
  for (std::uint32_t i = 0; i < evaluations->via.array.size; ++i) {
    mp::MapView e = item(evaluations, i);
    const std::string network_id = network_of.at(e.int64("organisation_id").value());
    BOOST_TEST(e.array("unavailable").value()->via.array.size == 0u, network_id);
    const msgpack::object* facts = e.array("facts").value();
    for (std::uint32_t j = 0; j < facts->via.array.size; ++j) {
      mp::MapView f = item(facts, j);
      BOOST_TEST(f.string("evaluator").value() == "district");
      gathered[network_id][f.string("id").value()] = f.number("value").value();
    }
  }

  // Expected per town, in the network's order, and for the district.
  std::map<std::string, Expected> expect;
  std::map<std::string, std::int64_t> town_rated, town_registered;
  std::int64_t rated = 0;
  for (const DemoEvaluation& e : round.evaluations) {
    expect[e.network_id] = expected(e, round.weights, leaves, gate, gathered[e.network_id]);
    town_registered[e.town] += 1;
    town_rated[e.town] += expect[e.network_id].rated ? 1 : 0;
    rated += expect[e.network_id].rated ? 1 : 0;
  }
  const std::int64_t registered = static_cast<std::int64_t>(round.evaluations.size());

  mp::MapView r = s.call("results", mp::MapBuilder().set("round_id", round_id));
  BOOST_TEST(r.int64("target_percent").value() == target);
  mp::MapView d = r.map("district").value();
  BOOST_TEST(d.int64("registered").value() == registered);
  BOOST_TEST(d.int64("evaluated").value() == registered);
  BOOST_TEST(d.int64("rated").value() == rated);
  BOOST_TEST(two_decimals(d.number("share").value()) == share_text(rated, registered));
  BOOST_TEST(d.boolean("meets_target").value() == (rated * 100 >= target * registered));
  BOOST_TEST(d.int64("open_rectifications").value() == 1);
  BOOST_TEST(d.int64("overdue_rectifications").value() == 1);
  std::int64_t by_level = 0;
  const msgpack::object* levels = d.array("by_level").value();
  for (std::uint32_t i = 0; i < levels->via.array.size; ++i) by_level += item(levels, i).int64("count").value();
  BOOST_TEST(by_level == rated);

  const msgpack::object* towns = r.array("towns").value();
  std::size_t town_index = 0;
  for (std::uint32_t i = 0; i < towns->via.array.size; ++i) {
    mp::MapView t = item(towns, i);
    const std::string slug = t.string("town").value();
    BOOST_TEST(slug == s.network.towns[town_index++].slug);
    const std::int64_t n = town_registered[slug], k = town_rated[slug];
    BOOST_TEST(t.int64("registered").value() == n, slug);
    BOOST_TEST(t.int64("rated").value() == k, slug);
    if (n == 0) continue;
    BOOST_TEST(two_decimals(t.number("share").value()) == share_text(k, n), slug);
    const std::optional<bool> meets = t.optional_boolean("meets_target").value();
    BOOST_TEST((meets && *meets == (k * 100 >= target * n)), slug);
  }

  // The ranking: every organisation, by the total computed here, highest first.
  const msgpack::object* ranking = r.array("ranking").value();
  BOOST_REQUIRE_EQUAL(ranking->via.array.size, round.evaluations.size());
  std::int64_t previous = 100 * 100 + 1;
  for (std::uint32_t i = 0; i < ranking->via.array.size; ++i) {
    mp::MapView row = item(ranking, i);
    const std::string network_id = network_of.at(row.int64("organisation_id").value());
    const std::int64_t total = expect[network_id].total;
    BOOST_TEST(std::abs(std::llround(row.number("total").value() * 100) - total) <= 1, network_id);
    BOOST_TEST(total <= previous + 1, network_id << " ranked after a lower total");
    previous = total;
  }

  // The task on the organisation the plan names, overdue (its deadline is in 2021).
  const msgpack::object* open = r.array("open_rectifications").value();
  BOOST_REQUIRE_EQUAL(open->via.array.size, 1u);
  mp::MapView task = item(open, 0);
  BOOST_TEST(task.int64("organisation_id").value() == ids.at(round.rectification_on));
  BOOST_TEST(task.string("deadline").value() == round.rectification_deadline);
  BOOST_TEST(task.string("task").value() == round.rectification_task);
  BOOST_TEST(task.boolean("overdue").value());
  mp::MapView objections = r.map("objections").value();
  BOOST_TEST(objections.int64("open").value() == 0);
  BOOST_TEST(objections.int64("upheld").value() == 0);
  BOOST_TEST(objections.int64("dismissed").value() == 1);
  return rated;
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(the_district_summary_on_the_demo_data, Suite) {
  const auto [station_leaves, stars] = standard("station", "stars");
  const auto [town_leaves, demonstration] = standard("town", "demonstration");
  const EvaluationPlan plan = evaluation_plan(network, station_leaves, town_leaves);
  const std::size_t organisations = plan.organisations.size();

  // A run that stopped on an earlier day right after opening the station round, before any
  // part: the seed goes on with that round (reopened until today) instead of a second one.
  mp::MapBuilder weights;
  for (const auto& [role, weight] : plan.stations.weights) weights.set(role, weight);
  const std::int64_t left_over =
      call("round_create", mp::MapBuilder().set("name", plan.stations.name).set("year", plan.year)
                               .set("type", plan.stations.type).set("standard", plan.stations.standard)
                               .set("evaluators", weights).set("deadline", "2021-01-04"))
          .int64("id").value();

  const std::vector<std::string> seed = {"demo", "seed", "--scale", "0.05", "--network", network_file()};
  CliRun first = cedu(seed);
  BOOST_REQUIRE_MESSAGE(first.exit_code == 0, describe(first));
  CliRun second = cedu(seed);
  BOOST_REQUIRE_MESSAGE(second.exit_code == 0, describe(second));
  // One round of each name in the year: the left-over one and the town round the seed opened.
  for (const DemoRound* round : {&plan.stations, &plan.towns}) {
    mp::MapView listed = call("round_list", mp::MapBuilder().set("name", round->name).set("year", plan.year));
    BOOST_TEST(listed.array("items").value()->via.array.size == 1u, round->name);
  }

  // The seed's lines: everything created once, nothing the second time.
  const std::string a = line_of(first.output, "evaluation"), b = line_of(second.output, "evaluation");
  BOOST_TEST_MESSAGE(first.output);
  BOOST_TEST(a.find(std::to_string(organisations) + " communities, families and associations — " +
                    std::to_string(organisations) + " created, 0 unchanged; 336 stations' residents set") !=
                 std::string::npos, a);
  BOOST_TEST(b.find("— 0 created, " + std::to_string(organisations) + " unchanged; 0 stations' residents set") !=
                 std::string::npos, b);
  std::smatch m;
  BOOST_REQUIRE_MESSAGE(std::regex_search(a, m, std::regex("station round ([0-9]+) published: .*town round ([0-9]+) published")), a);
  const std::int64_t station_round = std::stoll(m.str(1)), town_round = std::stoll(m.str(2));
  BOOST_TEST(station_round == left_over);
  BOOST_TEST(b.find("station round " + m.str(1) + " unchanged") != std::string::npos, b);
  BOOST_TEST(b.find("town round " + m.str(2) + " unchanged") != std::string::npos, b);
  BOOST_TEST(b.find("2 objections answered, 2 rectification tasks open") != std::string::npos, b);

  const std::int64_t star_stations =
      check_round(*this, station_round, plan.stations, station_leaves, stars, ids_of("station"), 20);
  const std::int64_t demonstration_towns =
      check_round(*this, town_round, plan.towns, town_leaves, demonstration, ids_of("town"), 50);
  // A realistic spread: the plan leaves some towns above the 20 % target and some below,
  // and some towns at the demonstration standard.
  BOOST_TEST(star_stations > 336 / 10);
  BOOST_TEST(star_stations < 336 * 4 / 10);
  BOOST_TEST(demonstration_towns > 0);
  BOOST_TEST(demonstration_towns < 16);
  BOOST_TEST(a.find(std::to_string(star_stations) + " of 336 stations starred (" + share_text(star_stations, 336) +
                    " %, target 20 %)") != std::string::npos, a);

  // The year's learning organisations by type.
  std::map<std::string, std::int64_t> planned = {{"town", 16}, {"station", 336}, {"community", 0},
                                                 {"family", 0}, {"association", 0}, {"enterprise", 0}};
  for (const DemoOrganisation& o : plan.organisations) planned[o.type] += 1;
  mp::MapView year = call("results", mp::MapBuilder().set("year", plan.year));
  const msgpack::object* types = year.array("types").value();
  BOOST_REQUIRE_EQUAL(types->via.array.size, 6u);
  for (std::uint32_t i = 0; i < types->via.array.size; ++i) {
    mp::MapView t = item(types, i);
    const std::string type = t.string("type").value();
    mp::MapView district = t.map("district").value();
    BOOST_TEST(district.int64("registered").value() == planned.at(type), type);
    const msgpack::object* round = t.find("round");
    if (type == "station" || type == "town") {
      BOOST_REQUIRE(round->type == msgpack::type::MAP);
      BOOST_TEST(mp::MapView::of(*round).value().int64("id").value() == (type == "station" ? station_round : town_round));
      BOOST_TEST(district.int64("rated").value() == (type == "station" ? star_stations : demonstration_towns));
    } else {
      BOOST_TEST(round->type == msgpack::type::NIL, type);
      BOOST_TEST(district.int64("rated").value() == 0, type);
    }
  }
  BOOST_TEST(planned.at("community") > 16);
  BOOST_TEST(planned.at("family") == 48);
  BOOST_TEST(planned.at("association") == 32);

  // The Chinese report of the station round.
  const std::string report = fixture.dir().file("星级辅导站.md");
  CliRun written = cedu({"evaluation", "report", std::to_string(station_round), "-o", report});
  BOOST_REQUIRE_MESSAGE(written.exit_code == 0, describe(written));
  const std::string md = read_file(report);
  BOOST_TEST(md.find("# " + plan.stations.name + " 评估结果报告") != std::string::npos, md.substr(0, 400));
  BOOST_TEST(md.find("## 全区概况") != std::string::npos);
  BOOST_TEST(md.find(std::to_string(star_stations) + "/336 = " + share_text(star_stations, 336) + "%") !=
                 std::string::npos, md.substr(0, 1200));
  BOOST_TEST(md.find("当前阶段：已公布") != std::string::npos);
  BOOST_TEST(md.find(plan.stations.objection_reply) != std::string::npos);
  BOOST_TEST(md.find("（已逾期）") != std::string::npos);
}
