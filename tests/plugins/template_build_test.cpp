// The installed SDK end to end, as a town school uses it: `cmake --install --component sdk`
// of this build into a temporary prefix, examples/plugin-template configured and built out
// of tree against that prefix alone (find_package(cedu)), and the plugin it produces loaded
// by the real plugin host: its description, its config check, its validator (a refusal
// naming the field, in Chinese) and its method, for the town that enables it only.
#define BOOST_TEST_MODULE plugin_template_build
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <msgpack.hpp>

#include "plugins/host/plugin_host.h"
#include "tests/support/process.h"

using namespace std::chrono_literals;
using cedu::StatusCode;
using namespace cedu::plugins;
using namespace cedu::testing;
namespace fs = std::filesystem;

namespace {

// Runs a command to completion (at most 120 s), its output in `log`; fails the test with
// the output when it does not succeed.
void run(const std::vector<std::string>& argv, const std::string& log) {
  Process p = Process::spawn(argv, log);
  const auto code = p.wait(120s);
  BOOST_REQUIRE_MESSAGE(code && *code == 0, argv[0] + " " + argv[1] + " failed:\n" + read_file(log));
}

std::string pack_map(const std::map<std::string, msgpack::object>& m) {
  std::stringstream out;
  msgpack::pack(out, m);
  return out.str();
}

std::string course_with_hours(int hours) {
  msgpack::zone z;
  return pack_map({{"title", msgpack::object("社区书法", z)}, {"hours", msgpack::object(hours, z)}});
}

// Calls course.<method> of `plugin` for `town` as the district admin, with empty params.
cedu::Result<std::string> call(PluginHost& host, const std::string& plugin, const std::string& method,
                               const std::string& town) {
  LoadedPlugin* p = host.find(plugin);
  BOOST_REQUIRE(p != nullptr);
  const MethodEntry* entry = nullptr;
  for (const auto& m : p->methods) {
    if (m.name == method) entry = &m;
  }
  BOOST_REQUIRE_MESSAGE(entry != nullptr, "no method " + method);
  msgpack::object empty;
  empty.type = msgpack::type::MAP;
  empty.via.map.size = 0;
  empty.via.map.ptr = nullptr;
  cedu::Request r{.service = "course", .method = method, .params = cedu::mp::MapView::of(empty).value(),
                  .principal = "district-admin", .rights = {},
                  .deadline = std::chrono::steady_clock::now() + 5s, .idempotency_key = std::nullopt,
                  .attempt = 1};
  return host.invoke(*p, *entry, town, r);
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_template_builds_against_the_installed_sdk_and_loads) {
  TempDir dir("cedu-template");
  const std::string prefix = dir.file("prefix");
  const std::string build = dir.file("build");
  const std::string source = source_path("examples/plugin-template");

  // Only the SDK component: headers and the CMake package, nothing else of cedu.
  run({CEDU_CMAKE_COMMAND, "--install", std::getenv("CEDU_BUILD_DIR"), "--prefix", prefix, "--component",
       "sdk"}, dir.file("install.log"));
  BOOST_TEST(fs::exists(fs::path(prefix) / "include/cedu/plugin.h"));
  BOOST_TEST(fs::exists(fs::path(prefix) / "include/cedu/plugin.hpp"));
  BOOST_TEST(!fs::exists(fs::path(prefix) / "bin"));  // no services, no CLI

  run({CEDU_CMAKE_COMMAND, "-S", source, "-B", build, "-DCMAKE_PREFIX_PATH=" + prefix,
       "-DCMAKE_BUILD_TYPE=Debug", "-DCMAKE_CXX_COMPILER=" CEDU_CXX_COMPILER}, dir.file("configure.log"));
  // find_package(cedu) found the temporary prefix, not the source tree.
  const std::string cache = read_file(build + "/CMakeCache.txt");
  BOOST_TEST(cache.find("cedu_DIR:PATH=" + prefix + "/") != std::string::npos, cache.substr(0, 2000));
  run({CEDU_CMAKE_COMMAND, "--build", build}, dir.file("build.log"));
  const fs::path built = fs::path(build) / "lib/cedu/plugins/town-template.so";
  BOOST_REQUIRE_MESSAGE(fs::exists(built), read_file(dir.file("build.log")));

  // Into a service's plugin directory, enabled for Shilou with its config.
  const fs::path plugins = dir.path() / "plugins";
  const fs::path towns = dir.path() / "towns";
  fs::create_directories(plugins);
  fs::create_directories(towns);
  fs::copy_file(built, plugins / "town-template.so");
  fs::permissions(plugins / "town-template.so", fs::perms(0644));
  std::ofstream(towns / "shilou.yaml") << read_file(source + "/town.yaml.example");

  HostOptions o;
  o.service = "course";
  o.plugin_dir = plugins.string();
  o.towns_dir = towns.string();
  o.database = dir.file("course.db");
  o.storage_dir = dir.file("plugin-data");
  o.is_town = [](std::string_view t) { return t == "shilou" || t == "nancun"; };
  o.reserved_fields = {"title", "hours", "town"};
  o.refresh = 0ms;
  auto host = PluginHost::start(o);

  LoadedPlugin* p = host->find("town-template");
  BOOST_REQUIRE(p != nullptr);
  BOOST_TEST_REQUIRE(!p->refused, p->reason);
  BOOST_TEST(p->info.version.to_string() == "1.0.0");
  BOOST_TEST(p->info.service == "course");
  BOOST_TEST(p->info.author == "某镇社区教育学校");
  BOOST_TEST(p->info.api_major == static_cast<std::uint32_t>(CEDU_PLUGIN_API_MAJOR));

  // The validator, for Shilou: 60 hours is refused naming `hours`, 40 passes.
  auto refused = host->check_write("course", "shilou", "district-admin", "course.create", "",
                                   course_with_hours(60), {});
  BOOST_TEST(refused.code() == StatusCode::kInvalidArgument);
  BOOST_TEST(refused.field() == "hours");
  BOOST_TEST(refused.message() == "plugin town-template: 本镇课程每期不超过 48 课时");
  BOOST_TEST(host->check_write("course", "shilou", "district-admin", "course.create", "",
                               course_with_hours(40), {}).is_ok());
  // Nancun has not enabled it.
  BOOST_TEST(host->check_write("course", "nancun", "district-admin", "course.create", "",
                               course_with_hours(60), {}).is_ok());

  // The method answers for Shilou with its config, not for Nancun.
  auto rules = call(*host, "town-template", "template_rules", "shilou");
  BOOST_REQUIRE_MESSAGE(rules.ok(), rules.status().to_string());
  auto h = msgpack::unpack(rules->data(), rules->size());
  auto m = h.get().as<std::map<std::string, msgpack::object>>();
  BOOST_TEST(m.at("town").as<std::string>() == "shilou");
  BOOST_TEST(m.at("max_hours").as<int>() == 48);
  BOOST_TEST(m.at("rule").as<std::string>() == "每门课程每期不超过 48 课时");
  BOOST_TEST(call(*host, "town-template", "template_rules", "nancun").status().code() ==
             StatusCode::kFailedPrecondition);

  // Its config check runs too: a town that turns it on without max_hours is refused.
  auto bare = host->set_enabled("town-template", "nancun", true, "district-admin");
  BOOST_TEST(bare.code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(bare.message().find("max_hours") != std::string::npos, bare.message());
}
