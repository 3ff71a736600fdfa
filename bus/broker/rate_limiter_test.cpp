#define BOOST_TEST_MODULE rate_limiter
#include <boost/test/unit_test.hpp>

#include "bus/broker/rate_limiter.h"

using cedu::bus::RateLimiter;
using namespace std::chrono_literals;

BOOST_AUTO_TEST_CASE(burst_then_steady_rate_per_key) {
  RateLimiter rl(10, 5);  // 10/s, burst 5
  const auto t0 = RateLimiter::Clock::now();
  int allowed = 0;
  for (int i = 0; i < 20; ++i) allowed += rl.allow("org:a", t0) ? 1 : 0;
  BOOST_TEST(allowed == 5);
  BOOST_TEST(rl.allow("org:b", t0));  // another key has its own bucket
  BOOST_TEST(!rl.allow("org:a", t0 + 50ms));   // half a token
  BOOST_TEST(rl.allow("org:a", t0 + 100ms));   // one token back
  BOOST_TEST(!rl.allow("org:a", t0 + 100ms));
  // Never more than the burst, however long the pause.
  allowed = 0;
  for (int i = 0; i < 20; ++i) allowed += rl.allow("org:a", t0 + 1h) ? 1 : 0;
  BOOST_TEST(allowed == 5);
}

BOOST_AUTO_TEST_CASE(zero_rate_means_unlimited) {
  RateLimiter rl(0, 0);
  BOOST_TEST(!rl.enabled());
  for (int i = 0; i < 1000; ++i) BOOST_REQUIRE(rl.allow("x", RateLimiter::Clock::now()));
  BOOST_TEST(rl.size() == 0u);
}

BOOST_AUTO_TEST_CASE(idle_buckets_are_forgotten) {
  RateLimiter rl(10, 5);
  const auto t0 = RateLimiter::Clock::now();
  rl.allow("a", t0);
  rl.allow("b", t0 + 10s);
  rl.forget_idle(t0 + 10s);
  BOOST_TEST(rl.size() == 1u);
}
