// Town-school plugins in the real cedu-course (with cedu-teacher) on the real bus with
// CURVE: shawan-heritage enabled for Shawan only — its rule and its extra field reach the
// caller as INVALID_ARGUMENT naming the plugin and the field, course.heritage_catalog
// answers for Shawan and not for Nancun; course.plugins lists plugins with state, towns and
// counters; enable/disable at run time (district-admin only, also through `cedu plugins`)
// survives a restart of the service; a plugin calls another service over the bus; a bad
// towns file stops the service with file:line; a plugin that keeps failing is disabled
// for every town and course.plugin_disabled tells the district.
#define BOOST_TEST_MODULE plugin_bus
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "tests/support/bus_fixture.h"
#include "tests/support/cli_run.h"
#include "tests/support/library_services.h"
#include "tests/support/library_test_helpers.h"

using namespace std::chrono_literals;
using cedu::StatusCode;
using namespace cedu::testing;
namespace fs = std::filesystem;
namespace mp = cedu::mp;

namespace {

const std::vector<GrantSpec> kGrants = {
    {"service:course", {"teacher.*"}, {}},
    {"service:teacher", {}, {}},
    {"town-admin:shawan", {"course.*"}, {}},
};

// A plugin dir with shawan-heritage and test-probe, and a towns dir with the shipped
// shawan.yaml and a nancun.yaml that enables test-probe.
struct PluginWorld {
  explicit PluginWorld(BusFixture& bus) {
    fs::create_directories(plugins);
    fs::create_directories(towns);
    for (const auto& [from_dir, name] : {std::pair{CEDU_PLUGIN_DIR, "shawan-heritage"},
                                         std::pair{CEDU_TEST_PLUGIN_DIR, "test-probe"}}) {
      const fs::path to = fs::path(plugins) / (std::string(name) + ".so");
      fs::copy_file(fs::path(from_dir) / (std::string(name) + ".so"), to);
      fs::permissions(to, fs::perms(0644));
    }
    fs::copy_file(source_path("configs/towns/shawan.yaml"), fs::path(towns) / "shawan.yaml");
    std::ofstream(fs::path(towns) / "nancun.yaml") << "plugins:\n  - name: test-probe\n";
    (void)bus;
  }
  std::vector<std::string> args() const { return {"--plugin-dir", plugins, "--towns-dir", towns}; }

  TempDir dir{"cedu-plugin-world"};
  std::string plugins = dir.file("plugins");
  std::string towns = dir.file("towns");
};

mp::MapBuilder course(const std::string& title, const std::string& town, const std::string& category) {
  mp::MapBuilder b;
  b.set("title", title).set("town", town).set("category", category).set("hours", 12);
  return b;
}

// The entry of plugin `name` in a course.plugins reply.
mp::MapView plugin_entry(const cedu::Reply& reply, const std::string& name) {
  const auto* list = view(reply).array("plugins").value();
  for (std::uint32_t i = 0; i < list->via.array.size; ++i) {
    auto p = item(list, i);
    if (p.string("name").value() == name) return p;
  }
  BOOST_FAIL("no plugin " + name);
  return item(list, 0);
}

// Whether `name` is enabled for `town` in a course.plugins reply.
bool enabled_for(const cedu::Reply& reply, const std::string& name, const std::string& town) {
  const auto* towns = plugin_entry(reply, name).array("towns").value();
  for (std::uint32_t i = 0; i < towns->via.array.size; ++i) {
    auto t = item(towns, i);
    if (t.string("town").value() == town) return t.boolean("enabled").value();
  }
  return false;
}

CliRun cedu_cli(BusFixture& bus, const std::vector<std::string>& args) {
  return run_cedu(bus, args, 20s, "cedu-plugins");
}

}  // namespace

BOOST_AUTO_TEST_CASE(shawan_heritage_acts_for_shawan_only) {
  BusFixture bus(kGrants);
  PluginWorld world(bus);
  auto teachers = start_library_service(bus, "teacher");
  auto courses = start_library_service(bus, "course", world.args());
  auto admin = bus.client();

  // A Shawan local-specialty course must name its heritage item: refused naming both.
  auto bare = admin->call("course", "create", course("沙湾飘色体验课", "shawan", "local").bytes());
  BOOST_TEST(bare.status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(bare.status().field() == "params.heritage_item");
  BOOST_TEST(bare.status().message().find("plugin shawan-heritage: ") == 0, bare.status().message());
  BOOST_TEST(bare.status().message().find("沙湾飘色、广东音乐、砖雕、醒狮") != std::string::npos);
  auto unknown = admin->call("course", "create",
                             course("粤剧入门", "shawan", "local").set("heritage_item", "粤剧").bytes());
  BOOST_TEST(unknown.status().field() == "params.heritage_item");
  BOOST_TEST(unknown.status().message().find("'粤剧' is not a heritage item of shawan") != std::string::npos,
             unknown.status().message());
  auto lion = admin->call("course", "create",
                          course("醒狮基本功", "shawan", "local").set("heritage_item", "醒狮").bytes());
  const auto lion_id = id_of(lion);
  BOOST_TEST(view(*lion).string("heritage_item").value() == "醒狮");
  BOOST_REQUIRE(admin->call("course", "publish", mp::MapBuilder().set("id", lion_id).set("version", 1).bytes()).ok());
  // Other categories of Shawan need no item.
  BOOST_TEST(admin->call("course", "create", course("太极拳", "shawan", "health").bytes()).ok());

  // Nancun has not enabled it: its local courses need nothing, and may not use the field.
  BOOST_TEST(admin->call("course", "create", course("南村本土菜", "nancun", "local").bytes()).ok());
  auto foreign = admin->call("course", "create",
                             course("南村醒狮", "nancun", "local").set("heritage_item", "醒狮").bytes());
  BOOST_TEST(foreign.status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(foreign.status().field() == "params.heritage_item");
  BOOST_TEST(foreign.status().message().find("plugin shawan-heritage, which town nancun has not enabled") !=
             std::string::npos, foreign.status().message());

  // The catalogue: Shawan's town admin asks for its own town without naming it.
  auto town = bus.client_as("town-admin:shawan");
  auto catalog = town->call("course", "heritage_catalog", mp::MapBuilder().bytes());
  BOOST_REQUIRE_MESSAGE(catalog.ok(), catalog.status().to_string());
  BOOST_TEST(view(*catalog).string("town").value() == "shawan");
  const auto* items = view(*catalog).array("items").value();
  BOOST_REQUIRE_EQUAL(items->via.array.size, 6u);
  BOOST_TEST(item(items, 0).string("name").value() == "沙湾飘色");
  BOOST_TEST(item(items, 0).string("level").value() == "国家级");
  auto lion_item = item(items, 3);
  BOOST_TEST(lion_item.string("name").value() == "醒狮");
  const auto* taught = lion_item.array("courses").value();
  BOOST_REQUIRE_EQUAL(taught->via.array.size, 1u);
  BOOST_TEST(item(taught, 0).int64("id").value() == lion_id);
  BOOST_TEST(item(taught, 0).string("status").value() == "published");
  // By Chinese town name too; for Nancun it is not there.
  BOOST_TEST(admin->call("course", "heritage_catalog", mp::MapBuilder().set("town", "沙湾镇").bytes()).ok());
  auto nancun = admin->call("course", "heritage_catalog", mp::MapBuilder().set("town", "nancun").bytes());
  BOOST_TEST(nancun.status().code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(nancun.status().field() == "params.town");
  BOOST_TEST(admin->call("course", "heritage_catalog", mp::MapBuilder().bytes()).status().field() == "params.town");

  // test-probe (Nancun) calls the teacher library over the bus from inside its method.
  BOOST_REQUIRE(admin->call("teacher", "create", teacher_params("何老师", "nancun", "13812345678").bytes()).ok());
  auto counted = admin->call("course", "probe_teachers", mp::MapBuilder().set("town", "nancun").bytes());
  BOOST_REQUIRE_MESSAGE(counted.ok(), counted.status().to_string());
  BOOST_TEST(view(*counted).int64("total").value() == 1);

  // The listing: state, towns and counters.
  auto listed = admin->call("course", "plugins", mp::MapBuilder().bytes());
  BOOST_REQUIRE_MESSAGE(listed.ok(), listed.status().to_string());
  auto heritage = plugin_entry(*listed, "shawan-heritage");
  BOOST_TEST(heritage.string("state").value() == "loaded");
  BOOST_TEST(heritage.string("version").value() == "1.0.0");
  BOOST_TEST(heritage.uint64("rejections").value() == 2u);
  BOOST_TEST(heritage.uint64("calls").value() >= 4u);
  BOOST_TEST(heritage.uint64("failures").value() == 0u);
  BOOST_TEST(enabled_for(*listed, "shawan-heritage", "shawan"));
  BOOST_TEST(!enabled_for(*listed, "shawan-heritage", "nancun"));
}

BOOST_AUTO_TEST_CASE(switching_plugins_at_run_time_survives_a_restart) {
  BusFixture bus(kGrants);
  PluginWorld world(bus);
  const std::string db = bus.dir().file("course-switch.db");
  auto courses = start_library_service(bus, "course", world.args(), db);
  auto admin = bus.client();

  // Only the district switches plugins.
  auto town = bus.client_as("town-admin:shawan");
  auto denied = town->call("course", "plugins_disable",
                           mp::MapBuilder().set("name", "shawan-heritage").set("town", "shawan").bytes());
  BOOST_TEST(denied.status().code() == StatusCode::kPermissionDenied);

  // Off for Shawan through the CLI: its local courses need no item any more.
  auto off = cedu_cli(bus, {"plugins", "disable", "shawan-heritage", "--town", "shawan"});
  BOOST_TEST_REQUIRE(off.exit_code == 0, off.output);
  BOOST_TEST(off.output.find("\"enabled\": false") != std::string::npos, off.output);
  BOOST_TEST(admin->call("course", "create", course("砖雕欣赏", "shawan", "local").bytes()).ok());
  // On for Nancun: refused, Nancun has no heritage list for it to check against.
  auto nancun = admin->call("course", "plugins_enable",
                            mp::MapBuilder().set("name", "shawan-heritage").set("town", "nancun").bytes());
  BOOST_TEST(nancun.status().code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(nancun.status().field() == "params.town");
  BOOST_TEST(nancun.status().message().find("heritage_items") != std::string::npos, nancun.status().message());
  // test-probe on for Shawan too (it is Nancun's in the yaml).
  BOOST_REQUIRE(admin->call("course", "plugins_enable",
                            mp::MapBuilder().set("name", "test-probe").set("town", "沙湾镇").bytes()).ok());
  auto banned = admin->call("course", "create", course("禁止吸烟宣传", "shawan", "health").bytes());
  BOOST_TEST(banned.status().field() == "params.title");
  BOOST_TEST(banned.status().message() == "plugin test-probe: titles may not contain 禁止");
  BOOST_TEST(admin->call("course", "plugins_enable",
                         mp::MapBuilder().set("name", "no-such").set("town", "shawan").bytes())
                 .status().field() == "params.name");

  // The table of `cedu plugins` shows it.
  auto table = cedu_cli(bus, {"plugins"});
  BOOST_TEST_REQUIRE(table.exit_code == 0, table.output);
  BOOST_TEST(table.output.find("shawan-heritage") != std::string::npos, table.output);
  BOOST_TEST(table.output.find("shawan(off)") != std::string::npos, table.output);

  // A restart on the same database keeps both switches.
  courses.stop();
  courses = start_library_service(bus, "course", world.args(), db);
  BOOST_TEST(admin->call("course", "create", course("灰塑入门", "shawan", "local").bytes()).ok());
  BOOST_TEST(admin->call("course", "create", course("禁止酒驾", "shawan", "health").bytes()).status().code() ==
             StatusCode::kInvalidArgument);
  auto listed = admin->call("course", "plugins", mp::MapBuilder().bytes());
  BOOST_REQUIRE(listed.ok());
  BOOST_TEST(!enabled_for(*listed, "shawan-heritage", "shawan"));
  BOOST_TEST(enabled_for(*listed, "test-probe", "shawan"));
  BOOST_TEST(plugin_entry(*listed, "test-probe").string("state").value() == "loaded");

  // Back on for Shawan: the rule holds again at once.
  BOOST_REQUIRE(admin->call("course", "plugins_enable",
                            mp::MapBuilder().set("name", "shawan-heritage").set("town", "shawan").bytes()).ok());
  BOOST_TEST(admin->call("course", "create", course("木雕入门", "shawan", "local").bytes()).status().field() ==
             "params.heritage_item");
}

BOOST_AUTO_TEST_CASE(a_bad_towns_file_stops_the_service_with_file_and_line) {
  BusFixture bus(kGrants);
  PluginWorld world(bus);
  std::ofstream(fs::path(world.towns) / "shawan.yaml")
      << "plugins:\n  - name: shawan-heritage\n    config:\n      heritage_items:\n        - 醒狮\n        - 醒狮\n";
  const std::string log = bus.dir().file("cedu-course-bad.log");
  std::vector<std::string> argv = {binary("cedu-course"), "--endpoint", bus.endpoint(), "--network",
                                   network_file(), "--database", bus.dir().file("bad.db"),
                                   "--config", bus.dir().file("service-course.yaml")};
  std::ofstream(bus.dir().file("service-course.yaml")) << "bus:\n  keys_dir: " << bus.dir().file("keys") << "\n";
  argv.insert(argv.end(), {"--plugin-dir", world.plugins, "--towns-dir", world.towns});
  Process p = Process::spawn(argv, log);
  BOOST_TEST(p.wait(15s).value_or(-1) == 2);
  const std::string text = read_file(log);
  BOOST_TEST(text.find(world.towns + "/shawan.yaml:6: plugins[0].config.heritage_items[1]: plugin "
                       "shawan-heritage: '醒狮' is listed twice") != std::string::npos, text);
  // An unknown key of the host's own is caught before any plugin runs.
  std::ofstream(fs::path(world.towns) / "shawan.yaml") << "plugins:\n  - name: shawan-heritage\n    enable: true\n";
  Process q = Process::spawn(argv, log + ".2");
  BOOST_TEST(q.wait(15s).value_or(-1) == 2);
  BOOST_TEST(read_file(log + ".2").find(world.towns + "/shawan.yaml:3: plugins[0].enable: unknown key") !=
             std::string::npos, read_file(log + ".2"));
}

BOOST_AUTO_TEST_CASE(a_plugin_that_keeps_failing_is_disabled_and_the_district_is_told) {
  BusFixture bus(kGrants);
  PluginWorld world(bus);
  auto courses = start_library_service(bus, "course", world.args());
  auto admin = bus.client();
  auto watcher = bus.client();
  std::vector<cedu::Event> events;
  BOOST_REQUIRE(watcher->subscribe("course.plugin_disabled", 0, [&](const cedu::Event& e) {
                  events.push_back(e);
                }).is_ok());

  // test-probe (Nancun) fails on every title with 崩溃: five in a row (the default limit).
  for (int i = 0; i < 5; ++i) {
    auto r = admin->call("course", "create", course("系统崩溃" + std::to_string(i), "nancun", "health").bytes());
    BOOST_TEST(r.status().code() == StatusCode::kInternal);
    BOOST_TEST(r.status().message().find("plugin test-probe failed to check the write") != std::string::npos,
               r.status().message());
  }
  BOOST_REQUIRE(poll_until(*watcher, [&] { return !events.empty(); }));
  BOOST_TEST(events[0].topic == "course.plugin_disabled");
  BOOST_TEST(events[0].publisher == "course");
  auto handle = msgpack::unpack(events[0].payload.data(), events[0].payload.size());
  auto event = mp::MapView::of(handle.get()).value();
  BOOST_TEST(event.string("plugin").value() == "test-probe");
  BOOST_TEST(event.string("reason").value().find("disabled after 5 consecutive failures; last: validator on "
                                                 "course.create: the probe fell over") == 0,
             event.string("reason").value());
  BOOST_TEST(event.uint64("consecutive_failures").value() == 5u);

  // It no longer runs, for any town; the listing says why.
  BOOST_TEST(admin->call("course", "create", course("系统崩溃", "nancun", "health").bytes()).ok());
  auto listed = admin->call("course", "plugins", mp::MapBuilder().bytes());
  BOOST_REQUIRE(listed.ok());
  auto probe = plugin_entry(*listed, "test-probe");
  BOOST_TEST(probe.string("state").value() == "disabled");
  BOOST_TEST(probe.string("reason").value().find("disabled after 5 consecutive failures") == 0);
  BOOST_TEST(probe.uint64("failures").value() == 5u);
  auto seen = admin->call("course", "probe_seen", mp::MapBuilder().set("town", "nancun").bytes());
  BOOST_TEST(seen.status().code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(seen.status().message().find("disabled after 5 consecutive failures") != std::string::npos,
             seen.status().message());

  // The district switches it on again.
  BOOST_REQUIRE(admin->call("course", "plugins_enable",
                            mp::MapBuilder().set("name", "test-probe").set("town", "nancun").bytes()).ok());
  BOOST_TEST(admin->call("course", "create", course("禁止吸烟", "nancun", "health").bytes()).status().field() ==
             "params.title");
}
