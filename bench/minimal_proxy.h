// The benchmark's baseline: a minimal hand-written ZeroMQ forwarding proxy (a frontend
// ROUTER for clients, a backend ROUTER for one worker) with none of cedu-bus's work —
// no protocol, no deadlines, no heartbeats, no accounting. Thread-safety: run() owns its
// sockets; run it on one thread (the benchmark runs it in its own process).
#pragma once

#include <string>

namespace cedu::bench {

// Binds both endpoints, writes "<frontend>\n<backend>\n" to `endpoint_file`, then forwards
// until killed.
int run_minimal_proxy(const std::string& endpoint_file);

}  // namespace cedu::bench
