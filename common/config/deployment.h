// Deployment: the typed contents of configs/cedu.yaml — where data and logs go, how the
// bus is reached and tuned, and which services `cedu up` starts. Validated once, at load:
// a value out of range or an unknown key stops start-up with "file:line: key: problem".
// Thread-safety: plain values.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/config/reader.h"

namespace cedu::config {

struct LogSettings {
  std::string level = "info";  // trace, debug, info, warn, error, critical, off
  std::string dir = "var/log";  // default: <data_dir>/log
};

struct EventLogSettings {
  std::string path = "var/bus/events.db";  // default: <data_dir>/bus/events.db
  std::uint64_t retain = 100000;           // events kept, 1..100000000
  std::string synchronous = "FULL";        // OFF, NORMAL, FULL, EXTRA
};

struct BusSettings {
  std::string endpoint = "tcp://127.0.0.1:5570";  // tcp://, ipc:// or inproc://
  std::chrono::milliseconds heartbeat_interval_ms{1000};  // 10..60000
  int heartbeat_liveness = 3;                              // 1..100
  std::size_t max_message_bytes = 1048576;                 // 1024..268435456
  int high_water_mark = 10000;                             // 1..10000000
  std::chrono::milliseconds linger_ms{1000};               // 0..60000
  std::chrono::milliseconds default_timeout_ms{5000};      // 1..600000
  double rate_limit_per_second = 0;   // requests per principal per second, 0 = unlimited
  double rate_limit_burst = 0;        // bucket size; 0 = one second's worth
  std::uint32_t max_in_flight_per_client = 0;  // per connection, 0 = unlimited
  EventLogSettings events;
  // CURVE (docs/security.md). Unless `insecure`, the broker accepts only CURVE peers whose
  // public keys are in the access list `acl`, and every peer (the broker, services, the
  // CLI) finds its key pair in `keys_dir` (<stem>.pub, <stem>.key; the broker's cedu-bus.*).
  bool insecure = false;               // true: a plain endpoint, no encryption, no ACL
  std::string keys_dir = "var/keys";   // default: <data_dir>/keys
  std::string acl = "configs/acl.yaml";
};

// Town-school plugins of the library services (docs/plugins.md).
struct PluginSettings {
  // Where the *.so files are. Empty: <prefix>/lib/cedu/plugins beside the service's
  // <prefix>/bin (build/lib/cedu/plugins in a build tree, /usr/lib/cedu/plugins installed).
  std::string dir;
  std::string towns_dir = "configs/towns";  // configs/towns/<town>.yaml: plugins per town
  // A plugin whose callbacks fail this many times in a row is disabled for every town
  // (event <service>.plugin_disabled); 0 never disables. 0..1000000.
  int max_consecutive_failures = 5;
};

struct ServiceEntry {
  std::string name;      // bus service name, [a-z][a-z0-9_-]*, not "bus"
  int instances = 1;     // 1..64
  int threads = 2;       // 1..256
  std::string database;  // default: <data_dir>/<name>/<name>.db
  int capacity = 0;      // requests in flight per process, 1..10000; 0: the runtime's default
};

struct Deployment {
  std::string data_dir = "var";
  LogSettings log;
  BusSettings bus;
  PluginSettings plugins;
  std::vector<ServiceEntry> services;  // in file order
  std::string source;                  // the file it was loaded from; empty for defaults

  // Returns the entry named `name`, or nullptr iff there is none.
  const ServiceEntry* find_service(std::string_view name) const;
  // True iff the bus runs CURVE with an access list (bus.insecure is false).
  bool secure() const { return !bus.insecure; }
};

// Loads and validates the deployment file at `path`. Throws ConfigError.
Deployment load_deployment(const std::string& path);
// Validates the deployment held by `root` (a whole file) and calls root.finish().
// Throws ConfigError.
Deployment parse_deployment(const Reader& root);
// The deployment of an empty file: every default, no services.
Deployment default_deployment();

// Returns true iff `name` may name a service: [a-z][a-z0-9_-]* and not "bus".
bool valid_service_name(std::string_view name);

}  // namespace cedu::config
