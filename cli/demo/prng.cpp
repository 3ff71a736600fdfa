#include "cli/demo/prng.h"

namespace cedu::cli::demo {

std::uint32_t Prng::below(std::uint32_t n) {
  // Accept only outputs below the largest multiple of n: every residue equally likely.
  const std::uint64_t range = std::uint64_t{1} << 32;
  const std::uint64_t limit = range - range % n;
  for (;;) {
    const std::uint64_t x = next();
    if (x < limit) return static_cast<std::uint32_t>(x % n);
  }
}

std::int64_t Prng::between(std::int64_t lo, std::int64_t hi) {
  return lo + static_cast<std::int64_t>(below(static_cast<std::uint32_t>(hi - lo + 1)));
}

std::size_t Prng::weighted(const std::vector<std::uint32_t>& weights) {
  std::uint64_t total = 0;
  for (auto w : weights) total += w;
  std::uint64_t x = below(static_cast<std::uint32_t>(total));
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (x < weights[i]) return i;
    x -= weights[i];
  }
  return weights.size() - 1;
}

}  // namespace cedu::cli::demo
