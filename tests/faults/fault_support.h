// Helpers the fault and operations tests (tests/faults/) share: running `cedu` and reading
// its output, the real cedu-bus on a chosen event log, a plain client that waits for a
// service, a free loopback endpoint, and reading a SQLite file as an operator would.
// Thread-safety: one test thread (a Client belongs to the thread that uses it).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "bus/client/client.h"
#include "tests/support/process.h"

namespace cedu::testing {

struct CliRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs build/bin/cedu with `args`, its output into `log`, and waits up to `timeout`.
CliRun run_cedu(const std::vector<std::string>& args, const std::string& log,
                std::chrono::milliseconds timeout = std::chrono::seconds(120));

// "tcp://127.0.0.1:<port>" for a port nothing listens on (bound once, then closed).
std::string free_endpoint();

// Starts a plain cedu-bus (--insecure) on `endpoint` ("tcp://127.0.0.1:0" picks a port)
// with its event log at `events_db` and heartbeats every `heartbeat_ms`; waits for the
// endpoint it bound and stores it in `bound`. Throws std::runtime_error when it does not
// come up.
Process start_plain_broker(const std::string& endpoint, const std::string& events_db,
                           const std::string& dir, int heartbeat_ms, std::string& bound);

// A plain client of `endpoint`.
std::unique_ptr<Client> plain_client(const std::string& endpoint, int heartbeat_ms = 200);

// Calls `<service>.count {group_by: town}` until it answers or `timeout` passes; returns
// the total, or -1 when it never answered.
std::int64_t wait_for_count(Client& client, const std::string& service,
                            std::chrono::milliseconds timeout = std::chrono::seconds(15));

// Runs one query returning one integer on a read-only connection to `db`.
std::int64_t sqlite_int(const std::string& db, const std::string& sql);
// PRAGMA integrity_check of `db`, read-only: "ok" iff sound.
std::string sqlite_integrity(const std::string& db);

// SHA-256 of a file by sha256sum(1): independent of the digest code `cedu` uses. Throws
// std::runtime_error when it cannot be computed.
std::string sha256sum(const std::string& path);

}  // namespace cedu::testing
