// RateLimiter: one token bucket per key (a principal, or a connection for anonymous
// peers). Each request takes a token; tokens come back at `rate` per second up to `burst`.
// Idle buckets are forgotten so the table stays small. Time is passed in, so the
// behaviour is exact in tests. Thread-safety: not thread-safe (the broker thread's).
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <unordered_map>

namespace cedu::bus {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // rate 0 turns limiting off. REQUIRES: burst >= 1 when rate > 0.
  RateLimiter(double rate_per_second, double burst) : rate_(rate_per_second), burst_(burst) {}

  bool enabled() const { return rate_ > 0; }
  double rate() const { return rate_; }

  // Takes a token for `key`. Returns true iff one was available.
  bool allow(std::string_view key, Clock::time_point now);

  // Drops buckets that have been full for a while.
  void forget_idle(Clock::time_point now);
  std::size_t size() const { return buckets_.size(); }

 private:
  struct Bucket {
    double tokens;
    Clock::time_point last;
  };
  double rate_;
  double burst_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace cedu::bus
