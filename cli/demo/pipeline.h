// Many bus calls on one Client with a bounded number in flight (Client::call_async +
// poll): what `cedu demo seed` uses for the hundreds of small writes after its imports.
// Thread-safety: uses the caller's Client (one thread).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "bus/client/client.h"

namespace cedu::cli::demo {

struct PlannedCall {
  std::string service, method, params;  // params: a packed MessagePack map
};

// Runs every call, at most `window` at a time, each within `timeout`. The results come back
// in the order of `calls`; a call the client could not complete is UNAVAILABLE.
std::vector<Result<Reply>> run_pipelined(Client& client, const std::vector<PlannedCall>& calls,
                                         std::size_t window, std::chrono::milliseconds timeout);

// run_pipelined, then every reply in the order of `calls`, or the first error with its
// message prefixed by the call's "service.method: " (and the field kept).
Result<std::vector<Reply>> run_all_or_first_error(Client& client,
                                                  const std::vector<PlannedCall>& calls,
                                                  std::size_t window,
                                                  std::chrono::milliseconds timeout);

}  // namespace cedu::cli::demo
