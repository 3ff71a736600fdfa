// BusFactSource: the FactSource of the running service — one bus client (its own CURVE key,
// principal service:evaluation), every batch pipelined on it (Client::call_async), so a
// batch takes about as long as its slowest answer rather than the sum of them.
// Thread-safety: thread-safe; batches from several handler threads take turns on the client.
#pragma once

#include <memory>
#include <mutex>

#include "bus/client/client.h"
#include "services/evaluation/fact_source.h"

namespace cedu::evaluation {

class BusFactSource : public FactSource {
 public:
  explicit BusFactSource(ClientOptions options) : options_(std::move(options)) {}

  std::vector<Result<std::string>> call_all(
      const std::vector<FactCall>& calls, std::chrono::steady_clock::time_point deadline) override;

 private:
  ClientOptions options_;
  std::mutex mutex_;
  std::unique_ptr<Client> client_;  // connected at the first batch
};

}  // namespace cedu::evaluation
