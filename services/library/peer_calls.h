// PeerCalls: how a library asks another service over the bus (a course checks that a
// teacher exists before assigning it). One client per handler thread is too many sockets;
// one shared client behind a mutex is enough for these short checks. Every call has a
// deadline no later than the request being served, so a peer that is down makes the call
// fail with UNAVAILABLE (or DEADLINE_EXCEEDED) in time — it never hangs.
// Thread-safety: thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "bus/client/client.h"
#include "bus/runtime/service.h"

namespace cedu::library {

class PeerCalls {
 public:
  explicit PeerCalls(ClientOptions options) : options_(std::move(options)) {}

  // Calls service.method with `params` on behalf of `request` (its deadline bounds the
  // call, at most `cap`). Errors of the peer come back as they are, their message prefixed
  // with the method called.
  Result<Reply> call(const Request& request, std::string_view service, std::string_view method,
                     std::string_view params,
                     std::chrono::milliseconds cap = std::chrono::milliseconds(3000));

 private:
  ClientOptions options_;
  std::mutex mutex_;
  std::unique_ptr<Client> client_;
};

}  // namespace cedu::library
