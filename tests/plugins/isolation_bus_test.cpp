// Isolated plugins (isolate: true) in the real cedu-course on the real bus with CURVE: each
// runs in its own cedu-plugin-host, which registers as plugin-course-<name> with its own
// key. A plugin that dies of SIGSEGV (test-segv) or sleeps past the request's deadline
// (test-hang) while checking a write makes that write fail cleanly — UNAVAILABLE or
// DEADLINE_EXCEEDED naming the plugin — while cedu-course keeps serving other requests; its
// host is restarted and serves again (a new pid). A bad `isolate` value stops the service
// with file:line.
#define BOOST_TEST_MODULE plugin_isolation_bus
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <thread>

#include "tests/support/bus_fixture.h"
#include "tests/support/library_services.h"
#include "tests/support/library_test_helpers.h"

using namespace std::chrono_literals;
using cedu::StatusCode;
using namespace cedu::testing;
namespace fs = std::filesystem;
namespace mp = cedu::mp;

namespace {

// The service reaches the hosts with its own key; each host has its own principal.
const std::vector<GrantSpec> kGrants = {
    {"service:course", {"plugin-course-test-segv.*", "plugin-course-test-hang.*"}, {}},
    {"service:plugin-course-test-segv", {}, {}},
    {"service:plugin-course-test-hang", {}, {}},
};

// A plugin dir with test-segv and test-hang, a towns dir where Nancun enables `plugin`,
// isolated.
struct IsolatedWorld {
  explicit IsolatedWorld(const std::string& plugin) {
    fs::create_directories(plugins);
    fs::create_directories(towns);
    for (const char* name : {"test-segv", "test-hang"}) {
      const fs::path to = fs::path(plugins) / (std::string(name) + ".so");
      fs::copy_file(fs::path(CEDU_TEST_PLUGIN_DIR) / (std::string(name) + ".so"), to);
      fs::permissions(to, fs::perms(0644));
    }
    std::ofstream(fs::path(towns) / "nancun.yaml") << "plugins:\n"
                                                      "  - name: " << plugin << "\n"
                                                      "    isolate: true\n";
  }
  std::vector<std::string> args() const {
    return {"--plugin-dir", plugins, "--towns-dir", towns, "--threads", "4"};
  }

  TempDir dir{"cedu-isolation-world"};
  std::string plugins = dir.file("plugins");
  std::string towns = dir.file("towns");
};

std::string course(const std::string& title, const std::string& town) {
  mp::MapBuilder b;
  b.set("title", title).set("town", town).set("category", "skills").set("hours", 12);
  return b.bytes();
}

cedu::CallOptions within(std::chrono::milliseconds t) {
  cedu::CallOptions o;
  o.timeout = t;
  return o;
}

// The pid of the host that answers <ping> for Nancun, or 0 while none does.
std::int64_t host_pid(cedu::Client& client, const std::string& ping) {
  mp::MapBuilder p;
  p.set("town", "nancun");
  auto r = client.call("course", ping, p.bytes(), within(2000ms));
  return r.ok() ? view(*r).int64("pid").value() : 0;
}

// Waits until a host other than `old_pid` answers; returns its pid (0 on timeout).
std::int64_t wait_for_new_host(cedu::Client& client, const std::string& ping, std::int64_t old_pid) {
  const auto until = std::chrono::steady_clock::now() + 20s;
  while (std::chrono::steady_clock::now() < until) {
    const std::int64_t pid = host_pid(client, ping);
    if (pid != 0 && pid != old_pid) return pid;
    std::this_thread::sleep_for(100ms);
  }
  return 0;
}

// The entry of plugin `name` in course.plugins.
mp::MapView plugin_entry(const cedu::Reply& reply, const std::string& name) {
  const auto* list = view(reply).array("plugins").value();
  for (std::uint32_t i = 0; i < list->via.array.size; ++i) {
    auto p = item(list, i);
    if (p.string("name").value() == name) return p;
  }
  BOOST_FAIL("no plugin " + name);
  return view(reply);
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_plugin_that_segfaults_fails_the_write_cleanly_and_its_host_restarts) {
  BusFixture bus(kGrants);
  IsolatedWorld world("test-segv");
  Process courses = start_library_service(bus, "course", world.args());
  BOOST_REQUIRE(bus.wait_for_workers("plugin-course-test-segv", 1, 15000ms));
  auto admin = bus.client();

  // The plugin answers from its own process, and checks Nancun's writes there.
  const std::int64_t first = host_pid(*admin, "segv_ping");
  BOOST_REQUIRE(first != 0);
  BOOST_TEST(first != courses.pid());
  BOOST_TEST(admin->call("course", "create", course("长者智能手机入门", "nancun"), within(5000ms)).ok());

  auto crashed = admin->call("course", "create", course("故障演练课", "nancun"), within(5000ms));
  BOOST_REQUIRE(!crashed.ok());
  const StatusCode code = crashed.status().code();
  BOOST_TEST((code == StatusCode::kUnavailable || code == StatusCode::kDeadlineExceeded),
             crashed.status().to_string());
  BOOST_TEST(crashed.status().message().find("plugin test-segv: ") == 0, crashed.status().message());

  // The service lives on and serves: a town without the plugin at once, and a read.
  BOOST_TEST(courses.running());
  auto other = admin->call("course", "create", course("粤剧欣赏", "shawan"), within(5000ms));
  BOOST_REQUIRE_MESSAGE(other.ok(), other.status().to_string());
  mp::MapBuilder get;
  get.set("id", view(*other).int64("id").value());
  BOOST_TEST(admin->call("course", "get", get.bytes(), within(5000ms)).ok());

  // A new host serves the plugin again: its method and Nancun's writes.
  const std::int64_t second = wait_for_new_host(*admin, "segv_ping", first);
  BOOST_REQUIRE(second != 0);
  auto again = admin->call("course", "create", course("长者微信视频通话", "nancun"), within(5000ms));
  BOOST_TEST(again.ok(), again.status().to_string());
  auto listed = admin->call("course", "plugins", mp::MapBuilder().bytes());
  BOOST_REQUIRE(listed.ok());
  // The crash counted as a failure of the plugin (the failure guard's input); the
  // successes since ended the run.
  auto entry = plugin_entry(*listed, "test-segv");
  BOOST_TEST(entry.string("state").value() == "loaded");
  BOOST_TEST(entry.uint64("failures").value() >= 1u);
  BOOST_TEST(entry.uint64("consecutive_failures").value() == 0u);
  auto iso = entry.map("isolation").value();
  BOOST_TEST(iso.string("service").value() == "plugin-course-test-segv");
  BOOST_TEST(iso.uint64("restarts").value() >= 1u);
  BOOST_TEST(iso.int64("pid").value() == second);
  BOOST_TEST(courses.running());
}

BOOST_AUTO_TEST_CASE(a_plugin_that_hangs_fails_the_write_at_its_deadline_and_its_host_restarts) {
  BusFixture bus(kGrants);
  IsolatedWorld world("test-hang");
  Process courses = start_library_service(bus, "course", world.args());
  BOOST_REQUIRE(bus.wait_for_workers("plugin-course-test-hang", 1, 15000ms));
  auto admin = bus.client();
  auto other_client = bus.client();
  const std::int64_t first = host_pid(*admin, "hang_ping");
  BOOST_REQUIRE(first != 0);
  auto earlier = admin->call("course", "create", course("粤剧欣赏", "shawan"), within(5000ms));
  BOOST_REQUIRE_MESSAGE(earlier.ok(), earlier.status().to_string());
  mp::MapBuilder get;
  get.set("id", view(*earlier).int64("id").value());

  const auto began = std::chrono::steady_clock::now();
  PendingCall hung(*admin, "course", "create", course("故障演练课", "nancun"), within(2000ms));
  // While one handler waits for the hung plugin, the service answers reads at once (writes
  // wait for the library's write lock, which the check holds, until its deadline).
  std::this_thread::sleep_for(300ms);
  const auto asked = std::chrono::steady_clock::now();
  BOOST_TEST(other_client->call("course", "get", get.bytes(), within(5000ms)).ok());
  BOOST_TEST((std::chrono::steady_clock::now() - asked < 1000ms));
  mp::MapBuilder list;
  list.set("town", "shawan");
  BOOST_TEST(other_client->call("course", "list", list.bytes(), within(5000ms)).ok());
  BOOST_TEST((std::chrono::steady_clock::now() - asked < 1000ms));
  BOOST_TEST(!hung.done());
  auto other = other_client->call("course", "create", course("广东音乐欣赏", "shawan"), within(5000ms));
  BOOST_TEST(other.ok(), other.status().to_string());

  BOOST_REQUIRE(hung.wait(10000ms));
  BOOST_REQUIRE(!hung->ok());
  BOOST_TEST(hung->status().code() == StatusCode::kDeadlineExceeded, hung->status().to_string());
  BOOST_TEST(hung->status().message().find("plugin test-hang: ") == 0, hung->status().message());
  BOOST_TEST((std::chrono::steady_clock::now() - began < 3000ms));  // not the plugin's 30 s

  // The hung host was killed and a new one serves.
  const std::int64_t second = wait_for_new_host(*other_client, "hang_ping", first);
  BOOST_REQUIRE(second != 0);
  auto again = other_client->call("course", "create", course("长者网上挂号", "nancun"), within(5000ms));
  BOOST_TEST(again.ok(), again.status().to_string());
  BOOST_TEST(courses.running());
}

BOOST_AUTO_TEST_CASE(isolate_must_be_alike_in_every_town) {
  BusFixture bus;
  IsolatedWorld world("test-segv");
  std::ofstream(fs::path(world.towns) / "shiqiao.yaml") << "plugins:\n"
                                                          "  - name: test-segv\n"
                                                          "    isolate: false\n";
  const std::string log = bus.dir().file("bad-isolate.log");
  std::vector<std::string> argv = {binary("cedu-course"), "--endpoint", bus.endpoint(), "--insecure",
                                   "--network", network_file(), "--database", bus.dir().file("c.db")};
  for (const auto& a : world.args()) argv.push_back(a);
  Process p = Process::spawn(argv, log);
  BOOST_TEST(p.wait(20s).value_or(-1) == 2);
  const std::string text = read_file(log);
  BOOST_TEST(text.find("shiqiao.yaml:3: plugins[0].isolate: plugin test-segv is isolate: true in ") !=
                 std::string::npos, text);
}
