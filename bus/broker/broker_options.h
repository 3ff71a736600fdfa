// Settings of one cedu-bus broker, filled from the deployment config (configs/cedu.yaml,
// section `bus`) and command-line overrides. Thread-safety: a plain value.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace cedu::bus {

struct BrokerOptions {
  std::string endpoint = "tcp://127.0.0.1:5570";
  std::chrono::milliseconds heartbeat_interval{1000};
  std::uint32_t heartbeat_liveness = 3;
  std::uint64_t max_message_bytes = 1 << 20;
  int high_water_mark = 10000;
  std::chrono::milliseconds linger{1000};
  std::chrono::milliseconds default_timeout{5000};
  std::string events_path = "var/bus/events.db";
  std::uint64_t events_retain = 100000;
  std::string events_synchronous = "FULL";
  std::string version = "0.1.0";

  std::chrono::milliseconds expiry() const { return heartbeat_interval * heartbeat_liveness; }
};

}  // namespace cedu::bus
