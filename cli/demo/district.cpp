#include "cli/demo/district.h"

#include <cmath>
#include <vector>

namespace cedu::cli::demo {

const config::Town& some_town(Prng& prng, const config::Network& network) {
  std::vector<std::uint32_t> weights;
  for (const auto& t : network.towns) {
    weights.push_back(static_cast<std::uint32_t>(std::max<std::int64_t>(1, t.population / 1000)));
  }
  return network.towns[prng.weighted(weights)];
}

const config::Station* some_station(Prng& prng, const config::Town& town) {
  if (town.stations.empty()) return nullptr;
  return &town.stations[prng.below(static_cast<std::uint32_t>(town.stations.size()))];
}

DemoSizes demo_sizes(double scale) {
  auto n = [&](double base) {
    return static_cast<std::size_t>(std::max(1.0, std::round(base * scale)));
  };
  return {n(300), n(1700), n(1200), n(100)};
}

}  // namespace cedu::cli::demo
