// `cedu status [--json]`: every process of the suite — the broker and each service
// instance — with its pid, version, uptime, queue, requests in flight, replies served and
// last error, from the broker's view (bus.stats, bus.services) and each service's
// `<service>.health`; configured instances that have not registered show as missing.
// Thread-safety: single-threaded CLI.
#pragma once

#include "cli/context.h"

namespace cedu::cli {

struct StatusArgs {
  bool json = false;
};

// Returns 0 iff the broker answered and every configured instance is registered; 1 when
// the broker cannot be reached or an instance is missing (the table still shows the rest).
int run_status(const Context& context, const StatusArgs& args);

}  // namespace cedu::cli
