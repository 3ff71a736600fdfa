// Running the real `cedu` command line against a BusFixture as district-admin (the
// fixture's keys and endpoint): for the tests of commands end to end.
// Thread-safety: one test thread.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "tests/support/bus_fixture.h"

namespace cedu::testing {

struct CliRun {
  int exit_code = -1;   // -1: still running after the timeout (then killed)
  std::string output;   // stdout and stderr together
};

// Runs `cedu --endpoint … --keys … --as district-admin <args>` and waits up to `timeout`;
// its output goes to <fixture dir>/<log_prefix>-<n>.log (n counts the runs) and is read back.
CliRun run_cedu(BusFixture& bus, const std::vector<std::string>& args,
                std::chrono::milliseconds timeout, const std::string& log_prefix = "cedu-run");

}  // namespace cedu::testing
