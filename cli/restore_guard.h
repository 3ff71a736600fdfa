// Is the suite running? `cedu restore` must not replace files that live processes hold
// open, so it refuses while anything accepts connections on the bus endpoint — checked at
// the socket, which needs no keys (a fresh machine has none yet) and also catches a
// broker that would not answer this CLI.
// Thread-safety: pure function.
#pragma once

#include <chrono>
#include <string>

namespace cedu::cli {

// True iff a tcp:// (host:port) or ipc:// endpoint accepts a connection within `wait`.
// False for other transports and for endpoints that cannot be parsed.
bool endpoint_accepts_connections(const std::string& endpoint, std::chrono::milliseconds wait);

}  // namespace cedu::cli
