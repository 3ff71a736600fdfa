#include "common/config/deployment.h"

#include <filesystem>

namespace cedu::config {
namespace {

using std::chrono::milliseconds;

std::string join_path(const std::string& dir, const std::string& rest) {
  return (std::filesystem::path(dir) / rest).string();
}

milliseconds optional_ms(const Reader& r, std::string_view key, milliseconds fallback,
                         std::int64_t lo, std::int64_t hi) {
  return milliseconds(r.optional_between<std::int64_t>(key, fallback.count(), lo, hi));
}

LogSettings parse_log(const Reader& r, const std::string& data_dir) {
  LogSettings log;
  log.level = r.optional_choice("level", log.level,
                                {"trace", "debug", "info", "warn", "error", "critical", "off"});
  log.dir = r.optional("dir", join_path(data_dir, "log"));
  if (log.dir.empty()) r.fail("dir", "must not be empty");
  r.finish();
  return log;
}

EventLogSettings parse_events(const Reader& r, const std::string& data_dir) {
  EventLogSettings ev;
  ev.path = r.optional("path", join_path(data_dir, "bus/events.db"));
  if (ev.path.empty()) r.fail("path", "must not be empty");
  ev.retain = r.optional_between<std::uint64_t>("retain", ev.retain, 1, 100000000);
  ev.synchronous = r.optional_choice("synchronous", ev.synchronous,
                                     {"OFF", "NORMAL", "FULL", "EXTRA"});
  r.finish();
  return ev;
}

BusSettings parse_bus(const Reader& r, const std::string& data_dir) {
  BusSettings bus;
  bus.endpoint = r.optional("endpoint", bus.endpoint);
  bool known_scheme = false;
  for (std::string_view scheme : {"tcp://", "ipc://", "inproc://"}) {
    if (bus.endpoint.starts_with(scheme) && bus.endpoint.size() > scheme.size()) {
      known_scheme = true;
    }
  }
  if (!known_scheme) {
    r.fail("endpoint", "must start with tcp://, ipc:// or inproc:// followed by an address, got \"" +
                           bus.endpoint + "\"");
  }
  bus.heartbeat_interval_ms =
      optional_ms(r, "heartbeat_interval_ms", bus.heartbeat_interval_ms, 10, 60000);
  bus.heartbeat_liveness = r.optional_between("heartbeat_liveness", bus.heartbeat_liveness, 1, 100);
  bus.max_message_bytes = static_cast<std::size_t>(r.optional_between<std::uint64_t>(
      "max_message_bytes", bus.max_message_bytes, 1024, 268435456));
  bus.high_water_mark = r.optional_between("high_water_mark", bus.high_water_mark, 1, 10000000);
  bus.linger_ms = optional_ms(r, "linger_ms", bus.linger_ms, 0, 60000);
  bus.default_timeout_ms = optional_ms(r, "default_timeout_ms", bus.default_timeout_ms, 1, 600000);
  bus.rate_limit_per_second =
      r.optional_between<double>("rate_limit_per_second", bus.rate_limit_per_second, 0, 1e7);
  bus.rate_limit_burst = r.optional_between<double>("rate_limit_burst", bus.rate_limit_burst, 0, 1e7);
  if (bus.rate_limit_per_second > 0 && bus.rate_limit_burst == 0) {
    bus.rate_limit_burst = bus.rate_limit_per_second;  // one second's worth
  }
  if (bus.rate_limit_per_second > 0 && bus.rate_limit_burst < 1) {
    r.fail("rate_limit_burst", "must be at least 1 when rate_limit_per_second is set");
  }
  bus.max_in_flight_per_client = r.optional_between<std::uint32_t>(
      "max_in_flight_per_client", bus.max_in_flight_per_client, 0, 1000000);
  if (auto events = r.maybe_child("events")) {
    bus.events = parse_events(*events, data_dir);
  } else {
    bus.events.path = join_path(data_dir, "bus/events.db");
  }
  bus.insecure = r.optional<bool>("insecure", bus.insecure);
  bus.keys_dir = r.optional("keys_dir", join_path(data_dir, "keys"));
  if (bus.keys_dir.empty()) r.fail("keys_dir", "must not be empty");
  bus.acl = r.optional("acl", bus.acl);
  if (bus.acl.empty()) r.fail("acl", "must not be empty");
  r.finish();
  return bus;
}

ServiceEntry parse_service(const std::string& name, const Reader& r,
                           const std::string& data_dir) {
  if (name == "bus") r.fail("", "\"bus\" is reserved for the broker's own service");
  if (!valid_service_name(name)) r.fail("", "service name must match [a-z][a-z0-9_-]*");
  ServiceEntry s;
  s.name = name;
  s.instances = r.optional_between("instances", s.instances, 1, 64);
  s.threads = r.optional_between("threads", s.threads, 1, 256);
  s.database = r.optional("database", join_path(data_dir, name + "/" + name + ".db"));
  if (s.database.empty()) r.fail("database", "must not be empty");
  s.capacity = r.optional_between("capacity", s.capacity, 1, 10000);
  r.finish();
  return s;
}

}  // namespace

const ServiceEntry* Deployment::find_service(std::string_view name) const {
  for (const auto& s : services) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

bool valid_service_name(std::string_view name) {
  if (name.empty() || name == "bus" || name.front() < 'a' || name.front() > 'z') return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Deployment parse_deployment(const Reader& root) {
  Deployment d;
  d.source = root.file();
  d.data_dir = root.optional("data_dir", d.data_dir);
  if (d.data_dir.empty()) root.fail("data_dir", "must not be empty");
  if (auto log = root.maybe_child("log")) {
    d.log = parse_log(*log, d.data_dir);
  } else {
    d.log.dir = join_path(d.data_dir, "log");
  }
  if (auto bus = root.maybe_child("bus")) {
    d.bus = parse_bus(*bus, d.data_dir);
  } else {
    d.bus.events.path = join_path(d.data_dir, "bus/events.db");
    d.bus.keys_dir = join_path(d.data_dir, "keys");
  }
  if (auto plugins = root.maybe_child("plugins")) {
    d.plugins.dir = plugins->optional("dir", "");
    d.plugins.towns_dir = plugins->optional("towns_dir", d.plugins.towns_dir.c_str());
    if (d.plugins.towns_dir.empty()) plugins->fail("towns_dir", "must not be empty");
    d.plugins.max_consecutive_failures = plugins->optional_between<int>(
        "max_consecutive_failures", d.plugins.max_consecutive_failures, 0, 1000000);
    plugins->finish();
  }
  if (auto services = root.maybe_child("services")) {
    for (const auto& [name, settings] : services->entries()) {
      d.services.push_back(parse_service(name, settings, d.data_dir));
    }
  }
  root.finish();
  return d;
}

Deployment load_deployment(const std::string& path) {
  return parse_deployment(Reader::load_file(path));
}

Deployment default_deployment() {
  Deployment d = parse_deployment(Reader::from_string("", "(defaults)"));
  d.source.clear();
  return d;
}

}  // namespace cedu::config
