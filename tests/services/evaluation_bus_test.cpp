// cedu-evaluation over the real bus with CURVE: it serves the shipped standards
// (evaluation.standards, list and one), scores values against them without storing
// (evaluation.preview: the town standard at full marks reaches the national demonstration
// level; refusals keep their code and field across the bus), keeps organisations (the
// network's towns and stations registered at start, once; families created, read, listed,
// updated with the principal the broker stamped; a bad town and a stale version refused),
// runs a family round from draft to published (a skipped stage refused; the family's
// history keeps the evaluation across a restart),
// lists rounds by name and year in pages (evaluation.round_list, and `cedu evaluation rounds`),
// and a bad standards file stops it at start with the file:line error.
#define BOOST_TEST_MODULE evaluation_bus
#include <boost/test/unit_test.hpp>

#include <fstream>

#include "tests/support/bus_fixture.h"
#include "tests/support/library_test_helpers.h"
#include "tests/support/process.h"

using namespace std::chrono_literals;
using cedu::StatusCode;
using namespace cedu::testing;
namespace mp = cedu::mp;

namespace {

const std::vector<GrantSpec> kGrants = {
    {"service:evaluation", {}, {}},
    {"town-admin:nancun", {"evaluation.standards", "evaluation.org_create"}, {}},
};

// Starts cedu-evaluation with its own key; `standards` is the directory it reads, its
// database is evaluation.db in the bus's directory (kept across restarts).
Process start_evaluation(BusFixture& bus, const std::string& standards) {
  const std::string config = bus.dir().file("service-evaluation.yaml");
  std::ofstream(config) << "bus:\n  keys_dir: " << bus.dir().file("keys") << "\n"
                        << "  heartbeat_interval_ms: " << bus.heartbeat_ms() << "\n";
  Process p = Process::spawn({binary("cedu-evaluation"), "--config", config, "--endpoint",
                              bus.endpoint(), "--standards", standards, "--network",
                              source_path("configs/network.yaml"), "--database",
                              bus.dir().file("evaluation.db"), "--log-level", "debug"},
                             bus.dir().file("cedu-evaluation.log"));
  BOOST_REQUIRE_MESSAGE(bus.wait_for_workers("evaluation", 1, 10000ms),
                        "cedu-evaluation did not register: " +
                            read_file(bus.dir().file("cedu-evaluation.log")));
  return p;
}

// Full marks on every leaf of the standard in `tree` (an evaluation.standards reply) but
// `skip`.
mp::MapBuilder full_marks(const msgpack::object* nodes, const std::string& skip = "") {
  mp::MapBuilder values;
  std::vector<const msgpack::object*> stack = {nodes};
  while (!stack.empty()) {
    const msgpack::object* list = stack.back();
    stack.pop_back();
    for (std::uint32_t i = 0; i < list->via.array.size; ++i) {
      mp::MapView ind = item(list, i);
      if (ind.has("children")) {
        stack.push_back(ind.array("children").value());
        continue;
      }
      if (ind.string("id").value() == skip) continue;
      mp::MapView rule = ind.map("rule").value();
      const std::string kind = rule.string("kind").value();
      mp::MapBuilder v;
      if (kind == "yes_no") v.set("value", true);
      if (kind == "manual") v.set("value", ind.int64("weight").value());
      if (kind == "threshold") v.set("value", rule.number("min").value());
      if (kind == "ramp") v.set("value", rule.number("to").value());
      if (kind == "ratio") v.set("value", rule.number("target").value());
      if (ind.boolean("evidence").value()) v.set("evidence", std::vector<std::string>{"台账.pdf"});
      values.set(ind.string("id").value(), v);
    }
  }
  return values;
}

}  // namespace

BOOST_AUTO_TEST_CASE(serves_standards_and_previews_scores) {
  BusFixture bus(kGrants);
  auto svc = start_evaluation(bus, source_path("configs/standards"));
  auto admin = bus.client();

  auto list = admin->call("evaluation", "standards", mp::empty_map());
  BOOST_REQUIRE_MESSAGE(list.ok(), list.status().to_string());
  BOOST_TEST(items_of(*list, "standards") >= 2u);
  bool station = false;
  for (std::uint32_t i = 0; i < items_of(*list, "standards"); ++i) {
    mp::MapView s = item(*list, "standards", i);
    if (s.string("id").value() == "station") {
      station = true;
      BOOST_TEST(s.string("name").value() == "番禺区星级村居社区教育辅导站评估标准");
      BOOST_TEST(s.int64("automatic").value() >= 5);
    }
  }
  BOOST_TEST(station);

  auto town = admin->call("evaluation", "standards",
                          mp::MapBuilder().set("standard", "town").set("version", 1).bytes());
  BOOST_REQUIRE_MESSAGE(town.ok(), town.status().to_string());
  mp::MapView standard = view(*town).map("standard").value();
  BOOST_TEST(standard.string("organisation").value() == "town");

  auto preview = admin->call(
      "evaluation", "preview",
      mp::MapBuilder()
          .set("standard", "town")
          .set("values", full_marks(standard.array("tree").value()))
          .bytes());
  BOOST_REQUIRE_MESSAGE(preview.ok(), preview.status().to_string());
  BOOST_TEST(view(*preview).number("total").value() == 100.0);
  BOOST_TEST(view(*preview).boolean("complete").value());
  const msgpack::object* scales = view(*preview).array("scales").value();
  BOOST_REQUIRE(scales->via.array.size == 2u);
  BOOST_TEST(item(scales, 0).map("reached").value().string("name").value() == "优秀");
  BOOST_TEST(item(scales, 1).map("reached").value().string("id").value() == "national");
  BOOST_TEST(item(scales, 1).map("reached").value().string("name").value() ==
             "全国社区教育示范镇街");

  // A refusal keeps its code and field across the bus.
  auto refused = admin->call(
      "evaluation", "preview",
      mp::MapBuilder()
          .set("standard", "town")
          .set("values", mp::MapBuilder().set("committee_set", true))
          .bytes());
  BOOST_TEST((refused.status().code() == StatusCode::kFailedPrecondition));
  BOOST_TEST(refused.status().field() == "params.values.committee_set.evidence");

  // The broker's access list applies: a town admin granted only standards.
  auto nancun = bus.client_as("town-admin:nancun");
  BOOST_TEST(nancun->call("evaluation", "standards", mp::empty_map()).ok());
  auto denied = nancun->call("evaluation", "preview",
                             mp::MapBuilder().set("standard", "town").bytes());
  BOOST_TEST((denied.status().code() == StatusCode::kPermissionDenied));
}

BOOST_AUTO_TEST_CASE(keeps_organisations_and_runs_a_round) {
  BusFixture bus(kGrants);
  Process svc = start_evaluation(bus, source_path("configs/standards"));
  auto admin = bus.client();

  // The network's towns and stations are there without anyone creating them.
  auto towns = admin->call("evaluation", "org_list",
                           mp::MapBuilder().set("type", "town").set("limit", 1000).bytes());
  BOOST_REQUIRE_MESSAGE(towns.ok(), towns.status().to_string());
  const std::size_t town_count = items_of(*towns, "items");
  BOOST_TEST(town_count >= 10u);
  auto nancun_stations = admin->call(
      "evaluation", "org_list",
      mp::MapBuilder().set("type", "station").set("town", "南村镇").set("limit", 1000).bytes());
  BOOST_REQUIRE_MESSAGE(nancun_stations.ok(), nancun_stations.status().to_string());
  BOOST_TEST(items_of(*nancun_stations, "items") >= 1u);
  const std::string station = item(*nancun_stations, "items", 0).string("station").value();
  BOOST_TEST(item(*nancun_stations, "items", 0).string("town").value() == "nancun");

  // A town admin creates a family of its town; the broker's principal is stamped on it.
  auto nancun = bus.client_as("town-admin:nancun");
  auto created = nancun->call("evaluation", "org_create",
                              mp::MapBuilder()
                                  .set("type", "family")
                                  .set("name", "陈家")
                                  .set("town", "nancun")
                                  .set("station", station)
                                  .set("members", 4)
                                  .bytes());
  BOOST_REQUIRE_MESSAGE(created.ok(), created.status().to_string());
  const std::int64_t id = view(*created).int64("id").value();
  BOOST_TEST(view(*created).string("created_by").value() == "town-admin:nancun");

  auto got = admin->call("evaluation", "org_get", mp::MapBuilder().set("id", id).bytes());
  BOOST_REQUIRE_MESSAGE(got.ok(), got.status().to_string());
  BOOST_TEST(view(*got).map("organisation").value().string("name").value() == "陈家");
  BOOST_TEST(view(*got).array("evaluations").value()->via.array.size == 0u);
  auto families = admin->call("evaluation", "org_list",
                              mp::MapBuilder().set("type", "family").set("station", station)
                                  .set("town", "nancun").bytes());
  BOOST_REQUIRE(families.ok());
  BOOST_TEST(items_of(*families, "items") == 1u);

  // A bad town, another town's family for a town admin, a stale version.
  auto bad_town = admin->call("evaluation", "org_create",
                              mp::MapBuilder().set("type", "family").set("name", "x")
                                  .set("town", "atlantis").bytes());
  BOOST_TEST((bad_town.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(bad_town.status().field() == "params.town");
  auto foreign = nancun->call("evaluation", "org_create",
                              mp::MapBuilder().set("type", "family").set("name", "黄家")
                                  .set("town", "zhongcun").bytes());
  BOOST_TEST((foreign.status().code() == StatusCode::kPermissionDenied));
  auto updated = admin->call("evaluation", "org_update",
                             mp::MapBuilder().set("id", id).set("version", 1)
                                 .set("name", "陈氏家庭").bytes());
  BOOST_REQUIRE_MESSAGE(updated.ok(), updated.status().to_string());
  BOOST_TEST(view(*updated).int64("version").value() == 2);
  auto stale = admin->call("evaluation", "org_update",
                           mp::MapBuilder().set("id", id).set("version", 1)
                               .set("name", "又改").bytes());
  BOOST_TEST((stale.status().code() == StatusCode::kConflict));
  BOOST_TEST(stale.status().field() == "params.version");
  auto trail = admin->call("evaluation", "org_audit", mp::MapBuilder().set("record_id", id).bytes());
  BOOST_REQUIRE_MESSAGE(trail.ok(), trail.status().to_string());
  BOOST_TEST(items_of(*trail, "entries") == 2u);
  BOOST_TEST(item(*trail, "entries", 0).string("principal").value() == "town-admin:nancun");

  // A round for families: the district's part at full marks, then the workflow, where a
  // skipped stage is refused naming the transition.
  auto family_standard = admin->call("evaluation", "standards",
                                     mp::MapBuilder().set("standard", "family").bytes());
  BOOST_REQUIRE(family_standard.ok());
  mp::MapView family_tree = view(*family_standard).map("standard").value();
  auto round = admin->call("evaluation", "round_create",
                           mp::MapBuilder()
                               .set("name", "2026年度学习型家庭评估")
                               .set("year", 2026)
                               .set("type", "family")
                               .set("standard", "family")
                               .set("evaluators", mp::MapBuilder().set("district", 100))
                               .set("deadline", "2099-12-15")  // deadlines are enforced
                               .bytes());
  BOOST_REQUIRE_MESSAGE(round.ok(), round.status().to_string());
  const std::int64_t round_id = view(*round).int64("id").value();
  BOOST_TEST(view(*round).string("stage").value() == "draft");
  auto part = admin->call("evaluation", "round_score",
                          mp::MapBuilder()
                              .set("round_id", round_id)
                              .set("organisation_id", id)
                              .set("evaluator", "district")
                              .set("values", full_marks(family_tree.array("tree").value()))
                              .bytes());
  BOOST_REQUIRE_MESSAGE(part.ok(), part.status().to_string());
  BOOST_TEST(view(*part).number("total").value() == 100.0);
  auto advance = [&](std::int64_t version, const std::string& to) {
    return admin->call("evaluation", "round_advance",
                       mp::MapBuilder().set("id", round_id).set("version", version).set("to", to).bytes());
  };
  BOOST_REQUIRE(advance(1, "submitted").ok());
  auto skipped = advance(2, "published");
  BOOST_TEST((skipped.status().code() == StatusCode::kFailedPrecondition));
  BOOST_TEST(skipped.status().field() == "params.to");
  BOOST_TEST(skipped.status().message() ==
             "submitted → published is not allowed: the next stage is reviewed");
  BOOST_REQUIRE(advance(2, "reviewed").ok());
  BOOST_REQUIRE(advance(3, "publicity").ok());
  auto published = advance(4, "published");
  BOOST_REQUIRE_MESSAGE(published.ok(), published.status().to_string());
  BOOST_TEST(view(*published).string("stage").value() == "published");

  // A restart on the same database registers nothing twice and keeps the family.
  svc.stop();
  svc = start_evaluation(bus, source_path("configs/standards"));
  auto again = admin->call("evaluation", "org_list",
                           mp::MapBuilder().set("type", "town").set("limit", 1000).bytes());
  BOOST_REQUIRE_MESSAGE(again.ok(), again.status().to_string());
  BOOST_TEST(items_of(*again, "items") == town_count);
  auto kept = admin->call("evaluation", "org_get", mp::MapBuilder().set("id", id).bytes());
  BOOST_REQUIRE_MESSAGE(kept.ok(), kept.status().to_string());
  BOOST_TEST(view(*kept).map("organisation").value().int64("version").value() == 2);
  // …with its evaluation, under the standard version it was made with.
  const msgpack::object* history = view(*kept).array("evaluations").value();
  BOOST_REQUIRE(history->via.array.size == 1u);
  BOOST_TEST(item(history, 0).int64("round_id").value() == round_id);
  BOOST_TEST(item(history, 0).string("stage").value() == "published");
  BOOST_TEST(item(history, 0).int64("standard_version").value() == 1);
  BOOST_TEST(item(history, 0).number("total").value() == 100.0);
}

BOOST_AUTO_TEST_CASE(a_bad_standard_stops_start_up_with_file_and_line) {
  TempDir dir;
  std::ofstream(dir.file("broken.yaml")) << read_file(source_path("configs/standards/station-v1.yaml"))
                                         << "extra: 1\n";
  Process p = Process::spawn({binary("cedu-evaluation"), "--insecure", "--endpoint",
                              "tcp://127.0.0.1:1", "--standards", dir.path().string()},
                             dir.file("out.log"));
  auto code = p.wait(10000ms);
  BOOST_REQUIRE(code.has_value());
  BOOST_TEST(*code == 2);
  const std::string log = read_file(dir.file("out.log"));
  BOOST_TEST(log.find(dir.file("broken.yaml") + ":") != std::string::npos, log);
  BOOST_TEST(log.find("extra: unknown key") != std::string::npos, log);
}

// The second half of a round over the bus: an objection lodged by a station during 公示
// blocks publication until the district upholds it; the re-evaluation then supersedes the
// first result; after publication a part is refused; a rectification set by the district,
// submitted by the town admin, accepted; the results and an XLSX export in the reply; the
// round's events reach a subscriber.
BOOST_AUTO_TEST_CASE(objections_rectification_results_and_events_over_the_bus) {
  const std::vector<GrantSpec> grants = {
      {"service:evaluation", {}, {}},
      {"town-admin:nancun",
       {"evaluation.org_create", "evaluation.rectification_submit",
        "evaluation.rectification_create"},
       {}},
      {"station:nancun-01", {"evaluation.objection_lodge"}, {}},
  };
  BusFixture bus(grants);
  Process svc = start_evaluation(bus, source_path("configs/standards"));
  auto admin = bus.client();
  auto listener = bus.client();
  std::vector<cedu::Event> events;
  BOOST_REQUIRE(listener->subscribe("evaluation.", 0, [&](const cedu::Event& e) {
                  events.push_back(e);
                }).is_ok());
  auto nancun = bus.client_as("town-admin:nancun");
  auto station = bus.client_as("station:nancun-01");

  const std::int64_t family = id_of(nancun->call(
      "evaluation", "org_create",
      mp::MapBuilder().set("type", "family").set("name", "梁家").set("town", "nancun").bytes()));
  auto tree = admin->call("evaluation", "standards", mp::MapBuilder().set("standard", "family").bytes());
  BOOST_REQUIRE(tree.ok());
  const mp::MapBuilder marks = full_marks(view(*tree).map("standard").value().array("tree").value());
  const std::int64_t round = id_of(admin->call(
      "evaluation", "round_create",
      mp::MapBuilder().set("name", "2026年度学习型家庭评估(南村)").set("year", 2026)
          .set("type", "family").set("standard", "family")
          .set("evaluators", mp::MapBuilder().set("district", 100))
          .set("deadline", "2099-12-31").bytes()));
  auto part = [&](const mp::MapBuilder& values) {
    return admin->call("evaluation", "round_score",
                       mp::MapBuilder().set("round_id", round).set("organisation_id", family)
                           .set("evaluator", "district").set("values", values).bytes());
  };
  BOOST_REQUIRE(part(marks).ok());
  std::int64_t version = 1;
  auto advance = [&](const std::string& to) {
    auto r = admin->call("evaluation", "round_advance",
                         mp::MapBuilder().set("id", round).set("version", version).set("to", to).bytes());
    if (r.ok()) version = view(*r).int64("version").value();
    return r;
  };
  for (const char* to : {"submitted", "reviewed", "publicity"}) BOOST_REQUIRE(advance(to).ok());

  auto lodged = station->call("evaluation", "objection_lodge",
                              mp::MapBuilder().set("round_id", round).set("organisation_id", family)
                                  .set("text", "梁家实际未参加志愿服务").bytes());
  BOOST_REQUIRE_MESSAGE(lodged.ok(), lodged.status().to_string());
  BOOST_TEST(view(*lodged).string("lodged_by").value() == "station:nancun-01");
  auto blocked = advance("published");
  BOOST_TEST((blocked.status().code() == StatusCode::kFailedPrecondition));
  BOOST_TEST(blocked.status().field() == "params.to");
  auto upheld = admin->call("evaluation", "objection_answer",
                            mp::MapBuilder().set("id", view(*lodged).int64("id").value())
                                .set("decision", "upheld").set("reply", "异议成立，重新评估").bytes());
  BOOST_REQUIRE_MESSAGE(upheld.ok(), upheld.status().to_string());
  mp::MapBuilder without_volunteering = full_marks(
      view(*tree).map("standard").value().array("tree").value(), "volunteering");
  without_volunteering.set("volunteering", false);
  auto again = part(without_volunteering);
  BOOST_REQUIRE_MESSAGE(again.ok(), again.status().to_string());
  BOOST_TEST(view(*again).int64("attempt").value() == 2);
  BOOST_TEST(view(*again).map("result").value().number("total").value() == 85.0);
  BOOST_REQUIRE(advance("published").ok());
  auto late = part(marks);
  BOOST_TEST((late.status().code() == StatusCode::kFailedPrecondition));
  BOOST_TEST(late.status().field() == "params.round_id");

  auto by_town = nancun->call("evaluation", "rectification_create",
                              mp::MapBuilder().set("round_id", round).set("organisation_id", family)
                                  .set("owner", "梁先生").set("task", "参加社区志愿服务")
                                  .set("deadline", "2099-03-31").bytes());
  BOOST_TEST((by_town.status().code() == StatusCode::kPermissionDenied));
  const std::int64_t task = id_of(admin->call(
      "evaluation", "rectification_create",
      mp::MapBuilder().set("round_id", round).set("organisation_id", family).set("owner", "梁先生")
          .set("task", "参加社区志愿服务").set("deadline", "2099-03-31").bytes()));
  auto submitted = nancun->call("evaluation", "rectification_submit",
                                mp::MapBuilder().set("id", task).set("version", 1)
                                    .set("note", "已报名社区志愿服务队").bytes());
  BOOST_REQUIRE_MESSAGE(submitted.ok(), submitted.status().to_string());
  auto accepted = admin->call("evaluation", "rectification_review",
                              mp::MapBuilder().set("id", task).set("version", 2)
                                  .set("decision", "accepted").bytes());
  BOOST_REQUIRE_MESSAGE(accepted.ok(), accepted.status().to_string());
  BOOST_TEST(view(*accepted).int64("reevaluation_attempt").value() == 3);

  auto results = admin->call("evaluation", "results", mp::MapBuilder().set("round_id", round).bytes());
  BOOST_REQUIRE_MESSAGE(results.ok(), results.status().to_string());
  BOOST_TEST(view(*results).map("district").value().int64("evaluated").value() == 1);
  BOOST_TEST(item(*results, "ranking", 0).number("total").value() == 85.0);
  BOOST_TEST(item(*results, "ranking", 0).boolean("reevaluating").value());
  auto xlsx = admin->call("evaluation", "export", mp::MapBuilder().set("round_id", round)
                                                      .set("format", "xlsx").bytes());
  BOOST_REQUIRE_MESSAGE(xlsx.ok(), xlsx.status().to_string());
  const msgpack::object* content = view(*xlsx).find("content");
  BOOST_REQUIRE(content != nullptr);
  BOOST_REQUIRE((content->type == msgpack::type::BIN));
  BOOST_TEST(std::string(content->via.bin.ptr, 4) == std::string("PK\x03\x04", 4));
  BOOST_TEST(view(*xlsx).string("filename").value() ==
             "evaluation-round-" + std::to_string(round) + "-ranking.xlsx");

  auto has = [&](const std::string& topic) {
    return std::any_of(events.begin(), events.end(), [&](const auto& e) { return e.topic == topic; });
  };
  BOOST_REQUIRE(poll_until(*listener, [&] { return has("evaluation.rectification_accepted"); }));
  for (const char* topic : {"evaluation.org_created", "evaluation.round_advanced",
                            "evaluation.objection_lodged", "evaluation.objection_answered",
                            "evaluation.published", "evaluation.rectification_created",
                            "evaluation.rectification_submitted"}) {
    BOOST_TEST(has(topic), topic);
  }
}

// `cedu evaluation results|report|export` — the real command line against the real service
// over CURVE as district-admin: the results as JSON, the report and the exports written,
// an unknown round exiting 1 with the bus's error, a bad option exiting 2.
BOOST_AUTO_TEST_CASE(the_command_line_writes_results_report_and_exports) {
  BusFixture bus(kGrants, 1000);  // the CLI's heartbeat
  Process svc = start_evaluation(bus, source_path("configs/standards"));
  auto admin = bus.client();
  const std::int64_t family = id_of(admin->call(
      "evaluation", "org_create",
      mp::MapBuilder().set("type", "family").set("name", "冯家").set("town", "shawan").bytes()));
  auto tree = admin->call("evaluation", "standards", mp::MapBuilder().set("standard", "family").bytes());
  BOOST_REQUIRE(tree.ok());
  const std::int64_t round = id_of(admin->call(
      "evaluation", "round_create",
      mp::MapBuilder().set("name", "2026年度学习型家庭评估(沙湾)").set("year", 2026)
          .set("type", "family").set("standard", "family")
          .set("evaluators", mp::MapBuilder().set("district", 100))
          .set("deadline", "2099-12-31").bytes()));
  BOOST_REQUIRE(admin->call("evaluation", "round_score",
                            mp::MapBuilder().set("round_id", round).set("organisation_id", family)
                                .set("evaluator", "district")
                                .set("values", full_marks(view(*tree).map("standard").value()
                                                              .array("tree").value()))
                                .bytes()).ok());

  int runs = 0;
  auto cedu = [&](std::vector<std::string> args) {
    std::vector<std::string> argv = {binary("cedu"), "--endpoint", bus.endpoint(), "--keys",
                                     bus.dir().file("keys"), "--as", "district-admin"};
    argv.insert(argv.end(), args.begin(), args.end());
    const std::string log = bus.dir().file("cedu-" + std::to_string(++runs) + ".log");
    const int code = Process::spawn(argv, log).wait(60000ms).value_or(-1);
    return std::make_pair(code, read_file(log));
  };
  const std::string id = std::to_string(round);
  auto [results_code, results] = cedu({"evaluation", "results", id});
  BOOST_TEST(results_code == 0, results);
  BOOST_TEST(results.find("\"ranking\"") != std::string::npos, results);
  BOOST_TEST(results.find("冯家") != std::string::npos, results);
  auto [year_code, year] = cedu({"evaluation", "results", "--year", "2026"});
  BOOST_TEST(year_code == 0, year);
  BOOST_TEST(year.find("\"types\"") != std::string::npos, year);

  const std::string report = bus.dir().file("报告.md");
  auto [report_code, report_out] = cedu({"evaluation", "report", id, "-o", report});
  BOOST_TEST(report_code == 0, report_out);
  BOOST_TEST(read_file(report).find("## 评估排名") != std::string::npos);
  BOOST_TEST(read_file(report).find("| 1 | 冯家 | 沙湾镇 | 100 |") != std::string::npos);
  const std::string xlsx = bus.dir().file("排名.xlsx");
  auto [xlsx_code, xlsx_out] = cedu({"evaluation", "export", id, "-o", xlsx});
  BOOST_TEST(xlsx_code == 0, xlsx_out);
  BOOST_TEST(read_file(xlsx).rfind("PK\x03\x04", 0) == 0u);
  const std::string csv = bus.dir().file("镇街.csv");
  auto [csv_code, csv_out] = cedu({"evaluation", "export", id, "--table", "towns", "-o", csv});
  BOOST_TEST(csv_code == 0, csv_out);
  BOOST_TEST(read_file(csv).find("\r\n全区,") != std::string::npos);

  auto [rounds_code, rounds] = cedu({"evaluation", "rounds", "--year", "2026", "--type", "family"});
  BOOST_TEST(rounds_code == 0, rounds);
  BOOST_TEST(rounds.find("\"id\": " + id) != std::string::npos, rounds);
  BOOST_TEST(rounds.find("2026年度学习型家庭评估(沙湾)") != std::string::npos, rounds);
  auto [none_code, none] = cedu({"evaluation", "rounds", "--year", "2025"});
  BOOST_TEST(none_code == 0, none);
  BOOST_TEST(none.find("[]") != std::string::npos, none);
  auto [stage_code, stage] = cedu({"evaluation", "rounds", "--stage", "finished"});
  BOOST_TEST(stage_code == 1, stage);
  BOOST_TEST(stage.find("params.stage") != std::string::npos, stage);

  auto [missing_code, missing] = cedu({"evaluation", "report", "999", "-o", report + ".x"});
  BOOST_TEST(missing_code == 1, missing);
  BOOST_TEST(missing.find("NOT_FOUND") != std::string::npos, missing);
  BOOST_TEST(missing.find("params.round_id") != std::string::npos, missing);
  auto [bad_code, bad] = cedu({"evaluation", "export", id, "--format", "pdf", "-o", csv});
  BOOST_TEST(bad_code == 2, bad);
}

BOOST_AUTO_TEST_CASE(lists_rounds_by_name_and_year_in_pages_over_the_bus) {
  // A town admin granted the listing reads the rounds like round_get: every caller may.
  BusFixture bus({{"service:evaluation", {}, {}},
                  {"town-admin:nancun", {"evaluation.round_list"}, {}}});
  Process svc = start_evaluation(bus, source_path("configs/standards"));
  auto admin = bus.client();
  auto open = [&](const std::string& name, int year) {
    return id_of(admin->call("evaluation", "round_create",
                             mp::MapBuilder().set("name", name).set("year", year)
                                 .set("type", "family").set("standard", "family")
                                 .set("evaluators", mp::MapBuilder().set("district", 100))
                                 .set("deadline", "2099-12-31").bytes()));
  };
  const std::int64_t first = open("2026年度学习型家庭评估", 2026);
  const std::int64_t other_year = open("2026年度学习型家庭评估", 2025);
  const std::int64_t second = open("2026年度学习型家庭评估", 2026);

  auto nancun = bus.client_as("town-admin:nancun");
  auto page1 = nancun->call("evaluation", "round_list",
                            mp::MapBuilder().set("name", "2026年度学习型家庭评估")
                                .set("year", 2026).set("limit", 1).bytes());
  BOOST_REQUIRE_MESSAGE(page1.ok(), page1.status().to_string());
  BOOST_REQUIRE(items_of(*page1, "items") == 1u);
  BOOST_TEST(item(*page1, "items", 0).int64("id").value() == first);
  BOOST_TEST(item(*page1, "items", 0).string("stage").value() == "draft");
  const std::string cursor = view(*page1).string("next_cursor").value();
  auto page2 = nancun->call("evaluation", "round_list",
                            mp::MapBuilder().set("name", "2026年度学习型家庭评估")
                                .set("year", 2026).set("limit", 1).set("cursor", cursor).bytes());
  BOOST_REQUIRE_MESSAGE(page2.ok(), page2.status().to_string());
  BOOST_REQUIRE(items_of(*page2, "items") == 1u);
  BOOST_TEST(item(*page2, "items", 0).int64("id").value() == second);
  auto year2025 = admin->call("evaluation", "round_list", mp::MapBuilder().set("year", 2025).bytes());
  BOOST_REQUIRE(year2025.ok());
  BOOST_REQUIRE(items_of(*year2025, "items") == 1u);
  BOOST_TEST(item(*year2025, "items", 0).int64("id").value() == other_year);
  BOOST_TEST(view(*year2025).has("next_cursor"));
  BOOST_TEST(!view(*year2025).optional_string("next_cursor").value().has_value());  // nil: the end

  // Refusals keep their code and field across the bus.
  auto bad_stage = admin->call("evaluation", "round_list",
                               mp::MapBuilder().set("stage", "finished").bytes());
  BOOST_TEST((bad_stage.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(bad_stage.status().field() == "params.stage");
  auto bad_cursor = admin->call("evaluation", "round_list",
                                mp::MapBuilder().set("cursor", "next").bytes());
  BOOST_TEST(bad_cursor.status().field() == "params.cursor");
}
