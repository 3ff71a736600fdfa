// cedu::Client — the C++ client SDK of the bus: synchronous calls, pipelined asynchronous
// calls on one socket, and event subscriptions that resume by sequence number. It sends
// heartbeats while it waits on the broker, detects a dead broker, fails what was in flight
// with UNAVAILABLE, reconnects, and re-subscribes from the last sequence it delivered. A
// broker that restarted between two heartbeats (a new epoch) is noticed as well: the calls
// in flight fail UNAVAILABLE at once instead of waiting for their deadlines.
// Thread-safety: not thread-safe. One Client belongs to one thread; use one per thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <msgpack.hpp>

#include "bus/protocol/curve_credentials.h"
#include "common/result.h"

namespace cedu {

struct ClientOptions {
  std::string endpoint = "tcp://127.0.0.1:5570";
  // Set for a broker that runs CURVE; the principal is the one the access list gives
  // this key.
  std::optional<CurveCredentials> curve;
  std::chrono::milliseconds heartbeat_interval{1000};
  std::uint32_t heartbeat_liveness = 3;
  std::chrono::milliseconds default_timeout{5000};
};

// The result of a successful call: the reply body (one MessagePack value).
class Reply {
 public:
  // REQUIRES: `handle` holds the value unpacked from `bytes`.
  Reply(std::string bytes, msgpack::object_handle handle)
      : bytes_(std::move(bytes)), handle_(std::move(handle)) {}
  Reply(Reply&&) noexcept = default;
  Reply& operator=(Reply&&) noexcept = default;

  const msgpack::object& result() const { return handle_.get(); }
  // The packed body, as received.
  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
  msgpack::object_handle handle_;
};

struct CallOptions {
  // Zero means ClientOptions::default_timeout. The broker caps it at 600 s.
  std::chrono::milliseconds timeout{0};
  // A key the service may use to recognise a retried write. Its presence also lets the
  // broker re-dispatch the request once if the worker dies while serving it.
  std::string idempotency_key;
  // The request is safe to run twice (a read): the broker may re-dispatch it once.
  bool idempotent = false;
};

struct Event {
  std::uint64_t seq = 0;
  std::string topic;
  std::uint64_t time_ms = 0;
  std::string publisher;
  std::string payload;  // one packed MessagePack value
};

class Client {
 public:
  using Callback = std::function<void(Result<Reply>)>;
  using EventHandler = std::function<void(const Event&)>;

  // Connects (ZeroMQ connects lazily: an absent broker is found out at the first call).
  // Returns INVALID_ARGUMENT for a malformed endpoint.
  static Result<std::unique_ptr<Client>> connect(ClientOptions options);
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Calls SERVICE.METHOD with `params` (a packed MessagePack map) and waits for the reply.
  // Events arriving meanwhile are dispatched to their handlers.
  Result<Reply> call(std::string_view service, std::string_view method,
                     std::string_view params, const CallOptions& options = {});

  // Sends a call and returns at once; `done` runs from poll() (or a later call()) with the
  // reply or error. Many calls may be in flight on the one socket.
  void call_async(std::string_view service, std::string_view method, std::string_view params,
                  Callback done, const CallOptions& options = {});

  // Handles incoming traffic for up to `timeout` (returns earlier once nothing is pending
  // and no subscription is open). Returns a non-OK status only for a socket failure.
  Status poll(std::chrono::milliseconds timeout);

  // Polls until every in-flight call has completed or `timeout` passed.
  // Returns DEADLINE_EXCEEDED iff calls remain.
  Status wait_all(std::chrono::milliseconds timeout);

  std::size_t pending() const;

  // Subscribes to events whose topic starts with `prefix` ("" for all). With `from_seq`,
  // first delivers every retained event with seq > from_seq, then live events, with no gap
  // and no duplicate. Handlers run from poll()/call(). After a broker restart the
  // subscription is renewed from the last delivered sequence.
  // Returns FAILED_PRECONDITION iff `prefix` is already subscribed.
  Status subscribe(std::string prefix, std::optional<std::uint64_t> from_seq,
                   EventHandler handler);
  Status unsubscribe(const std::string& prefix);

  // Set when the broker's SUBSCRIBED acknowledgement said events after `from_seq` were
  // already pruned from its log (the caller may need a full resynchronisation).
  bool gap_detected(const std::string& prefix) const;

  // Times the broker was found unreachable and the socket was rebuilt.
  std::uint64_t reconnects() const;

 private:
  struct Impl;
  explicit Client(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace cedu
