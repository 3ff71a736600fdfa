// Counters the broker keeps for `bus.stats`. Thread-safety: owned by the broker thread.
#pragma once

#include <array>
#include <cstdint>

#include "common/status.h"

namespace cedu::bus {

struct BrokerStats {
  std::uint64_t requests = 0;         // REQUESTs accepted from clients
  std::uint64_t replies = 0;          // REPLYs delivered to clients (ok or error)
  std::array<std::uint64_t, 12> errors{};  // replies with an error, by StatusCode
  std::uint64_t dropped_frames = 0;   // foreign messages dropped without an answer
  std::uint64_t malformed = 0;        // CEDU01 messages refused as malformed
  std::uint64_t oversized = 0;        // messages over max_message_bytes
  std::uint64_t unroutable = 0;       // sends to a routing id that had gone
  std::uint64_t late_replies = 0;     // worker replies after the deadline or unknown id
  std::uint64_t redispatched = 0;     // idempotent requests re-sent after a worker died
  std::uint64_t workers_expired = 0;  // workers declared dead by heartbeat
  std::uint64_t events_published = 0;

  void count_error(StatusCode code) { ++errors[static_cast<std::size_t>(code)]; }
};

}  // namespace cedu::bus
