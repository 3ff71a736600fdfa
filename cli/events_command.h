// `cedu events PREFIX [--from SEQ] [--count N]`: subscribes and writes one JSON line per
// event, {"seq":…,"topic":…,"time_ms":…,"publisher":…,"payload":…}, to stdout until
// Ctrl-C/SIGTERM or N events. Thread-safety: run from the main thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "bus/client/client.h"
#include "cli/context.h"
#include "cli/json_msgpack.h"

namespace cedu::cli {

struct EventsArgs {
  std::string prefix;
  std::optional<std::uint64_t> from;   // replay retained events with seq > from first
  std::optional<std::uint64_t> count;  // stop after this many
};

// The JSON line printed for one event. A payload that is not valid MessagePack is shown as
// {"$invalid": "<base64>"}.
Json event_json(const Event& event);

// Returns kExitOk after a stop request or `count` events, kExitFailed iff subscribing
// failed.
int run_events(const Context& context, const EventsArgs& args);

}  // namespace cedu::cli
