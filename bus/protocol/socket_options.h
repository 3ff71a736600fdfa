// ZeroMQ socket settings shared by the broker, the client SDK and the service runtime, so
// every socket of the bus has a linger, high-water marks and a message-size limit.
// Thread-safety: functions act on a socket; call them from the socket's thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include <zmq.hpp>

#include "bus/protocol/curve_credentials.h"

namespace cedu::protocol {

struct SocketLimits {
  std::chrono::milliseconds linger{1000};
  int high_water_mark = 10000;
  // Hard limit enforced by libzmq per frame (it drops the connection above it);
  // -1 for none. The broker sets it to 2 × its application limit.
  std::int64_t max_frame_bytes = -1;
};

// A ROUTER for the broker: router_mandatory (unroutable replies are reported, not lost
// silently), no handover of a routing id already in use (Malamute #316), limits.
void configure_router(zmq::socket_t& socket, const SocketLimits& limits);
// A DEALER for clients and workers.
void configure_dealer(zmq::socket_t& socket, const SocketLimits& limits);

// Makes `socket` a CURVE client of the broker whose public key is in `curve`.
// REQUIRES: called before connect(). Throws zmq::error_t for a malformed key.
void configure_curve_client(zmq::socket_t& socket, const CurveCredentials& curve);

// Binding helper: "tcp://host:0" is accepted as "tcp://host:*" (an ephemeral port).
// Returns the endpoint actually bound (ZMQ_LAST_ENDPOINT). Throws zmq::error_t.
std::string bind_endpoint(zmq::socket_t& socket, const std::string& endpoint);

}  // namespace cedu::protocol
