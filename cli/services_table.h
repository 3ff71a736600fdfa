// The readable form of `bus.services` (`cedu services --table`): one line per worker,
// a service without workers on a line of its own.
// Thread-safety: a pure function.
#pragma once

#include <string>
#include <vector>

#include "cli/json_msgpack.h"

namespace cedu::cli {

// Renders the result of bus.services ({services: [{name, queue, in_flight, workers: [...]}]})
// as an aligned text table. Fields it cannot find show as "-".
std::string render_services_table(const Json& services_result);

}  // namespace cedu::cli

namespace cedu::cli {

// A service `cedu up` started and how many workers it should get.
struct ExpectedService {
  std::string name;
  int instances = 1;
};

// One line on what registered, from a bus.services result: configured services as
// "name workers/instances", then services nobody configured as "name workers":
// "course 2/2, teacher 0/1 (waiting); also: test 1".
std::string registration_summary(const Json& services_result,
                                 const std::vector<ExpectedService>& expected);

}  // namespace cedu::cli
