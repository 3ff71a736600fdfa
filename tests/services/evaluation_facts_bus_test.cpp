// Automatic indicators (自动指标) over the real bus with CURVE: real cedu-teacher,
// cedu-volunteer, cedu-course and cedu-project seeded with a few records of 南村镇 and its
// station nancun-01, and the real cedu-evaluation gathering its facts from them.
// evaluation.facts matches the hand-counted figures for the town and the station; a station
// round's district part is filled with them (complete, each stored with the part); then
// cedu-volunteer is killed: its facts become UNAVAILABLE with the reason, are named in the
// part and in round_get, the part is incomplete, the other facts still come, and nothing
// hangs. Without cedu-funding, funding_per_resident is UNAVAILABLE; once it runs, it is the
// town's per_resident_fen of funding.per_resident. The course library runs the
// shipped nancun-indicators plugin: course.indicator answers its indicator for 南村镇 (and
// refuses a town that has not enabled it), and evaluation.facts takes it as the fact
// plugin:course:elderly_digital_sessions.
#define BOOST_TEST_MODULE evaluation_facts_bus
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <ctime>
#include <filesystem>
#include <map>

#include "common/config/network.h"
#include "tests/support/bus_fixture.h"
#include "tests/support/library_services.h"
#include "tests/support/library_test_helpers.h"
#include "tests/support/process.h"
#include "tests/support/standard_tree.h"

using namespace std::chrono_literals;
using cedu::StatusCode;
using namespace cedu::testing;
namespace mp = cedu::mp;
using Clock = std::chrono::steady_clock;

namespace {

// The evaluation service calls exactly what the shipped access list grants it.
const std::vector<GrantSpec> kGrants = {
    {"service:evaluation",
     {"course.participants", "course.activity", "course.indicator", "teacher.count",
      "volunteer.yearly", "volunteer.per_thousand", "project.count", "funding.per_resident"},
     {}},
    {"service:course",
     {"teacher.get", "volunteer.get", "course.list", "course.sessions", "course.enrolments"},
     {}},
    {"service:teacher", {}, {}},
    {"service:volunteer", {}, {}},
    {"service:project", {}, {}},
    {"service:funding", {}, {}},
};

int this_year() {
  const std::time_t now = std::time(nullptr) + 8 * 3600;  // China time, as the libraries
  std::tm tm{};
  gmtime_r(&now, &tm);
  return tm.tm_year + 1900;
}

// A plugin dir with the shipped nancun-indicators and a towns dir with the shipped
// nancun.yaml that enables it.
struct NancunPlugins {
  NancunPlugins() {
    namespace fs = std::filesystem;
    fs::create_directories(plugins);
    fs::create_directories(towns);
    const fs::path so = fs::path(plugins) / "nancun-indicators.so";
    fs::copy_file(fs::path(CEDU_PLUGIN_DIR) / "nancun-indicators.so", so);
    fs::permissions(so, fs::perms(0644));
    fs::copy_file(source_path("configs/towns/nancun.yaml"), fs::path(towns) / "nancun.yaml");
  }
  TempDir dir{"cedu-facts-plugins"};
  std::string plugins = dir.file("plugins");
  std::string towns = dir.file("towns");
};

struct FactsWorld {
  BusFixture bus{kGrants};
  NancunPlugins plugins;
  Process teacher = start_library_service(bus, "teacher");
  Process volunteer = start_library_service(bus, "volunteer");
  Process course = start_library_service(
      bus, "course",
      // Threads as configs/cedu.yaml: the plugin asks course.list of its own service.
      {"--plugin-dir", plugins.plugins, "--towns-dir", plugins.towns, "--threads", "4"});
  Process project = start_library_service(bus, "project");
  Process evaluation = start_library_service(
      bus, "evaluation", {"--standards", source_path("configs/standards")});
  std::unique_ptr<cedu::Client> admin = bus.client();
  const int year = this_year();
  const std::string y = std::to_string(year);
  cedu::config::Network network = cedu::config::load_network(network_file());

  mp::MapView call(const std::string& service, const std::string& method, const std::string& params) {
    replies.push_back(admin->call(service, method, params));
    BOOST_REQUIRE_MESSAGE(replies.back().ok(), service + "." + method + ": " +
                                                   replies.back().status().to_string());
    return view(*replies.back());
  }
  std::int64_t create(const std::string& service, const mp::MapBuilder& params) {
    return call(service, "create", params.bytes()).int64("id").value();
  }
  std::int64_t organisation(const std::string& type, const std::string& station = "") {
    mp::MapBuilder q;
    q.set("type", type).set("town", "nancun");
    if (!station.empty()) q.set("station", station);
    mp::MapView list = call("evaluation", "org_list", q.bytes());
    const msgpack::object* items = list.array("items").value();
    BOOST_REQUIRE(items->via.array.size == 1u);
    return item(items, 0).int64("id").value();
  }
  // evaluation.facts as fact → value (nil: UNAVAILABLE, its reason in `reasons`).
  std::map<std::string, std::optional<double>> facts(std::int64_t org,
                                                     std::map<std::string, std::string>* reasons = nullptr,
                                                     const std::vector<std::string>& only = {}) {
    mp::MapBuilder params;
    params.set("organisation_id", org).set("year", year);
    if (!only.empty()) params.set("facts", only);
    mp::MapView r = call("evaluation", "facts", params.bytes());
    std::map<std::string, std::optional<double>> out;
    const msgpack::object* list = r.array("facts").value();
    for (std::uint32_t i = 0; i < list->via.array.size; ++i) {
      mp::MapView f = item(list, i);
      const std::string name = f.string("fact").value();
      if (f.string("status").value() == "OK") {
        out[name] = f.number("value").value();
      } else {
        BOOST_TEST(f.string("status").value() == "UNAVAILABLE");
        out[name] = std::nullopt;
        if (reasons != nullptr) (*reasons)[name] = f.string("reason").value();
      }
    }
    return out;
  }

  // A few records of nancun, counted by hand in the test cases.
  void seed() {
    create("teacher", teacher_params("王老师", "nancun", "13800001001").set("station", "nancun-01"));
    create("teacher", teacher_params("张老师", "nancun", "13800001002"));
    create("teacher", teacher_params("市桥老师", "shiqiao", "13800001003"));

    const auto v1 = create("volunteer", volunteer_params("黄志愿", "nancun", "13800002001")
                                            .set("station", "nancun-01"));
    create("volunteer", volunteer_params("何志愿", "nancun", "13800002002").set("station", "nancun-01"));
    create("volunteer", volunteer_params("李志愿", "nancun", "13800002003"));
    for (double hours : {2.5, 1.0}) {
      const auto entry = call("volunteer", "log_hours",
                              mp::MapBuilder().set("volunteer_id", v1).set("activity", "长者学堂助教")
                                  .set("date", y + "-01-0" + (hours > 2 ? "2" : "3"))
                                  .set("hours", hours).bytes()).int64("id").value();
      call("volunteer", "review_hours",
           mp::MapBuilder().set("entry_id", entry).set("decision", "approve").bytes());
    }

    auto course_at = [&](const std::string& title, const std::string& category,
                         const std::string& station) {
      mp::MapBuilder b;
      b.set("title", title).set("town", "nancun").set("category", category).set("hours", 8)
          .set("audiences", std::vector<std::string>{"elderly"});
      if (!station.empty()) b.set("station", station);
      const auto id = create("course", b);
      call("course", "publish", mp::MapBuilder().set("id", id).set("version", 1).bytes());
      return id;
    };
    const auto opera = course_at("粤剧欣赏", "local", "nancun-01");
    // A digital course for the elderly (nancun-indicators' keywords: 智能手机).
    const auto calligraphy = course_at("长者智能手机课堂", "culture", "");
    int day = 10;
    for (const auto& [id, venue] : std::vector<std::pair<std::int64_t, std::string>>{
             {opera, "礼堂"}, {opera, "礼堂"}, {calligraphy, "201室"}}) {
      const std::string date = y + "-02-" + std::to_string(day++);
      call("course", "add_session", mp::MapBuilder().set("course_id", id)
                                        .set("starts_at", date + "T09:00")
                                        .set("ends_at", date + "T11:00").set("venue", venue).bytes());
    }
    auto enrol = [&](std::int64_t id, const std::string& phone, const std::string& station, int born) {
      mp::MapBuilder b;
      b.set("course_id", id).set("name", "居民").set("phone", phone).set("town", "nancun")
          .set("birth_year", born);
      if (!station.empty()) b.set("station", station);
      call("course", "enrol", b.bytes());
    };
    enrol(opera, "13900000001", "nancun-01", 1950);
    enrol(opera, "13900000002", "nancun-01", 1955);
    enrol(opera, "13900000003", "nancun-01", 1990);
    enrol(calligraphy, "13900000004", "", 1990);

    auto project_of = [&](const std::string& title, const std::string& kind, bool approve) {
      const auto id = create("project", mp::MapBuilder().set("title", title).set("town", "nancun")
                                            .set("kind", kind).set("level", "district")
                                            .set("owner_unit", "南村镇成人文化技术学校").set("year", year));
      if (approve) {
        call("project", "transition",
             mp::MapBuilder().set("id", id).set("version", 1).set("to", "approved").bytes());
      }
    };
    project_of("社区老年学习研究", "research", true);
    project_of("家庭教育实验", "research", false);  // applied: not established
    project_of("南村书香节", "brand", true);
  }

  std::vector<cedu::Result<cedu::Reply>> replies;
};

double rounded(double v, double places) {
  const double scale = std::pow(10.0, places);
  return std::round(v * scale) / scale;
}

}  // namespace

BOOST_AUTO_TEST_CASE(facts_match_the_hand_counted_figures_and_a_dead_service_costs_only_its_own) {
  FactsWorld w;
  w.seed();
  const cedu::config::Town& nancun = *w.network.town("nancun");
  const auto town_org = w.organisation("town");
  const auto station_org = w.organisation("station", "nancun-01");
  // The station's residents (成员人数): its rates are measured against them.
  mp::MapView station_record = w.call("evaluation", "org_get",
                                      mp::MapBuilder().set("id", station_org).bytes())
                                   .map("organisation").value();
  w.call("evaluation", "org_update",
         mp::MapBuilder().set("id", station_org)
             .set("version", station_record.int64("version").value()).set("members", 75).bytes());

  std::map<std::string, std::string> why;
  auto town = w.facts(town_org, &why);
  BOOST_TEST(*town["teachers"] == 2);
  BOOST_TEST(*town["volunteer_hours"] == 3.5);
  BOOST_TEST(*town["volunteers_per_thousand"] ==
             rounded(3 * 1000.0 / static_cast<double>(nancun.population), 3));
  BOOST_TEST(*town["courses_held"] == 3);
  BOOST_TEST(*town["local_courses"] == 1);
  BOOST_TEST(*town["learners"] == 4);
  BOOST_TEST(*town["elderly_participants"] == 2);
  BOOST_TEST(*town["participation_rate"] ==
             rounded(4 * 100.0 / static_cast<double>(nancun.population), 2));
  BOOST_TEST(*town["elderly_participation_rate"] ==
             rounded(2 * 100.0 / static_cast<double>(nancun.elderly_population), 2));
  BOOST_TEST(*town["research_projects"] == 1);
  BOOST_TEST(*town["activity_brands"] == 1);
  BOOST_TEST(!town["funding_per_resident"].has_value());
  BOOST_TEST(why["funding_per_resident"].find("funding.per_resident answered UNAVAILABLE") == 0u,
             why["funding_per_resident"]);
  BOOST_TEST(!town["star_station_share"].has_value());
  BOOST_TEST(why["star_station_share"].find("no published station round") != std::string::npos);

  auto station = w.facts(station_org);
  BOOST_TEST(*station["teachers"] == 1);
  BOOST_TEST(*station["courses_held"] == 2);
  BOOST_TEST(*station["local_courses"] == 1);
  BOOST_TEST(*station["learners"] == 3);
  BOOST_TEST(*station["participation_rate"] == 4.0);  // 3 of 75
  BOOST_TEST(*station["volunteers_per_thousand"] == rounded(2 * 1000.0 / 75, 3));
  const double elderly_members = std::round(75.0 * static_cast<double>(nancun.elderly_population) /
                                            static_cast<double>(nancun.population));
  BOOST_TEST(*station["elderly_participation_rate"] == rounded(2 * 100.0 / elderly_members, 2));

  // A station round: the district part gives every leaf but the automatic ones.
  const auto round_id =
      w.call("evaluation", "round_create",
             mp::MapBuilder().set("name", w.y + "年度星级辅导站评估").set("year", w.year)
                 .set("type", "station").set("standard", "station")
                 .set("evaluators", mp::MapBuilder().set("district", 100))
                 .set("deadline", std::to_string(w.year + 1) + "-12-31").bytes())
          .int64("id").value();
  mp::MapView tree = w.call("evaluation", "standards", mp::MapBuilder().set("standard", "station").bytes())
                         .map("standard").value();
  // Nothing earned on the evaluator's own leaves: the points are the automatic ones'.
  const mp::MapBuilder manual = nothing_earned(tree.array("tree").value());
  auto score = [&](std::int64_t org) {
    return w.call("evaluation", "round_score",
                  mp::MapBuilder().set("round_id", round_id).set("organisation_id", org)
                      .set("evaluator", "district").set("values", manual).bytes());
  };
  mp::MapView scored = score(station_org);
  BOOST_TEST(scored.boolean("complete").value());
  BOOST_TEST(scored.array("unavailable").value()->via.array.size == 0u);
  const msgpack::object* filled = scored.array("facts").value();
  std::map<std::string, double> by_leaf;
  for (std::uint32_t i = 0; i < filled->via.array.size; ++i) {
    by_leaf[item(filled, i).string("id").value()] = item(filled, i).number("value").value();
    BOOST_TEST(item(filled, i).string("evaluator").value() == "district");
  }
  BOOST_TEST(by_leaf.size() == 6u);
  BOOST_TEST(by_leaf["teachers_count"] == 1);
  BOOST_TEST(by_leaf["courses_held"] == 2);
  BOOST_TEST(by_leaf["local_course"] == 1);
  BOOST_TEST(by_leaf["participation_rate"] == 4.0);
  // The automatic leaves' points alone: local_course (threshold 1) its full 5, participation
  // 7 × 4/40 = 0.7, courses_held (ramp from 6) and teachers_count (threshold 3) nothing.
  BOOST_TEST(scored.number("total").value() > 5.7);

  // The nancun-indicators plugin of the course library, enabled for 南村镇 only: one session
  // of the elderly digital course in the town, none at nancun-01 (the course is the town's).
  mp::MapView sessions = w.call("course", "indicator",
                                mp::MapBuilder().set("name", "elderly_digital_sessions")
                                    .set("town", "南村镇").set("year", w.year).bytes());
  BOOST_TEST(sessions.number("value").value() == 1.0);
  BOOST_TEST(sessions.string("town").value() == "nancun");
  auto refused = [&](mp::MapBuilder params) {
    return w.admin->call("course", "indicator", params.set("year", w.year).bytes()).status();
  };
  cedu::Status other = refused(std::move(mp::MapBuilder().set("name", "elderly_digital_sessions")
                                             .set("town", "shiqiao")));
  BOOST_TEST((other.code() == StatusCode::kFailedPrecondition));
  BOOST_TEST(other.field() == "params.town");
  cedu::Status unknown = refused(std::move(mp::MapBuilder().set("name", "no_such").set("town", "nancun")));
  BOOST_TEST((unknown.code() == StatusCode::kNotFound));
  BOOST_TEST(unknown.field() == "params.name");
  BOOST_TEST(refused(std::move(mp::MapBuilder().set("name", "x").set("town", "atlantis"))).field() ==
             "params.town");
  BOOST_TEST(refused(std::move(mp::MapBuilder().set("name", "x").set("town", "nancun")
                                   .set("station", "shiqiao-01"))).field() == "params.station");
  std::map<std::string, std::string> plugin_why;
  auto plugin = w.facts(town_org, &plugin_why,
                        {"plugin:course:elderly_digital_sessions", "plugin:course:no_such", "teachers"});
  BOOST_TEST(*plugin["plugin:course:elderly_digital_sessions"] == 1.0);
  BOOST_TEST(*plugin["teachers"] == 2);
  BOOST_TEST(plugin_why["plugin:course:no_such"].find("course.indicator answered NOT_FOUND") == 0u,
             plugin_why["plugin:course:no_such"]);
  auto at_station = w.facts(station_org, nullptr, {"plugin:course:elderly_digital_sessions"});
  BOOST_TEST(*at_station["plugin:course:elderly_digital_sessions"] == 0.0);
  auto bad_fact = w.admin->call("evaluation", "facts",
                                mp::MapBuilder().set("organisation_id", town_org).set("year", w.year)
                                    .set("facts", std::vector<std::string>{"teachers", "lessons"})
                                    .bytes());
  BOOST_TEST(bad_fact.status().field() == "params.facts[1]");

  // cedu-volunteer dies: its facts are UNAVAILABLE, named with the reason; nothing hangs.
  w.volunteer.signal(SIGKILL);
  (void)w.volunteer.wait(2000ms);
  const auto started = Clock::now();
  mp::MapView degraded = score(station_org);
  const auto took = Clock::now() - started;
  BOOST_TEST(took < 6s, "round_score took "
                            << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                            << " ms");
  BOOST_TEST(!degraded.boolean("complete").value());
  const msgpack::object* missing = degraded.array("unavailable").value();
  BOOST_REQUIRE_EQUAL(missing->via.array.size, 1u);
  BOOST_TEST(item(missing, 0).string("id").value() == "volunteers_share");
  BOOST_TEST(item(missing, 0).string("fact").value() == "volunteers_per_thousand");
  const std::string reason = item(missing, 0).string("reason").value();
  BOOST_TEST(reason.find("volunteer.yearly answered UNAVAILABLE") == 0u, reason);
  BOOST_TEST(degraded.array("facts").value()->via.array.size == 5u);

  mp::MapView got = w.call("evaluation", "round_get", mp::MapBuilder().set("id", round_id).bytes());
  mp::MapView evaluation = item(got.array("evaluations").value(), 0);
  BOOST_TEST(item(evaluation.array("unavailable").value(), 0).string("id").value() ==
             "volunteers_share");

  std::map<std::string, std::string> after;
  auto town_after = w.facts(town_org, &after);
  BOOST_TEST(!town_after["volunteer_hours"].has_value());
  BOOST_TEST(!town_after["volunteers_per_thousand"].has_value());
  BOOST_TEST(after["volunteers_per_thousand"].find("volunteer.per_thousand answered") == 0u);
  BOOST_TEST(*town_after["teachers"] == 2);
  BOOST_TEST(*town_after["courses_held"] == 3);
  BOOST_TEST(*town_after["research_projects"] == 1);

  // cedu-funding comes up: the town's funding per resident is its per_resident_fen (a
  // budget of exactly 4 元 per resident); below the town there is none.
  Process funding = start_library_service(
      w.bus, "funding", {"--performance", source_path("configs/funding/performance.yaml")});
  w.call("funding", "post",
         mp::MapBuilder().set("kind", "budget").set("unit", "nancun").set("year", w.year)
             .set("category", "teaching").set("source", "government")
             .set("amount_fen", 400 * nancun.population).set("document", "番财教〔" + w.y + "〕1号")
             .bytes());
  auto funded = w.facts(town_org, nullptr, {"funding_per_resident"});
  BOOST_TEST(*funded["funding_per_resident"] == 400.0);
  std::map<std::string, std::string> station_why;
  auto station_funding = w.facts(station_org, &station_why, {"funding_per_resident"});
  BOOST_TEST(!station_funding["funding_per_resident"].has_value());
  BOOST_TEST(station_why["funding_per_resident"] == "funding per resident is reported per town");
}
