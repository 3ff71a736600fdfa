// The district as the demo data spreads over it: towns drawn in proportion to their
// population (configs/network.yaml), a station of a town, and the scaled size of each
// library.
// Thread-safety: pure functions but for the Prng the caller passes.
#pragma once

#include <cstddef>
#include <string>

#include "cli/demo/prng.h"
#include "common/config/network.h"

namespace cedu::cli::demo {

// A town, with probability proportional to its population. REQUIRES: at least one town.
const config::Town& some_town(Prng& prng, const config::Network& network);
// A station of `town`, or nullptr when it has none.
const config::Station* some_station(Prng& prng, const config::Town& town);

// How many records of each library `cedu demo seed --scale S` makes: round(base × S), at
// least 1 — base 300 teachers, 1,700 volunteers, 1,200 courses, 100 projects.
struct DemoSizes {
  std::size_t teachers, volunteers, courses, projects;
};
DemoSizes demo_sizes(double scale);

// The label every demo record carries in a text field.
inline constexpr const char* kSyntheticMark = "（演示数据）";

}  // namespace cedu::cli::demo
