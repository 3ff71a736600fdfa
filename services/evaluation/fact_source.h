// FactSource: how the evaluation service asks the other services for the figures behind
// automatic indicators (自动指标). A batch of calls goes out at once and every answer comes
// back by its deadline — a reply or the error that stood for it (UNAVAILABLE for a service
// that is down or not registered, DEADLINE_EXCEEDED, the service's own refusal) — so one
// missing service costs only the facts that need it. The service uses BusFactSource
// (fact_bus_source.h); unit tests use a fake.
// Thread-safety: implementations must be thread-safe.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "common/result.h"

namespace cedu::evaluation {

// One bus call: service.method with packed MessagePack params.
struct FactCall {
  std::string service;  // "course"
  std::string method;   // "participants"
  std::string params;   // a packed map

  bool operator==(const FactCall&) const = default;
};

class FactSource {
 public:
  virtual ~FactSource() = default;
  // Sends every call of `calls` and returns, in the same order, each packed reply or its
  // error. Returns by `deadline` (plus the time to collect the answers): a call still
  // unanswered then is DEADLINE_EXCEEDED.
  virtual std::vector<Result<std::string>> call_all(
      const std::vector<FactCall>& calls, std::chrono::steady_clock::time_point deadline) = 0;
};

}  // namespace cedu::evaluation
