// The broker's bookkeeping: requests waiting or in flight, workers, services and
// subscriptions. Plain data; the Broker owns it and is its only user.
// Thread-safety: broker thread only.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include <zmq.hpp>

#include "bus/protocol/last_error.h"

namespace cedu::bus {

using Clock = std::chrono::steady_clock;

// A client's request from acceptance until it is answered.
struct PendingRequest {
  std::uint64_t serial = 0;  // the broker's dispatch id
  std::string client;        // routing id of the caller
  std::uint64_t client_id = 0;
  std::string service;
  std::string method;
  std::string principal;
  // The principal's named rights ("pii"), comma-separated: stamped for the service.
  std::string rights;
  std::optional<std::string> idempotency_key;
  bool idempotent = false;
  std::uint32_t attempt = 1;
  Clock::time_point deadline;
  zmq::message_t params;

  // The broker may send it again after its worker died.
  bool redispatchable() const { return (idempotent || idempotency_key) && attempt == 1; }
};

struct ServiceEntry;

struct Worker {
  std::string routing_id;
  std::string service;
  std::string principal;  // as authenticated at READY
  // Its entry in Broker::services_ (a std::map node: stable; an entry with workers is
  // never forgotten).
  ServiceEntry* entry = nullptr;
  std::string instance;
  std::string version;
  std::uint64_t pid = 0;         // from READY; 0 when the worker did not say
  std::uint64_t started_ms = 0;  // the worker process's start (Unix ms), from READY; 0 if unsaid
  // Its newest failure of its own (a reply INTERNAL/UNAVAILABLE/RESOURCE_EXHAUSTED, or a
  // deadline passed while it held the request), for bus.services and `cedu status`.
  std::optional<protocol::LastError> last_error;
  std::uint32_t capacity = 1;
  bool draining = false;  // sent DISCONNECT: no new work, replies still accepted
  Clock::time_point expiry;
  // Requests dispatched to this worker and not yet replied, including those whose client
  // was already answered DEADLINE_EXCEEDED (the worker is still busy with them). The
  // requests themselves are in Broker::in_flight_; a count is all the hot path needs.
  std::size_t in_flight = 0;
  std::uint64_t served = 0;

  bool has_room() const { return !draining && in_flight < capacity; }
};

struct ServiceEntry {
  std::string name;
  std::deque<PendingRequest> queue;
  std::vector<Worker*> workers;
};

// A request sent to a worker.
struct InFlight {
  PendingRequest request;
  Worker* worker = nullptr;
  bool answered = false;  // the client already got DEADLINE_EXCEEDED
  zmq::message_t params_copy;  // kept only for a redispatchable request
};

struct Subscription {
  std::string prefix;
  std::uint64_t after = 0;  // last sequence delivered
  bool live = false;        // caught up: new events are sent as they are published
};

struct Subscriber {
  std::string routing_id;
  std::string principal;  // events are filtered by this principal's grant
  Clock::time_point expiry;
  std::vector<Subscription> subscriptions;
};

}  // namespace cedu::bus
