// RestartBackoff: when `cedu up` starts a crashed child again. The first restart waits
// `initial` (0.5 s), each further crash doubles the wait up to `max` (30 s), and a child
// that ran at least `healthy_after` (60 s) before it crashed starts the schedule afresh.
// Thread-safety: a value type.
#pragma once

#include <chrono>

namespace cedu::cli {

class RestartBackoff {
 public:
  struct Policy {
    std::chrono::milliseconds initial{500};
    std::chrono::milliseconds max{30000};
    std::chrono::milliseconds healthy_after{60000};
  };

  RestartBackoff() = default;
  explicit RestartBackoff(Policy policy) : policy_(policy) {}

  // Records that the child exited after running for `ran`. Returns the delay before the
  // next start.
  std::chrono::milliseconds on_exit(std::chrono::milliseconds ran);

  // The delay the next crash would get if the child did not count as healthy.
  std::chrono::milliseconds next() const { return next_; }
  const Policy& policy() const { return policy_; }

 private:
  Policy policy_;
  std::chrono::milliseconds next_ = policy_.initial;
};

}  // namespace cedu::cli
