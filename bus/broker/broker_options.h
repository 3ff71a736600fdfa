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
  // Limits: requests per second per principal (per connection when anonymous) and requests
  // one connection may have queued or in flight; 0 turns each off.
  double rate_limit_per_second = 0;
  double rate_limit_burst = 0;
  std::uint32_t max_in_flight_per_client = 0;
  // CURVE: with both set, the endpoint accepts only CURVE clients whose keys are in the
  // access list (configs/acl.yaml), and every call, READY, PUBLISH and event delivery is
  // checked against the caller's grant. The broker's key pair is DIR/cedu-bus.{pub,key},
  // created on first start.
  std::string curve_keys_dir;
  std::string acl_path;

  bool secure() const { return !curve_keys_dir.empty() && !acl_path.empty(); }

  std::chrono::milliseconds expiry() const { return heartbeat_interval * heartbeat_liveness; }
};

}  // namespace cedu::bus
