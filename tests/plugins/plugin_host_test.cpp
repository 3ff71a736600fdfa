// The plugin host in process, with real dlopen of real built plugins: what it refuses and
// why (another API major, a newer minor, a missing or too old dependency, a failing load, a
// file writable by others, a file that is no plugin), per-town enablement and run-time
// switches that survive a restart, validators, observers with the plugin's own storage,
// indicators, counters, and town configs a plugin rejects reported as file:line.
#define BOOST_TEST_MODULE plugin_host
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>

#include <msgpack.hpp>

#include "common/config/error.h"
#include "common/testing/temp_dir.h"
#include "plugins/host/plugin_host.h"

using cedu::StatusCode;
using namespace cedu::plugins;
namespace fs = std::filesystem;

namespace {

// A service's world for the host: a plugin dir with copies of built plugins, a towns dir,
// a database and the plugins' storage.
struct World {
  cedu::testing::TempDir dir{"cedu-plugins"};

  World() {
    fs::create_directories(dir.path() / "plugins");
    fs::create_directories(dir.path() / "towns");
  }
  // Copies a built plugin (from the test plugins or the shipped ones) into the plugin dir.
  void install(const std::string& name, fs::perms perms = fs::perms(0644)) {
    fs::path from = fs::path(CEDU_TEST_PLUGIN_DIR) / (name + ".so");
    if (!fs::exists(from)) from = fs::path(CEDU_PLUGIN_DIR) / (name + ".so");
    const fs::path to = dir.path() / "plugins" / (name + ".so");
    fs::copy_file(from, to, fs::copy_options::overwrite_existing);
    fs::permissions(to, perms);
  }
  void town(const std::string& slug, const std::string& yaml) {
    std::ofstream(dir.path() / "towns" / (slug + ".yaml")) << yaml;
  }
  HostOptions options() const {
    HostOptions o;
    o.service = "course";
    o.plugin_dir = dir.file("plugins");
    o.towns_dir = dir.file("towns");
    o.database = dir.file("course.db");
    o.storage_dir = dir.file("plugin-data");
    o.is_town = [](std::string_view t) { return t == "shawan" || t == "nancun" || t == "shiqiao"; };
    o.town_slug = [](std::string_view t) -> std::optional<std::string> {
      if (t == "沙湾镇") return "shawan";
      if (t == "shawan" || t == "nancun" || t == "shiqiao") return std::string(t);
      return std::nullopt;
    };
    o.reserved_fields = {"title", "category", "town"};
    o.refresh = std::chrono::milliseconds(0);
    return o;
  }
  std::unique_ptr<PluginHost> start() const { return PluginHost::start(options()); }
};

// The plugins of host.list_bytes() by name.
struct Listed {
  std::string state, reason, version;
  std::uint64_t calls = 0, rejections = 0, failures = 0;
  std::map<std::string, std::pair<bool, std::string>> towns;  // town → enabled, source
};
std::map<std::string, Listed> listing(PluginHost& host) {
  const std::string bytes = host.list_bytes();
  auto h = msgpack::unpack(bytes.data(), bytes.size());
  auto top = h.get().as<std::map<std::string, msgpack::object>>();
  std::map<std::string, Listed> out;
  for (const auto& o : top.at("plugins").as<std::vector<msgpack::object>>()) {
    auto m = o.as<std::map<std::string, msgpack::object>>();
    Listed l;
    l.state = m.at("state").as<std::string>();
    l.reason = m.at("reason").as<std::string>();
    l.version = m.at("version").as<std::string>();
    l.calls = m.at("calls").as<std::uint64_t>();
    l.rejections = m.at("rejections").as<std::uint64_t>();
    l.failures = m.at("failures").as<std::uint64_t>();
    for (const auto& t : m.at("towns").as<std::vector<msgpack::object>>()) {
      auto tm = t.as<std::map<std::string, msgpack::object>>();
      l.towns[tm.at("town").as<std::string>()] = {tm.at("enabled").as<bool>(), tm.at("source").as<std::string>()};
    }
    out[m.at("name").as<std::string>()] = l;
  }
  return out;
}

std::string course(const std::string& title, const std::string& note = {}) {
  std::map<std::string, std::string> m{{"title", title}, {"category", "culture"}};
  if (!note.empty()) m["probe_note"] = note;
  std::stringstream out;
  msgpack::pack(out, m);
  return out.str();
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_CASE(refused_plugins_are_listed_with_their_reason) {
  World w;
  for (const char* p : {"test-probe", "test-raw", "test-abi-major", "test-abi-minor", "test-needs-missing",
                        "test-needs-newer", "test-needs-probe", "test-fails-load"}) {
    w.install(p);
  }
  std::ofstream(w.dir.path() / "plugins" / "notes.so") << "not a shared object";
  auto host = w.start();
  auto l = listing(*host);
  BOOST_TEST(l.at("test-abi-major").state == "refused");
  BOOST_TEST(contains(l.at("test-abi-major").reason, "built for plugin API 2.0, this host speaks 1.0 (another major version)"),
             l.at("test-abi-major").reason);
  BOOST_TEST(l.at("test-abi-minor").state == "refused");
  BOOST_TEST(contains(l.at("test-abi-minor").reason, "built for plugin API 1.1, newer than this host's 1.0"),
             l.at("test-abi-minor").reason);
  BOOST_TEST(l.at("test-needs-missing").reason == "needs plugin no-such-plugin >= 1.0.0, which is not installed");
  BOOST_TEST(l.at("test-needs-newer").reason == "needs plugin test-probe >= 9.0.0, installed is 1.0.0");
  BOOST_TEST(contains(l.at("test-fails-load").reason, "FAILED_PRECONDITION): the probe's hardware is missing"),
             l.at("test-fails-load").reason);
  BOOST_TEST(l.at("notes").state == "refused");
  BOOST_TEST(contains(l.at("notes").reason, "cannot load"), l.at("notes").reason);
  // Loaded, but no town has them on.
  BOOST_TEST(l.at("test-probe").state == "disabled");
  BOOST_TEST(l.at("test-needs-probe").state == "disabled", l.at("test-needs-probe").reason);
  BOOST_TEST(l.at("test-raw").state == "disabled");
  // A refused plugin cannot be switched on.
  auto on = host->set_enabled("test-abi-major", "shawan", true, "district-admin");
  BOOST_TEST(on.code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(host->set_enabled("no-such", "shawan", true, "district-admin").code() == StatusCode::kNotFound);
  BOOST_TEST(host->set_enabled("test-probe", "atlantis", true, "district-admin").field() == "town");
}

BOOST_AUTO_TEST_CASE(files_writable_by_group_or_others_are_refused) {
  World w;
  w.install("test-probe", fs::perms(0646));
  w.install("test-raw", fs::perms(0664));
  auto host = w.start();
  auto l = listing(*host);
  BOOST_TEST(l.at("test-probe").state == "refused");
  BOOST_TEST(contains(l.at("test-probe").reason, "is writable by group or others (mode 0646)"), l.at("test-probe").reason);
  BOOST_TEST(contains(l.at("test-raw").reason, "(mode 0664)"));
  BOOST_TEST(!host->active());
  // Nothing of a refused plugin runs: its validator does not see writes.
  BOOST_TEST(host->check_write("course", "shawan", "district-admin", "course.create", "", course("禁止"), {}).is_ok());
}

BOOST_AUTO_TEST_CASE(a_plugin_acts_only_for_its_towns_and_switches_survive_a_restart) {
  World w;
  w.install("test-probe");
  w.town("shawan", "plugins:\n  - name: test-probe\n    config: {mode: strict}\n");
  w.town("nancun", "plugins:\n  - name: test-probe\n    enabled: false\n");
  {
    auto host = w.start();
    auto refused = host->check_write("course", "shawan", "district-admin", "course.create", "", course("禁止入内"), {});
    BOOST_TEST(refused.code() == StatusCode::kInvalidArgument);
    BOOST_TEST(refused.field() == "title");
    BOOST_TEST(refused.message() == "plugin test-probe: titles may not contain 禁止");
    // Nancun has it configured but off, Shiqiao does not have it: the plugin does not act.
    BOOST_TEST(host->check_write("course", "nancun", "district-admin", "course.create", "", course("禁止入内"), {}).is_ok());
    BOOST_TEST(host->check_write("course", "shiqiao", "district-admin", "course.create", "", course("禁止入内"), {}).is_ok());
    // Its extra field belongs to the towns that enable it.
    auto note = host->check_write("course", "shiqiao", "district-admin", "course.update", course("a"),
                                  course("a", "备注"), {"probe_note"});
    BOOST_TEST(note.code() == StatusCode::kInvalidArgument);
    BOOST_TEST(note.field() == "probe_note");
    BOOST_TEST(note.message() == "is a field of plugin test-probe, which town shiqiao has not enabled");
    BOOST_TEST(host->check_write("course", "shawan", "district-admin", "course.update", course("a"),
                                 course("a", "备注"), {"probe_note"}).is_ok());

    // Switches at run time: on for nancun (by its Chinese name elsewhere), off for shawan.
    BOOST_REQUIRE(host->set_enabled("test-probe", "nancun", true, "district-admin").is_ok());
    BOOST_REQUIRE(host->set_enabled("test-probe", "沙湾镇", false, "district-admin").is_ok());
    BOOST_TEST(!host->check_write("course", "nancun", "district-admin", "course.create", "", course("禁止"), {}).is_ok());
    BOOST_TEST(host->check_write("course", "shawan", "district-admin", "course.create", "", course("禁止"), {}).is_ok());
    auto l = listing(*host).at("test-probe");
    BOOST_TEST(l.rejections == 2u);
    // Validators: shawan twice, nancun once, never for a town without it; config checks: at
    // start for shawan, at the switch for nancun.
    BOOST_TEST(l.calls == 5u);
    BOOST_TEST((l.towns.at("shawan") == std::pair<bool, std::string>{false, "runtime"}));
    BOOST_TEST((l.towns.at("nancun") == std::pair<bool, std::string>{true, "runtime"}));
  }
  // A new host on the same database: the switches still win over the yaml.
  auto host = w.start();
  BOOST_TEST(!host->check_write("course", "nancun", "district-admin", "course.create", "", course("禁止"), {}).is_ok());
  BOOST_TEST(host->check_write("course", "shawan", "district-admin", "course.create", "", course("禁止"), {}).is_ok());
  BOOST_TEST(listing(*host).at("test-probe").state == "loaded");
}

BOOST_AUTO_TEST_CASE(observers_storage_indicators_and_failures) {
  World w;
  w.install("test-probe");
  w.town("shawan", "plugins:\n  - name: test-probe\n");
  {
    auto host = w.start();
    host->notify("course.created", "shawan", course("a"));
    host->notify("course.published", "shawan", course("a"));
    host->notify("course.created", "nancun", course("b"));  // not enabled there
    host->notify("teacher.created", "shawan", course("c"));  // not its prefix
    auto v = host->indicator("probe_events", "shawan", "", 2020);
    BOOST_REQUIRE_MESSAGE(v.ok(), v.status().to_string());
    BOOST_TEST(*v == 2022.0);
    BOOST_TEST(host->indicator("probe_events", "nancun", "", 2020).status().code() == StatusCode::kFailedPrecondition);
    BOOST_TEST(host->indicator("no_such", "shawan", "", 2020).status().code() == StatusCode::kNotFound);
    // An exception in the plugin is a failure: the write is refused as INTERNAL, counted.
    auto crash = host->check_write("course", "shawan", "district-admin", "course.create", "", course("系统崩溃"), {});
    BOOST_TEST(crash.code() == StatusCode::kInternal);
    BOOST_TEST(contains(crash.message(), "plugin test-probe failed to check the write: the probe fell over"), crash.message());
    BOOST_TEST(listing(*host).at("test-probe").failures == 1u);
  }
  // Its storage survives a restart (and its steps are not applied twice).
  auto host = w.start();
  BOOST_TEST(*host->indicator("probe_events", "shawan", "", 0) == 2.0);
}

BOOST_AUTO_TEST_CASE(a_town_config_the_plugin_rejects_is_a_file_and_line_error) {
  World w;
  w.install("test-probe");
  w.town("shawan", "# 沙湾镇\nplugins:\n  - name: test-probe\n    config:\n      mode: strict\n      broken: true\n");
  try {
    w.start();
    BOOST_FAIL("started with a config the plugin rejects");
  } catch (const cedu::config::ConfigError& e) {
    BOOST_TEST(std::string(e.what()) == w.dir.file("towns/shawan.yaml") +
                                            ":6: plugins[0].config.broken: plugin test-probe: is not allowed");
  }
  // Off in the yaml, the block is not checked at start — but switching it on is refused.
  w.town("shawan", "plugins:\n  - name: test-probe\n    enabled: false\n    config: {broken: true}\n");
  auto host = w.start();
  auto on = host->set_enabled("test-probe", "shawan", true, "district-admin");
  BOOST_TEST(on.code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(contains(on.message(), "(broken): is not allowed"), on.message());
}

BOOST_AUTO_TEST_CASE(shawan_heritage_checks_its_config) {
  World w;
  w.install("shawan-heritage");
  w.town("shawan", "plugins:\n  - name: shawan-heritage\n    config:\n      heritage_items:\n"
                   "        - 醒狮\n        - {name: 砖雕, colour: red}\n");
  try {
    w.start();
    BOOST_FAIL("started with a bad heritage list");
  } catch (const cedu::config::ConfigError& e) {
    BOOST_TEST(std::string(e.what()) ==
               w.dir.file("towns/shawan.yaml") +
                   ":6: plugins[0].config.heritage_items[1].colour: plugin shawan-heritage: unknown key "
                   "(allowed: name, level, summary)");
  }
}

BOOST_AUTO_TEST_CASE(a_plugin_that_keeps_failing_is_disabled_for_every_town) {
  World w;
  w.install("test-probe");
  w.town("shawan", "plugins:\n  - name: test-probe\n");
  w.town("nancun", "plugins:\n  - name: test-probe\n");
  auto options = w.options();
  options.max_consecutive_failures = 3;
  auto host = PluginHost::start(options);
  std::vector<std::pair<std::string, std::string>> published;
  host->set_publisher([&published](std::string_view event, std::string payload) {
    published.emplace_back(std::string(event), std::move(payload));
  });
  auto crash = [&](const std::string& town) {
    return host->check_write("course", town, "district-admin", "course.create", "", course("系统崩溃"), {});
  };

  // Two failures, then a success (a refusal counts as one): the run starts again.
  BOOST_TEST(crash("shawan").code() == StatusCode::kInternal);
  BOOST_TEST(crash("nancun").code() == StatusCode::kInternal);
  BOOST_TEST(host->check_write("course", "shawan", "district-admin", "course.create", "", course("禁止"), {}).code() ==
             StatusCode::kInvalidArgument);
  BOOST_TEST(crash("shawan").code() == StatusCode::kInternal);
  BOOST_TEST(crash("shawan").code() == StatusCode::kInternal);
  BOOST_TEST(listing(*host).at("test-probe").state == "loaded");
  BOOST_TEST(published.empty());

  // The third in a row disables it, for Nancun too, and tells the district once.
  BOOST_TEST(crash("shawan").code() == StatusCode::kInternal);
  auto l = listing(*host).at("test-probe");
  BOOST_TEST(l.state == "disabled");
  BOOST_TEST(l.reason == "disabled after 3 consecutive failures; last: validator on course.create: the probe fell over");
  BOOST_TEST(l.failures == 5u);
  BOOST_TEST(crash("nancun").is_ok());  // it no longer runs
  BOOST_TEST(host->check_write("course", "nancun", "district-admin", "course.create", "", course("禁止"), {}).is_ok());
  auto ind = host->indicator("probe_events", "shawan", "", 2020);
  BOOST_TEST(ind.status().code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(contains(ind.status().message(), "(disabled after 3 consecutive failures"), ind.status().message());
  host->notify("course.created", "shawan", course("a"));
  BOOST_REQUIRE_EQUAL(published.size(), 1u);
  BOOST_TEST(published[0].first == "plugin_disabled");
  auto h = msgpack::unpack(published[0].second.data(), published[0].second.size());
  auto event = h.get().as<std::map<std::string, msgpack::object>>();
  BOOST_TEST(event.at("plugin").as<std::string>() == "test-probe");
  BOOST_TEST(event.at("service").as<std::string>() == "course");
  BOOST_TEST(event.at("reason").as<std::string>() == l.reason);
  BOOST_TEST(event.at("consecutive_failures").as<int>() == 3);
  BOOST_TEST(event.at("failures").as<int>() == 5);
  BOOST_TEST(event.at("calls").as<int>() == 8);  // 6 validators and the 2 towns' config checks
  BOOST_TEST(event.at("rejections").as<int>() == 1);

  // Switching it on for a town lifts it (for every town that enables it).
  BOOST_REQUIRE(host->set_enabled("test-probe", "shawan", true, "district-admin").is_ok());
  BOOST_TEST(listing(*host).at("test-probe").state == "loaded");
  BOOST_TEST(host->check_write("course", "nancun", "district-admin", "course.create", "", course("禁止"), {}).code() ==
             StatusCode::kInvalidArgument);

  // 0: never disabled automatically.
  options.max_consecutive_failures = 0;
  host.reset();
  host = PluginHost::start(options);
  for (int i = 0; i < 10; ++i) BOOST_TEST(crash("shawan").code() == StatusCode::kInternal);
  BOOST_TEST(listing(*host).at("test-probe").state == "loaded");
}
