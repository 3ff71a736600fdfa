// Integration: the real `cedu` binary against a real cedu-bus and cedu-test-service on
// loopback (ephemeral ports, temp dirs) — call, services, stats, events — and `cedu up`
// running a whole deployment and stopping it on SIGTERM without leaving a process behind.
#define BOOST_TEST_MODULE cli_integration
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "common/msgpack/builder.h"
#include "tests/support/bus_fixture.h"

extern char** environ;

using namespace std::chrono_literals;
using cedu::testing::binary;
using cedu::testing::BusFixture;
using cedu::testing::Process;
using cedu::testing::read_file;
using cedu::testing::TempDir;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

struct Run {
  int exit_code = -1;  // 128+signal when killed; -1 when it had to be killed on timeout
  std::string out;
  std::string err;
};

// Runs `cedu ARGS...` to completion, capturing stdout and stderr separately.
Run run_cedu(const std::vector<std::string>& args, std::chrono::milliseconds timeout = 20s) {
  TempDir io;
  const std::string out_path = io.file("stdout"), err_path = io.file("stderr");
  std::vector<std::string> argv{binary("cedu")};
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<char*> cargv;
  for (auto& a : argv) cargv.push_back(a.data());
  cargv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  int rc = posix_spawn(&pid, cargv[0], &actions, nullptr, cargv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  BOOST_REQUIRE_MESSAGE(rc == 0, "cannot run " << cargv[0]);

  Run run;
  const auto until = Clock::now() + timeout;
  for (;;) {
    int status = 0;
    pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) {
      run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      break;
    }
    if (Clock::now() >= until) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(10ms);
  }
  run.out = read_file(out_path);
  run.err = read_file(err_path);
  return run;
}

std::string describe(const Run& r) {
  return "exit " + std::to_string(r.exit_code) + "\nstdout: " + r.out + "\nstderr: " + r.err;
}

// A plain broker with heartbeats at the CLI's default (1 s), and one test service.
struct Bus {
  BusFixture fixture{1000};
  Process service = fixture.start_service("test", "test-1");
  Bus() { BOOST_REQUIRE(fixture.wait_for_workers("test", 1)); }
  // `cedu` with the fixture's endpoint, without CURVE (the fixture's broker runs plain).
  std::vector<std::string> with(std::vector<std::string> args) {
    args.insert(args.begin(), {"--endpoint", fixture.endpoint(), "--insecure"});
    return args;
  }
};

// A TCP port on 127.0.0.1 that was free a moment ago.
int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

bool process_exists(pid_t pid) { return kill(pid, 0) == 0 || errno != ESRCH; }

// Waits until `path` contains `needle`; returns false after `timeout`.
bool wait_for_text(const std::string& path, const std::string& needle,
                   std::chrono::milliseconds timeout) {
  const auto until = Clock::now() + timeout;
  while (Clock::now() < until) {
    if (read_file(path).find(needle) != std::string::npos) return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

}  // namespace

BOOST_AUTO_TEST_CASE(version_is_printed) {
  Run r = run_cedu({"--version"});
  BOOST_TEST(r.exit_code == 0, describe(r));
  BOOST_TEST(r.out.rfind("cedu ", 0) == 0u, describe(r));
}

BOOST_FIXTURE_TEST_CASE(call_round_trips_chinese_text, Bus) {
  Run r = run_cedu(with({"call", "test", "echo",
                         R"({"title":"书法入门","town":{"slug":"nancun","name":"南村镇"},"seats":30})",
                         "--compact"}));
  BOOST_TEST(r.exit_code == 0, describe(r));
  BOOST_TEST(r.out == "{\"title\":\"书法入门\",\"town\":{\"slug\":\"nancun\",\"name\":\"南村镇\"},"
                      "\"seats\":30}\n",
             describe(r));
  BOOST_TEST(r.err.empty(), describe(r));
  // Without params the service gets an empty map; indented output parses as the same JSON.
  Run empty = run_cedu(with({"call", "test", "echo"}));
  BOOST_TEST(empty.exit_code == 0, describe(empty));
  BOOST_TEST(json::parse(empty.out) == json::object(), describe(empty));
}

BOOST_FIXTURE_TEST_CASE(error_reply_goes_to_stderr_with_exit_1, Bus) {
  Run r = run_cedu(with({"call", "test", "fail",
                         R"({"code":"NOT_FOUND","message":"没有这门课程","field":"course_id"})"}));
  BOOST_TEST(r.exit_code == 1, describe(r));
  BOOST_TEST(r.out.empty(), describe(r));
  json err = json::parse(r.err);
  BOOST_TEST(err["error"]["code"] == "NOT_FOUND", describe(r));
  BOOST_TEST(err["error"]["message"] == "没有这门课程", describe(r));
  BOOST_TEST(err["error"]["field"] == "course_id", describe(r));
}

BOOST_FIXTURE_TEST_CASE(unknown_service_is_unavailable, Bus) {
  Run r = run_cedu(with({"--timeout", "300", "call", "nosuch", "method"}));
  BOOST_TEST(r.exit_code == 1, describe(r));
  BOOST_TEST(json::parse(r.err)["error"]["code"] == "UNAVAILABLE", describe(r));
}

BOOST_FIXTURE_TEST_CASE(bad_json_is_a_usage_error, Bus) {
  Run r = run_cedu(with({"call", "test", "echo", R"({"title": )"}));
  BOOST_TEST(r.exit_code == 2, describe(r));
  BOOST_TEST(r.out.empty(), describe(r));
  BOOST_TEST(r.err.find("line 1, column") != std::string::npos, describe(r));
  Run array = run_cedu(with({"call", "test", "echo", "[1,2]"}));
  BOOST_TEST(array.exit_code == 2, describe(array));
  BOOST_TEST(array.err.find("must be a JSON object") != std::string::npos, describe(array));
}

BOOST_FIXTURE_TEST_CASE(services_and_stats_describe_the_bus, Bus) {
  Run r = run_cedu(with({"services"}));
  BOOST_TEST(r.exit_code == 0, describe(r));
  json services = json::parse(r.out);
  bool listed = false;
  for (const auto& s : services["services"]) {
    if (s["name"] == "test") listed = s["workers"].size() == 1u;
  }
  BOOST_TEST(listed, describe(r));

  Run table = run_cedu(with({"services", "--table"}));
  BOOST_TEST(table.exit_code == 0, describe(table));
  BOOST_TEST(table.out.find("SERVICE") == 0u, describe(table));
  BOOST_TEST(table.out.find("\ntest ") != std::string::npos, describe(table));
  BOOST_TEST(table.out.find("test-1") != std::string::npos, describe(table));

  Run stats = run_cedu(with({"stats"}));
  BOOST_TEST(stats.exit_code == 0, describe(stats));
  BOOST_TEST(json::parse(stats.out)["requests"].get<std::uint64_t>() >= 1u, describe(stats));
}

BOOST_FIXTURE_TEST_CASE(events_replays_a_published_event, Bus) {
  cedu::mp::MapBuilder payload;
  payload.set("title", "书法入门").set("seats", 30);
  cedu::mp::MapBuilder p;
  p.set("event", "published").set("payload", payload);
  auto client = fixture.client();
  BOOST_REQUIRE(client->call("test", "publish", p.bytes()).ok());

  Run r = run_cedu(with({"events", "test.", "--from", "0", "--count", "1"}), 15s);
  BOOST_TEST(r.exit_code == 0, describe(r));
  BOOST_REQUIRE(!r.out.empty());
  BOOST_TEST(std::count(r.out.begin(), r.out.end(), '\n') == 1, describe(r));
  json e = json::parse(r.out);
  BOOST_TEST(e["topic"] == "test.published", describe(r));
  BOOST_TEST(e["seq"].get<std::uint64_t>() >= 1u, describe(r));
  BOOST_TEST(e["publisher"] == "test", describe(r));
  BOOST_TEST(e["payload"]["title"] == "书法入门", describe(r));
  BOOST_TEST(e["time_ms"].get<std::uint64_t>() > 1500000000000u, describe(r));
}

int file_mode(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return -1;
  return static_cast<int>(st.st_mode & 0777);
}

// Puts DIR/bin (with executables written there) first on PATH while it lives.
struct PathPrefix {
  const char* old_path = std::getenv("PATH");
  std::string saved = old_path ? old_path : "";
  explicit PathPrefix(const std::string& bin) {
    setenv("PATH", (bin + ":" + (old_path ? saved : std::string("/usr/bin:/bin"))).c_str(), 1);
  }
  ~PathPrefix() {
    if (old_path) setenv("PATH", saved.c_str(), 1);
  }
};

BOOST_AUTO_TEST_CASE(up_runs_a_deployment_with_curve_and_stops_it_cleanly) {
  TempDir dir;
  const int port = free_port();
  const std::string endpoint = "tcp://127.0.0.1:" + std::to_string(port);
  const std::string keys = dir.file("data/keys");  // bus.keys_dir's default: <data_dir>/keys
  // A service executable found on PATH: `cedu-echo` runs the test service as "echo", with
  // the key pair of service:echo that `cedu up` makes.
  std::filesystem::create_directory(dir.path() / "bin");
  const std::string script = dir.file("bin/cedu-echo");
  write_file(script, "#!/bin/sh\nexec " + binary("cedu-test-service") + " --endpoint " +
                         endpoint + " --name echo --curve-keys " + keys +
                         " --curve-name service-echo\n");
  chmod(script.c_str(), 0755);
  PathPrefix path(dir.file("bin"));

  // The access list names key files that do not exist yet: `cedu up` makes them.
  const std::string acl = dir.file("acl.yaml");
  write_file(acl, "principals:\n"
                  "  - principal: district-admin\n"
                  "    key_files: [" + keys + "/district-admin.pub]\n"
                  "    methods: [\"*\"]\n    events: [\"*\"]\n"
                  "  - principal: service:echo\n"
                  "    key_files: [" + keys + "/service-echo.pub]\n");
  const std::string config = dir.file("cedu.yaml");
  write_file(config, "data_dir: " + dir.file("data") + "\nlog:\n  dir: " + dir.file("log") +
                         "\nbus:\n  endpoint: " + endpoint + "\n  acl: " + acl +
                         "\nservices:\n  echo:\n    instances: 2\n");
  const std::string out = dir.file("up.out");
  Process up = Process::spawn({binary("cedu"), "up", "--config", config}, out);

  BOOST_TEST_REQUIRE(wait_for_text(out, "bus listening on " + endpoint, 15s), read_file(out));
  BOOST_TEST_REQUIRE(wait_for_text(out, "services: echo 2/2", 15s), read_file(out));
  BOOST_TEST(std::filesystem::exists(dir.file("log/cedu-bus.log")));
  BOOST_TEST(std::filesystem::exists(dir.file("log/cedu-echo-1.log")));
  BOOST_TEST(std::filesystem::exists(dir.file("log/cedu-echo-2.log")));
  BOOST_TEST(std::filesystem::is_directory(dir.file("data")));

  // First start: the key pairs were made, secret halves 0600 in a 0700 directory.
  const std::string up_text = read_file(out);
  BOOST_TEST(up_text.find("WARNING") == std::string::npos, up_text);
  BOOST_TEST(up_text.find("CURVE on: keys in " + keys) != std::string::npos, up_text);
  BOOST_TEST(file_mode(keys) == 0700);
  for (const char* stem : {"cedu-bus", "district-admin", "service-echo"}) {
    BOOST_TEST(up_text.find("created key pair " + keys + "/" + stem + ".{pub,key}") !=
                   std::string::npos,
               stem << "\n" << up_text);
    BOOST_TEST(file_mode(keys + "/" + stem + ".key") == 0600, stem);
    BOOST_TEST(file_mode(keys + "/" + stem + ".pub") == 0644, stem);
  }

  // The deployment answers through the config's endpoint, over CURVE, as district-admin
  // (no --keys/--as).
  Run call = run_cedu({"--config", config, "call", "echo", "echo", R"({"课程":"太极拳"})", "-c"});
  BOOST_TEST(call.exit_code == 0, describe(call));
  BOOST_TEST(call.out == "{\"课程\":\"太极拳\"}\n", describe(call));
  Run who = run_cedu({"--config", config, "call", "echo", "whoami"});
  BOOST_TEST(who.exit_code == 0, describe(who));
  BOOST_TEST(json::parse(who.out)["principal"] == "district-admin", describe(who));
  // A client without CURVE does not get in: no answer at all.
  Run plain = run_cedu({"--config", config, "--insecure", "--timeout", "1000", "call", "bus",
                        "ping"});
  BOOST_TEST(plain.exit_code == 1, describe(plain));
  BOOST_TEST(json::parse(plain.err)["error"]["code"] == "UNAVAILABLE", describe(plain));

  // A second `cedu up` on the same endpoint refuses to start, and makes no new keys.
  const std::string admin_pub = read_file(keys + "/district-admin.pub");
  Run second = run_cedu({"up", "--config", config}, 10s);
  BOOST_TEST(second.exit_code == 1, describe(second));
  BOOST_TEST(second.err.find("already answers on " + endpoint) != std::string::npos,
             describe(second));
  BOOST_TEST(second.out.find("created") == std::string::npos, describe(second));
  BOOST_TEST(read_file(keys + "/district-admin.pub") == admin_pub);

  std::vector<pid_t> children;
  const std::string text = read_file(out);
  static const std::regex kStarted("(cedu-[a-z0-9-]+) started, pid ([0-9]+)");
  for (std::sregex_iterator it(text.begin(), text.end(), kStarted), end; it != end; ++it) {
    children.push_back(static_cast<pid_t>(std::stol((*it)[2].str())));
  }
  BOOST_TEST(children.size() == 3u, text);
  for (pid_t pid : children) BOOST_TEST(process_exists(pid));

  up.signal(SIGTERM);
  auto code = up.wait(20s);
  BOOST_TEST_REQUIRE(code.has_value(), read_file(out));
  BOOST_TEST(*code == 0, read_file(out));
  const std::string final_text = read_file(out);
  BOOST_TEST(final_text.find("all processes stopped") != std::string::npos, final_text);
  // Services stop before the broker.
  BOOST_TEST(final_text.find("cedu-echo-1 stopped") < final_text.find("cedu-bus stopped"),
             final_text);
  for (pid_t pid : children) BOOST_TEST(!process_exists(pid), "pid " << pid << " survived");
}

BOOST_AUTO_TEST_CASE(up_with_insecure_true_warns_and_runs_plain) {
  TempDir dir;
  const std::string endpoint = "tcp://127.0.0.1:" + std::to_string(free_port());
  std::filesystem::create_directory(dir.path() / "bin");
  const std::string script = dir.file("bin/cedu-echo");
  write_file(script, "#!/bin/sh\nexec " + binary("cedu-test-service") + " --endpoint " +
                         endpoint + " --name echo\n");
  chmod(script.c_str(), 0755);
  PathPrefix path(dir.file("bin"));
  const std::string config = dir.file("cedu.yaml");
  write_file(config, "data_dir: " + dir.file("data") + "\nbus:\n  endpoint: " + endpoint +
                         "\n  insecure: true\n  acl: " + dir.file("no-such-acl.yaml") +
                         "\nservices:\n  echo: {}\n");
  const std::string out = dir.file("up.out");
  Process up = Process::spawn({binary("cedu"), "up", "--config", config}, out);
  BOOST_TEST_REQUIRE(wait_for_text(out, "services: echo 1/1", 15s), read_file(out));
  const std::string text = read_file(out);
  BOOST_TEST(text.find("cedu up: WARNING: bus.insecure is true: the bus runs without encryption "
                       "or access control") != std::string::npos,
             text);
  BOOST_TEST(!std::filesystem::exists(dir.file("data/keys")));  // no keys in plain mode
  BOOST_TEST(read_file(dir.file("data/log/cedu-bus.log")).find("CURVE is off") !=
                 std::string::npos);
  // Plain clients get in; the config says insecure, so no --insecure is needed.
  Run call = run_cedu({"--config", config, "call", "echo", "whoami"});
  BOOST_TEST(call.exit_code == 0, describe(call));
  // --insecure is the config's business with `cedu up`.
  Run flag = run_cedu({"--config", config, "--insecure", "up"});
  BOOST_TEST(flag.exit_code == 2, describe(flag));
  up.signal(SIGTERM);
  BOOST_TEST(up.wait(20s).value_or(-1) == 0, read_file(out));
}

BOOST_AUTO_TEST_CASE(curve_without_keys_or_acl_says_what_is_missing) {
  TempDir dir;
  const std::string config = dir.file("cedu.yaml");
  write_file(config, "data_dir: " + dir.file("data") + "\nbus:\n  acl: " + dir.file("acl.yaml") +
                         "\n");
  // No keys yet: `cedu call` names the missing file and the ways out.
  Run call = run_cedu({"--config", config, "call", "bus", "ping"});
  BOOST_TEST(call.exit_code == 2, describe(call));
  BOOST_TEST(call.err.find(dir.file("data/keys") + "/district-admin.key is missing") !=
                 std::string::npos,
             describe(call));
  BOOST_TEST(call.err.find("`cedu up` creates") != std::string::npos, describe(call));
  BOOST_TEST(call.err.find("--keys DIR --as PRINCIPAL") != std::string::npos, describe(call));
  BOOST_TEST(call.err.find("bus.insecure: true") != std::string::npos, describe(call));
  // No access list: `cedu up` stops before starting anything, and says how to fix it.
  Run up = run_cedu({"up", "--config", config});
  BOOST_TEST(up.exit_code == 2, describe(up));
  BOOST_TEST(up.err.find("the access list " + dir.file("acl.yaml")) != std::string::npos,
             describe(up));
  BOOST_TEST(up.err.find("bus.insecure: true") != std::string::npos, describe(up));
  BOOST_TEST(!std::filesystem::exists(dir.file("data/keys")));
  // A broken one: file:line, still before anything starts.
  write_file(dir.file("acl.yaml"), "principals:\n  - principal: root\n    keys: []\n");
  Run bad = run_cedu({"up", "--config", config});
  BOOST_TEST(bad.exit_code == 2, describe(bad));
  BOOST_TEST(bad.err.find(dir.file("acl.yaml") + ":2: principals[0].principal") !=
                 std::string::npos,
             describe(bad));
}

BOOST_AUTO_TEST_CASE(up_rejects_a_bad_config_with_its_location) {
  TempDir dir;
  const std::string config = dir.file("cedu.yaml");
  write_file(config, "bus:\n  heartbeat_interval_ms: -5\n");
  Run r = run_cedu({"up", "--config", config});
  BOOST_TEST(r.exit_code == 2, describe(r));
  BOOST_TEST(r.err.find(config + ":2") != std::string::npos, describe(r));
}

BOOST_AUTO_TEST_CASE(keygen_writes_a_key_pair_and_prints_the_acl_entry) {
  TempDir dir;
  const std::string keys = dir.file("keys");
  Run r = run_cedu({"keygen", "org:panyu-art-school", "--dir", keys});
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(r.out.find("principal: org:panyu-art-school") != std::string::npos, r.out);
  const std::string pub = read_file(keys + "/org-panyu-art-school.pub");
  BOOST_REQUIRE_EQUAL(pub.size(), 41u);  // 40 Z85 characters and a newline
  BOOST_TEST(r.out.find(pub.substr(0, 40)) != std::string::npos);  // the entry has the key
  struct stat st {};
  BOOST_REQUIRE(stat((keys + "/org-panyu-art-school.key").c_str(), &st) == 0);
  BOOST_TEST((st.st_mode & 0777) == 0600u);

  Run again = run_cedu({"keygen", "org:panyu-art-school", "--dir", keys});
  BOOST_TEST(again.exit_code == 1);  // never overwrites a key
  BOOST_TEST(read_file(keys + "/org-panyu-art-school.pub") == pub);
  Run bad = run_cedu({"keygen", "root", "--dir", keys});
  BOOST_TEST(bad.exit_code == 2);
  BOOST_TEST(bad.err.find("is not a principal") != std::string::npos, bad.err);
}

BOOST_AUTO_TEST_CASE(curve_keys_and_acl_reload_from_the_command_line) {
  BusFixture bus({{"org:panyu-art-school", {"bus.ping"}, {}}}, 1000);
  const std::string keys = bus.dir().file("keys");
  bus.credentials("org:panyu-art-school");
  auto as = [&](const std::string& who, std::vector<std::string> args) {
    std::vector<std::string> all{"--endpoint", bus.endpoint(), "--keys", keys, "--as", who};
    all.insert(all.end(), args.begin(), args.end());
    return run_cedu(all);
  };
  Run ping = as("org:panyu-art-school", {"call", "bus", "ping"});
  BOOST_TEST(ping.exit_code == 0, ping.err);
  Run denied = as("org:panyu-art-school", {"call", "bus", "stats"});
  BOOST_TEST(denied.exit_code == 1);
  BOOST_TEST(json::parse(denied.err)["error"]["code"] == "PERMISSION_DENIED");

  Run reload = as("district-admin", {"acl", "reload"});
  BOOST_TEST(reload.exit_code == 0, reload.err);
  BOOST_TEST(json::parse(reload.out)["principals"] == 2);

  // A broken list: the error names file and line, and the old list stays in force.
  { std::ofstream(bus.dir().file("acl.yaml")) << "principals:\n  - principal: nobody\n"; }
  Run broken = as("district-admin", {"acl", "reload"});
  BOOST_TEST(broken.exit_code == 1);
  const json err = json::parse(broken.err)["error"];
  BOOST_TEST(err["code"] == "INVALID_ARGUMENT");
  BOOST_TEST(err["message"].get<std::string>().find("acl.yaml:2: principals[0].principal") !=
             std::string::npos, err.dump());
  BOOST_TEST(as("org:panyu-art-school", {"call", "bus", "ping"}).exit_code == 0);

  Run no_keys = run_cedu({"--endpoint", bus.endpoint(), "--keys", keys, "--as", "org:nobody",
                          "call", "bus", "ping"});
  BOOST_TEST(no_keys.exit_code == 2);
}
