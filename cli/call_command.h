// `cedu call SERVICE METHOD [JSON]`, `cedu services` and `cedu stats`: one request on the
// bus, its result printed as JSON. Thread-safety: run from the main thread.
#pragma once

#include <string>

#include "cli/context.h"

namespace cedu::cli {

struct CallArgs {
  std::string service;
  std::string method;
  std::string params_json = "{}";
  bool compact = false;  // one line instead of indented JSON
  // Sent as the request's idempotency key: the same key again is applied once
  // (volunteer.log_hours) and may be re-dispatched if its worker dies.
  std::string idempotency_key;
};

// Returns kExitOk after printing the result, kExitFailed after printing the bus error on
// stderr, kExitUsage iff the params are not a JSON object (nothing is sent then).
int run_call(const Context& context, const CallArgs& args);

// `cedu services [--table]`: bus.services as JSON, or as a table.
int run_services(const Context& context, bool table);

// `cedu stats`: bus.stats as JSON.
int run_stats(const Context& context);

}  // namespace cedu::cli
