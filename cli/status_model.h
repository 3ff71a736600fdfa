// `cedu status`, the pure part: one row per process — the broker, then every worker of
// every service, then the configured services with too few workers — joined from bus.stats,
// bus.services and each service's `<service>.health`, and the text table of those rows.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "cli/json_msgpack.h"
#include "cli/services_table.h"

namespace cedu::cli {

struct StatusInputs {
  Json stats;     // bus.stats
  Json services;  // bus.services
  // <service>.health results by service name; a service whose health failed is absent
  // (its rows then show the broker's view alone).
  std::map<std::string, Json> health;
  std::vector<ExpectedService> expected;  // services: of the deployment config
  std::uint64_t now_ms = 0;               // Unix ms, for uptimes from started_ms
};

// {"processes": [{process, service, instance, pid, version, uptime_s, queue, in_flight,
// served, state, last_error}], "healthy": bool}. `state` is "serving", "draining" or
// "missing" (a configured instance that has not registered); `healthy` is false iff a row
// is missing. Values the inputs do not give are null.
Json status_model(const StatusInputs& in);

// The rows as an aligned table: PROCESS INSTANCE PID VERSION UPTIME QUEUE IN-FLIGHT SERVED
// STATE LAST ERROR. Null values show as "-".
std::string render_status_table(const Json& model);

// 42 → "42s", 3720 → "1h02m", 90061 → "1d01h".
std::string format_uptime(std::uint64_t seconds);

}  // namespace cedu::cli
