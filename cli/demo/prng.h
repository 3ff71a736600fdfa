// Prng: the deterministic random numbers of the demo data. std::mt19937's output sequence
// is fixed by the C++ standard, but std::uniform_int_distribution and friends are not (they
// differ between libstdc++, libc++ and versions), so every mapping to a range is written
// here: unbiased rejection sampling on the raw 32-bit outputs. The same seed gives the same
// data on every machine and compiler.
// Thread-safety: none; one Prng per generator.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace cedu::cli::demo {

class Prng {
 public:
  explicit Prng(std::uint32_t seed) : engine_(seed) {}

  // The next raw 32-bit output.
  std::uint32_t next() { return static_cast<std::uint32_t>(engine_()); }
  // Uniform in [0, n). REQUIRES: n > 0.
  std::uint32_t below(std::uint32_t n);
  // Uniform in [lo, hi]. REQUIRES: lo <= hi, hi - lo < 2^32 - 1.
  std::int64_t between(std::int64_t lo, std::int64_t hi);
  // True with probability per_mille / 1000.
  bool chance(std::uint32_t per_mille) { return below(1000) < per_mille; }
  // An index chosen with probability proportional to weights[i]. REQUIRES: a positive sum
  // below 2^32.
  std::size_t weighted(const std::vector<std::uint32_t>& weights);

  template <typename T>
  const T& pick(const std::vector<T>& items) {
    return items[below(static_cast<std::uint32_t>(items.size()))];
  }
  // Fisher–Yates.
  template <typename T>
  void shuffle(std::vector<T>& items) {
    for (std::size_t i = items.size(); i > 1; --i) {
      std::swap(items[i - 1], items[below(static_cast<std::uint32_t>(i))]);
    }
  }

 private:
  std::mt19937 engine_;
};

}  // namespace cedu::cli::demo
