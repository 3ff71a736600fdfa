// ClientPool: bus clients shared by many threads. A Client is not thread-safe and one
// shared client behind a mutex would make every call wait for the slowest (an isolated
// plugin that hangs until its deadline), so each call borrows a client of its own and
// returns it afterwards; the pool grows to the number of calls at once.
// Thread-safety: thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "bus/client/client.h"

namespace cedu::plugins {

class ClientPool {
 public:
  explicit ClientPool(ClientOptions options) : options_(std::move(options)) {}

  // Calls service.method with packed `params` on a borrowed client.
  Result<Reply> call(std::string_view service, std::string_view method, std::string_view params,
                     const CallOptions& options);

 private:
  ClientOptions options_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Client>> idle_;
};

}  // namespace cedu::plugins
