// Starting the real library services (cedu-teacher, cedu-volunteer, cedu-course,
// cedu-project) against a BusFixture: each its own process with its own SQLite file in
// the fixture's temp dir, the shipped configs/network.yaml, and — when the fixture runs
// CURVE — its own key (principal service:<name>, which the fixture's grants must list).
// Thread-safety: one test thread.
#pragma once

#include <string>
#include <vector>

#include "tests/support/bus_fixture.h"
#include "tests/support/process.h"

namespace cedu::testing {

// The shipped network file (CEDU_SOURCE_DIR/configs/network.yaml).
std::string network_file();

// Starts cedu-<name> serving `name` on `bus` and waits until the broker lists it.
// Its database is <fixture dir>/<name>.db unless `database` is given; `extra` is appended
// to its command line; `bus_settings` are further lines of its config's `bus:` section
// ("  max_message_bytes: 4096\n"; secure fixtures only). Throws std::runtime_error when it
// does not come up.
Process start_library_service(BusFixture& bus, const std::string& name,
                              const std::vector<std::string>& extra = {},
                              const std::string& database = {},
                              const std::string& bus_settings = {});

}  // namespace cedu::testing
