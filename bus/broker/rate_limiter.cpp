#include "bus/broker/rate_limiter.h"

#include <algorithm>

namespace cedu::bus {

bool RateLimiter::allow(std::string_view key, Clock::time_point now) {
  if (!enabled()) return true;
  auto it = buckets_.find(std::string(key));
  if (it == buckets_.end()) it = buckets_.emplace(std::string(key), Bucket{burst_, now}).first;
  Bucket& b = it->second;
  const double elapsed = std::chrono::duration<double>(now - b.last).count();
  b.tokens = std::min(burst_, b.tokens + std::max(0.0, elapsed) * rate_);
  b.last = now;
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

void RateLimiter::forget_idle(Clock::time_point now) {
  if (!enabled()) return;
  // A bucket idle long enough to have refilled is the same as no bucket.
  const auto refill = std::chrono::duration<double>(burst_ / rate_);
  std::erase_if(buckets_, [&](const auto& kv) {
    return now - kv.second.last > refill + std::chrono::seconds(1);
  });
}

}  // namespace cedu::bus
