// nancun-indicators through the plugin host (until the evaluation service asks it): a
// PluginHost in this process loads the plugin with the shipped configs/towns/nancun.yaml
// and lets it call a real cedu-course on a real bus, seeded with Nancun courses — digital
// ones for the elderly at two stations, one not digital, one for the youth, one in
// Shiqiao — their sessions in two years (one cancelled) and enrolments (one cancelled, one
// young learner). The indicators count exactly the digital sessions and elderly learners
// of the station (or town) and year; for Shiqiao, which has not enabled the plugin, they
// are refused. The config check rejects a block without keywords, naming the key.
#define BOOST_TEST_MODULE nancun_indicators
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "bus/client/client.h"
#include "common/config/error.h"
#include "plugins/host/plugin_host.h"
#include "tests/support/bus_fixture.h"
#include "tests/support/library_services.h"
#include "tests/support/library_test_helpers.h"

using namespace std::chrono_literals;
using namespace cedu::testing;
using cedu::StatusCode;
using cedu::plugins::HostOptions;
using cedu::plugins::PluginHost;
namespace fs = std::filesystem;
namespace mp = cedu::mp;

namespace {

struct World {
  TempDir dir{"cedu-nancun-indicators"};

  explicit World(const std::string& nancun_yaml = {}) {
    fs::create_directories(dir.path() / "plugins");
    fs::create_directories(dir.path() / "towns");
    const fs::path to = dir.path() / "plugins" / "nancun-indicators.so";
    fs::copy_file(fs::path(CEDU_PLUGIN_DIR) / "nancun-indicators.so", to);
    fs::permissions(to, fs::perms(0644));
    const fs::path yaml = dir.path() / "towns" / "nancun.yaml";
    if (nancun_yaml.empty()) {
      fs::copy_file(source_path("configs/towns/nancun.yaml"), yaml);
    } else {
      std::ofstream(yaml) << nancun_yaml;
    }
  }
  std::unique_ptr<PluginHost> start() const {
    HostOptions o;
    o.service = "course";
    o.plugin_dir = dir.file("plugins");
    o.towns_dir = dir.file("towns");
    o.database = ":memory:";
    o.storage_dir = dir.file("plugin-data");
    o.is_town = [](std::string_view t) { return t == "nancun" || t == "shiqiao"; };
    return PluginHost::start(o);
  }
};

// The plugin's bus calls go to the live bus through one client (the test's thread only).
void connect(PluginHost& host, cedu::Client& client) {
  host.set_bus([&client](std::string_view service, std::string_view method, std::string_view params,
                         std::chrono::steady_clock::time_point deadline) -> cedu::Result<std::string> {
    cedu::CallOptions o;
    o.timeout = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    CEDU_ASSIGN_OR_RETURN(cedu::Reply reply, client.call(service, method, params, o));
    return reply.bytes();
  });
}

std::int64_t create_course(cedu::Client& c, const std::string& title, const std::string& town,
                           const std::string& station, const std::string& audience) {
  mp::MapBuilder b;
  b.set("title", title).set("town", town).set("category", "skills").set("hours", 8)
      .set("audiences", std::vector<std::string>{audience});
  if (!station.empty()) b.set("station", station);
  auto r = c.call("course", "create", b.bytes());
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  return view(*r).int64("id").value();
}

std::int64_t add_session(cedu::Client& c, std::int64_t course, const std::string& starts,
                         const std::string& ends) {
  mp::MapBuilder b;
  b.set("course_id", course).set("starts_at", starts).set("ends_at", ends)
      .set("venue", "活动室" + std::to_string(course));
  auto r = c.call("course", "add_session", b.bytes());
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  return view(*r).int64("id").value();
}

void publish(cedu::Client& c, std::int64_t course) {
  mp::MapBuilder b;
  b.set("id", course).set("version", 1);
  auto r = c.call("course", "publish", b.bytes());
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
}

std::int64_t enrol(cedu::Client& c, std::int64_t course, const std::string& phone, int birth_year) {
  mp::MapBuilder b;
  b.set("course_id", course).set("name", "学员" + phone.substr(7)).set("phone", phone)
      .set("town", "nancun").set("birth_year", birth_year);
  auto r = c.call("course", "enrol", b.bytes());
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  return view(*r).int64("id").value();
}

double value_of(PluginHost& host, const std::string& name, const std::string& station, int year,
                const std::string& town = "nancun") {
  auto v = host.indicator(name, town, station, year);
  BOOST_REQUIRE_MESSAGE(v.ok(), v.status().to_string());
  return *v;
}

}  // namespace

BOOST_AUTO_TEST_CASE(counts_digital_learning_of_the_elderly_per_station_and_year) {
  BusFixture bus;
  Process courses = start_library_service(bus, "course");
  auto admin = bus.client();

  // 南村村 (nancun-01): a smartphone class — two sessions in 2026 (and a third cancelled),
  // one in 2025; four enrolments: two elderly, one young, one elderly cancelled.
  const std::int64_t phone = create_course(*admin, "长者智能手机入门", "nancun", "nancun-01", "elderly");
  add_session(*admin, phone, "2026-03-01T09:00", "2026-03-01T10:30");
  add_session(*admin, phone, "2026-03-08T09:00", "2026-03-08T10:30");
  const std::int64_t dropped = add_session(*admin, phone, "2026-03-15T09:00", "2026-03-15T10:30");
  mp::MapBuilder cancel;
  cancel.set("session_id", dropped);
  BOOST_REQUIRE(admin->call("course", "cancel_session", cancel.bytes()).ok());
  add_session(*admin, phone, "2025-12-20T09:00", "2025-12-20T10:30");
  publish(*admin, phone);
  enrol(*admin, phone, "13800000001", 1950);
  enrol(*admin, phone, "13800000002", 1960);
  enrol(*admin, phone, "13800000003", 1990);
  mp::MapBuilder withdraw;
  withdraw.set("enrolment_id", enrol(*admin, phone, "13800000004", 1955));
  BOOST_REQUIRE(admin->call("course", "cancel_enrolment", withdraw.bytes()).ok());
  // 坑头村 (nancun-02): a computer class, one session in 2026, no enrolments.
  const std::int64_t computer = create_course(*admin, "长者电脑基础", "nancun", "nancun-02", "elderly");
  add_session(*admin, computer, "2026-04-02T14:00", "2026-04-02T16:00");
  // Not counted: not digital, not for the elderly, not Nancun.
  const std::int64_t taichi = create_course(*admin, "长者太极拳", "nancun", "nancun-01", "elderly");
  add_session(*admin, taichi, "2026-03-02T09:00", "2026-03-02T10:00");
  const std::int64_t coding = create_course(*admin, "青少年电脑编程", "nancun", "nancun-01", "youth");
  add_session(*admin, coding, "2026-03-03T09:00", "2026-03-03T10:00");
  const std::int64_t shiqiao = create_course(*admin, "长者智能手机课堂", "shiqiao", "", "elderly");
  add_session(*admin, shiqiao, "2026-03-04T09:00", "2026-03-04T10:00");

  World world;
  auto host = world.start();
  connect(*host, *admin);

  BOOST_TEST(value_of(*host, "elderly_digital_sessions", "nancun-01", 2026) == 2.0);
  BOOST_TEST(value_of(*host, "elderly_digital_learners", "nancun-01", 2026) == 2.0);
  BOOST_TEST(value_of(*host, "elderly_digital_courses", "nancun-01", 2026) == 1.0);
  BOOST_TEST(value_of(*host, "elderly_digital_sessions", "nancun-01", 2025) == 1.0);
  // 1950 and 1960 are 60 or older in 2025 too; the 1990 learner never is.
  BOOST_TEST(value_of(*host, "elderly_digital_learners", "nancun-01", 2025) == 2.0);
  BOOST_TEST(value_of(*host, "elderly_digital_sessions", "nancun-02", 2026) == 1.0);
  BOOST_TEST(value_of(*host, "elderly_digital_sessions", "", 2026) == 3.0);  // the whole town
  BOOST_TEST(value_of(*host, "elderly_digital_courses", "", 2026) == 2.0);
  BOOST_TEST(value_of(*host, "elderly_digital_sessions", "nancun-03", 2026) == 0.0);
  BOOST_TEST(value_of(*host, "elderly_digital_sessions", "nancun-01", 2024) == 0.0);

  // Shiqiao has not enabled the plugin: refused, though it has such a course.
  auto other = host->indicator("elderly_digital_sessions", "shiqiao", "", 2026);
  BOOST_TEST(other.status().code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(other.status().message().find("plugin nancun-indicators is not enabled for town shiqiao") == 0,
             other.status().message());
}

BOOST_AUTO_TEST_CASE(a_block_without_keywords_is_rejected_naming_the_key) {
  World world("plugins:\n  - name: nancun-indicators\n    config:\n      elderly_age: 65\n");
  try {
    world.start();
    BOOST_FAIL("a block without keywords was accepted");
  } catch (const cedu::config::ConfigError& e) {
    BOOST_TEST(std::string(e.what()).find("nancun.yaml:4: plugins[0].config.keywords: plugin nancun-indicators: "
                                          "is required") != std::string::npos, e.what());
  }
  World bad_category("plugins:\n  - name: nancun-indicators\n    config:\n      keywords: [手机]\n"
                     "      categories: [skills, digital]\n");
  try {
    bad_category.start();
    BOOST_FAIL("an unknown category was accepted");
  } catch (const cedu::config::ConfigError& e) {
    BOOST_TEST(std::string(e.what()).find("nancun.yaml:5: plugins[0].config.categories[1]: plugin "
                                          "nancun-indicators: 'digital' is not a course category") !=
                   std::string::npos, e.what());
  }
}
