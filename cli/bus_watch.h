// BusWatch: what `cedu up` tells a person about the broker it started — the first answer to
// bus.ping, then which services registered (bus.services), printed each time that changes
// during the first `watch_for` after the ping. It never blocks: step() sends a query when
// one is due and handles replies with Client::poll(0).
// Thread-safety: not thread-safe; one thread calls step().
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bus/client/client.h"
#include "cli/services_table.h"

namespace cedu::cli {

class BusWatch {
 public:
  using Clock = std::chrono::steady_clock;
  using Reporter = std::function<void(const std::string&)>;

  BusWatch(std::unique_ptr<Client> client, std::vector<ExpectedService> expected,
           Reporter report, std::chrono::milliseconds watch_for);

  void step(Clock::time_point now);

  // True iff the broker has answered bus.ping.
  bool answered() const { return answered_; }

 private:
  void on_ping(Result<Reply> reply, Clock::time_point now);
  void on_services(Result<Reply> reply);

  std::unique_ptr<Client> client_;
  std::vector<ExpectedService> expected_;
  Reporter report_;
  std::chrono::milliseconds watch_for_;
  bool answered_ = false;
  bool in_flight_ = false;
  Clock::time_point next_query_{};
  Clock::time_point watch_until_{};
  std::string last_summary_;
};

}  // namespace cedu::cli
