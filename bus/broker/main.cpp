// cedu-bus: the broker executable. Reads the deployment config (section `bus`), applies
// command-line overrides, serves until SIGTERM/SIGINT. CURVE is on unless bus.insecure
// (or --insecure) says otherwise: the key pair comes from bus.keys_dir, the access list
// from bus.acl.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "bus/broker/broker.h"
#include "common/config/deployment.h"
#include "common/logging.h"
#include "common/signals.h"

namespace {

cedu::bus::Broker* g_broker = nullptr;

void on_signal(int) {
  if (g_broker != nullptr) g_broker->stop();
}

void on_hangup(int) {
  if (g_broker != nullptr) g_broker->request_reload();
}

// Writes the bound endpoint atomically (temp file + rename) with a trailing newline, so a
// reader never sees half of it.
bool write_endpoint_file(const std::string& path, const std::string& endpoint) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << endpoint << '\n';
    if (!out) return false;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  return !ec;
}

cedu::bus::BrokerOptions options_from(const cedu::config::Deployment& d) {
  cedu::bus::BrokerOptions o;
  o.endpoint = d.bus.endpoint;
  o.heartbeat_interval = d.bus.heartbeat_interval_ms;
  o.heartbeat_liveness = static_cast<std::uint32_t>(d.bus.heartbeat_liveness);
  o.max_message_bytes = d.bus.max_message_bytes;
  o.high_water_mark = d.bus.high_water_mark;
  o.linger = d.bus.linger_ms;
  o.default_timeout = d.bus.default_timeout_ms;
  o.events_path = d.bus.events.path;
  o.events_retain = d.bus.events.retain;
  o.events_synchronous = d.bus.events.synchronous;
  o.rate_limit_per_second = d.bus.rate_limit_per_second;
  o.rate_limit_burst = d.bus.rate_limit_burst;
  o.max_in_flight_per_client = d.bus.max_in_flight_per_client;
  o.version = CEDU_VERSION;
  return o;
}

// Decides between CURVE and a plain endpoint. --insecure forces plain; --curve-keys/--acl
// override bus.keys_dir/bus.acl and turn CURVE on even when bus.insecure is true.
// Returns INVALID_ARGUMENT (a start-up error) for contradicting flags or a missing access list.
cedu::Status apply_security(const cedu::config::Deployment& d, const std::string& curve_keys,
                            const std::string& acl, bool insecure,
                            cedu::bus::BrokerOptions& options) {
  const bool curve_flags = !curve_keys.empty() || !acl.empty();
  if (insecure && curve_flags) {
    return cedu::Status::invalid_argument("--insecure contradicts --curve-keys/--acl");
  }
  if (insecure || (d.bus.insecure && !curve_flags)) return cedu::Status::ok();
  options.curve_keys_dir = curve_keys.empty() ? d.bus.keys_dir : curve_keys;
  options.acl_path = acl.empty() ? d.bus.acl : acl;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(options.acl_path, ec)) {
    const std::string where = std::filesystem::absolute(options.acl_path, ec).string();
    return cedu::Status::invalid_argument(
        "the access list " + options.acl_path + " (" + where + ") does not exist" +
        (acl.empty() ? " (bus.acl)" : " (--acl)") +
        ". CURVE is on, and the broker lets in only the keys listed there. Create it (the "
        "shipped configs/acl.yaml is a start, docs/security.md explains it), point bus.acl "
        "or --acl at it, or run without encryption and access control with "
        "bus.insecure: true or --insecure");
  }
  return cedu::Status::ok();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"cedu-bus: the cedu message broker"};
  std::string config_path, endpoint, endpoint_file, events_db, log_file, log_level;
  std::string curve_keys, acl;
  bool insecure = false;
  int heartbeat_ms = 0;
  app.add_option("--config", config_path, "deployment config (configs/cedu.yaml)")
      ->check(CLI::ExistingFile);
  app.add_option("--endpoint", endpoint, "bind address, overrides bus.endpoint (port 0: any)");
  app.add_option("--endpoint-file", endpoint_file, "write the bound endpoint to this file");
  app.add_option("--events-db", events_db, "event log file, overrides bus.events.path");
  app.add_option("--heartbeat-ms", heartbeat_ms, "overrides bus.heartbeat_interval_ms")
      ->check(CLI::Range(10, 60000));
  app.add_option("--log-file", log_file, "log to this file instead of stderr");
  app.add_option("--curve-keys", curve_keys,
                 "CURVE on, with the broker's key pair DIR/cedu-bus.{pub,key} (created if "
                 "absent); overrides bus.keys_dir");
  app.add_option("--acl", acl,
                 "CURVE on, with this access list; overrides bus.acl; SIGHUP reloads it");
  app.add_flag("--insecure", insecure,
               "plain endpoint: no encryption, no access control (overrides bus.insecure)");
  app.add_option("--log-level", log_level, "overrides log.level");
  app.set_version_flag("--version", std::string("cedu-bus ") + CEDU_VERSION);
  CLI11_PARSE(app, argc, argv);

  cedu::config::Deployment deployment;
  try {
    deployment = config_path.empty() ? cedu::config::default_deployment()
                                     : cedu::config::load_deployment(config_path);
  } catch (const std::exception& e) {
    std::cerr << "cedu-bus: " << e.what() << '\n';
    return 2;
  }
  cedu::logging::LogConfig log{log_level.empty() ? deployment.log.level : log_level, log_file};
  if (auto s = cedu::logging::init(log, "cedu-bus"); !s.is_ok()) {
    std::cerr << "cedu-bus: " << s.to_string() << '\n';
    return 2;
  }
  auto options = options_from(deployment);
  if (!endpoint.empty()) options.endpoint = endpoint;
  if (!events_db.empty()) options.events_path = events_db;
  if (heartbeat_ms > 0) options.heartbeat_interval = std::chrono::milliseconds(heartbeat_ms);
  if (auto s = apply_security(deployment, curve_keys, acl, insecure, options); !s.is_ok()) {
    std::cerr << "cedu-bus: " << s.message() << '\n';
    return 2;
  }
  if (!options.secure()) {
    spdlog::warn("CURVE is off (bus.insecure or --insecure): {} accepts anyone, without "
                 "encryption or access control; use this on a development machine only",
                 options.endpoint);
  }

  auto broker = cedu::bus::Broker::create(options);
  if (!broker.ok()) {
    spdlog::critical("cannot start: {}", broker.status().to_string());
    return broker.status().code() == cedu::StatusCode::kInvalidArgument ? 2 : 1;
  }
  g_broker = broker->get();
  cedu::on_signals({SIGTERM, SIGINT}, on_signal);
  cedu::on_signals({SIGHUP}, on_hangup);
  cedu::ignore_sigpipe();
  // Past RLIMIT_FSIZE the event log's write fails (EFBIG) instead of the broker dying.
  ::signal(SIGXFSZ, SIG_IGN);

  if (!endpoint_file.empty() && !write_endpoint_file(endpoint_file, (*broker)->endpoint())) {
    spdlog::critical("cannot write endpoint file {}", endpoint_file);
    return 1;
  }
  (*broker)->run();
  g_broker = nullptr;
  spdlog::info("cedu-bus stopped");
  return 0;
}
