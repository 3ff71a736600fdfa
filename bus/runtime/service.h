// cedu::Service — the runtime every cedu service is built on. A service registers method
// handlers and calls run(); the runtime owns the ZeroMQ worker socket, READY/heartbeats,
// reconnection after a broker restart, event publishing, the built-in `health` method and
// a graceful drain on SIGTERM/SIGINT. Service code never sees a ZeroMQ frame.
//
// Threading: one I/O thread owns the socket; handlers run on `threads` handler threads so
// heartbeats continue while a handler works. handle() must be called before run();
// publish() and stop() are thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bus/protocol/curve_credentials.h"
#include "common/msgpack/fields.h"
#include "common/result.h"

namespace cedu {

struct ServiceOptions {
  std::string name;  // bus service name: "course"
  std::string endpoint = "tcp://127.0.0.1:5570";
  // Set for a broker that runs CURVE; the key must be registered as service:<name>.
  std::optional<CurveCredentials> curve;
  std::string version = "0.1.0";
  std::string instance;  // defaults to "<host>:<pid>"
  std::uint32_t threads = 1;
  // Requests the broker may send before replies come back; 0 means max(32, 2 × threads).
  // A small figure caps a service at one broker round trip per few requests: with 4 in
  // flight, course.get (answered inline in microseconds) ran at a third of its speed.
  // The broker still balances across instances, since each takes only what it has room for.
  std::uint32_t capacity = 0;
  std::chrono::milliseconds heartbeat_interval{1000};
  std::uint32_t heartbeat_liveness = 3;
  // Longest time a drain waits for handlers on shutdown.
  std::chrono::milliseconds drain_timeout{10000};
  // Largest reply body the bus will carry (bus.max_message_bytes); a bigger result is
  // answered RESOURCE_EXHAUSTED instead of being dropped by the broker, which would leave
  // the caller waiting for its deadline. 0: no check.
  std::size_t max_reply_bytes = 0;
  // Install SIGTERM/SIGINT handlers that stop run() gracefully.
  bool handle_signals = true;
};

// One request as a handler sees it.
struct Request {
  std::string service;
  std::string method;
  mp::MapView params;         // valid for the handler call only
  std::string principal;      // stamped by the broker; the only identity to trust
  std::vector<std::string> rights;  // the principal's named rights ("pii"), from the broker
  std::chrono::steady_clock::time_point deadline;
  std::optional<std::string> idempotency_key;
  std::uint32_t attempt = 1;  // 2 when the broker re-dispatched after a worker died

  bool has_right(std::string_view right) const {
    for (const auto& r : rights) {
      if (r == right) return true;
    }
    return false;
  }
};

// A handler returns the packed MessagePack result, or an error Status.
using Handler = std::function<Result<std::string>(const Request&)>;

// Where a handler runs. kPool: on a handler thread (the default; heartbeats go on while it
// works). kInline: on the I/O thread itself, saving the two thread hand-offs of a request —
// only for short, bounded handlers such as a point read, because heartbeats and every other
// request wait while it runs.
enum class Dispatch { kPool, kInline };

class Service {
 public:
  explicit Service(ServiceOptions options);
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  // Registers METHOD (without the service prefix). Throws std::invalid_argument for a
  // duplicate or reserved name ("health") — a start-up error.
  void handle(std::string method, Handler handler, Dispatch dispatch = Dispatch::kPool);

  // Runs `barrier` on the handler thread after each kPool handler returns and before its
  // reply is sent; an error replaces a successful result (a library makes the handler's
  // writes durable here: group commit). Call before run().
  void before_reply(std::function<Status()> barrier);

  // Publishes event "<service>.<event>" with a packed MessagePack payload.
  void publish(std::string_view event, std::string payload);

  // Serves until stop() or a signal; then drains in-flight work. Returns the process exit
  // code (0 after a clean stop).
  int run();
  void stop();

  const ServiceOptions& options() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cedu
