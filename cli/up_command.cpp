#include "cli/up_command.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "bus/protocol/protocol.h"
#include "bus/security/access_list.h"
#include "cli/bus_watch.h"
#include "cli/child_plan.h"
#include "cli/executable_lookup.h"
#include "cli/exit_codes.h"
#include "cli/first_start_keys.h"
#include "cli/json_msgpack.h"
#include "cli/output.h"
#include "cli/posix_launcher.h"
#include "cli/stop_signals.h"
#include "cli/supervisor.h"

namespace cedu::cli {
namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

constexpr std::chrono::milliseconds kPingWait{500};
constexpr std::chrono::milliseconds kLoopPeriod{50};
constexpr std::chrono::milliseconds kWatchRegistrations{20000};

void say(const std::string& line) { std::cout << "cedu up: " << line << std::endl; }

// Returns the version of a broker that answers bus.ping on the endpoint within kPingWait,
// or nullopt iff none does.
std::optional<std::string> running_broker(const Context& context) {
  auto client = connect_client(context);
  if (!client.ok()) return std::nullopt;
  std::optional<std::string> version;
  bool done = false;
  CallOptions options;
  options.timeout = kPingWait;
  (*client)->call_async(
      std::string(protocol::kBusService), "ping", std::string(1, '\x80'),
      [&](Result<Reply> reply) {
        done = true;
        if (!reply.ok()) return;
        version = "?";
        auto body = msgpack_to_json(reply->bytes());
        if (body.ok() && body->is_object() && body->contains("version") &&
            (*body)["version"].is_string()) {
          version = (*body)["version"].get<std::string>();
        }
      },
      options);
  auto until = Clock::now() + kPingWait;
  while (!done && Clock::now() < until) {
    (void)(*client)->poll(std::chrono::milliseconds(20));
  }
  return version;
}

// Creates `dir` and its parents. Returns false (after saying why) iff that fails.
bool make_directory(const std::string& dir, const char* what) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    print_usage_error(std::string("cannot create ") + what + " " + dir + ": " + ec.message());
    return false;
  }
  return true;
}

std::string read_first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// CURVE on first start and every start: the access list must exist; the local key pairs
// are made when missing (first_start_keys.h); the list must load (file:line otherwise);
// `cedu up` itself watches the bus as district-admin. Returns kExitOk, or the exit code
// after saying what is wrong.
int prepare_curve(Context& context) {
  const config::Deployment& d = context.deployment;
  std::error_code ec;
  if (!fs::is_regular_file(d.bus.acl, ec)) {
    print_usage_error("the access list " + d.bus.acl + " (bus.acl, " +
                      fs::absolute(d.bus.acl, ec).string() +
                      ") does not exist. The bus runs CURVE and lets in only the keys listed "
                      "there: create it (start from the shipped configs/acl.yaml, see "
                      "docs/security.md), point bus.acl at it, or set bus.insecure: true to run "
                      "without encryption or access control");
    return kExitUsage;
  }
  if (Status s = make_first_start_keys(d, say); !s.is_ok()) {
    print_usage_error(s.message());
    return kExitFailed;
  }
  std::size_t principals = 0;
  try {
    principals = security::AccessList::load(d.bus.acl).principals();
  } catch (const std::exception& e) {  // config::ConfigError: file:line: key: problem
    print_usage_error(e.what());
    return kExitUsage;
  }
  if (Status s = load_default_credentials(context); !s.is_ok()) {
    print_usage_error(s.message());
    return kExitUsage;
  }
  say("CURVE on: keys in " + d.bus.keys_dir + ", access list " + d.bus.acl + " (" +
      std::to_string(principals) + " principals)");
  return kExitOk;
}

}  // namespace

int run_up(Context& context) {
  const config::Deployment& d = context.deployment;
  const std::string& endpoint = d.bus.endpoint;
  if (context.endpoint_overridden) {
    print_usage_error("`cedu up` takes the endpoint from the config (bus.endpoint); "
                      "--endpoint cannot be used with it");
    return kExitUsage;
  }
  if (endpoint.size() >= 2 && endpoint.compare(endpoint.size() - 2, 2, ":0") == 0) {
    print_usage_error("bus.endpoint " + endpoint +
                      " has port 0; `cedu up` needs a fixed port the services can find");
    return kExitUsage;
  }
  if (context.insecure_overridden) {
    print_usage_error("`cedu up` takes bus.insecure from the config, which its processes read "
                      "too; --insecure cannot be used with it");
    return kExitUsage;
  }
  if (d.secure()) {
    if (int code = prepare_curve(context); code != kExitOk) return code;
  } else {
    say("WARNING: bus.insecure is true: the bus runs without encryption or access control; "
        "anyone who can reach " + endpoint + " can call every service and read every event. "
        "Use it on a development machine only; remove bus.insecure (CURVE is the default) "
        "for anything else");
  }
  if (auto version = running_broker(context)) {
    print_usage_error("a broker (cedu-bus " + *version + ") already answers on " + endpoint +
                      "; stop it first, or set another bus.endpoint in " +
                      (context.config_path.empty() ? "the config" : context.config_path));
    return kExitFailed;
  }
  if (!make_directory(d.data_dir, "data_dir") || !make_directory(d.log.dir, "log.dir")) {
    return kExitFailed;
  }

  PlanInput input;
  input.deployment = &d;
  if (!context.config_path.empty()) input.config_path = fs::absolute(context.config_path).string();
  input.endpoint_file = (fs::path(d.data_dir) / "cedu-bus.endpoint").string();
  std::error_code ignored;
  fs::remove(input.endpoint_file, ignored);
  auto plan = plan_children(input, find_executable);
  if (!plan.ok()) {
    print_usage_error(plan.status().message());
    return kExitFailed;
  }

  install_stop_signals();
  say("config " + (context.config_path.empty() ? std::string("(built-in defaults)")
                                               : context.config_path) +
      "; data in " + d.data_dir + "; logs in " + d.log.dir);
  PosixLauncher launcher;
  Supervisor supervisor(std::move(plan).value(), launcher, say, Supervisor::Options{});
  supervisor.start(Clock::now());

  std::unique_ptr<BusWatch> watch;
  if (auto client = connect_client(context); client.ok()) {
    std::vector<ExpectedService> expected;
    for (const auto& s : d.services) expected.push_back({s.name, s.instances});
    watch = std::make_unique<BusWatch>(std::move(client).value(), std::move(expected), say,
                                       kWatchRegistrations);
  }

  std::string announced_endpoint;
  int stops_seen = 0;
  for (;;) {
    auto now = Clock::now();
    for (const auto& [pid, status] : PosixLauncher::reap()) supervisor.on_exit(pid, status, now);
    if (int requests = stop_requests(); requests > stops_seen) {
      if (stops_seen == 0) say("stopping (services first, then the bus)");
      stops_seen = requests;
      supervisor.stop(now);
      watch.reset();
    }
    supervisor.tick(now);
    if (supervisor.finished()) break;
    if (!supervisor.stopping()) {
      if (std::string bound = read_first_line(input.endpoint_file);
          !bound.empty() && bound != announced_endpoint) {
        announced_endpoint = bound;
        say("bus listening on " + bound);
      }
      if (watch) watch->step(now);
    }
    std::this_thread::sleep_for(kLoopPeriod);
  }
  say("all processes stopped");
  return kExitOk;
}

}  // namespace cedu::cli
