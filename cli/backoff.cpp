#include "cli/backoff.h"

#include <algorithm>

namespace cedu::cli {

std::chrono::milliseconds RestartBackoff::on_exit(std::chrono::milliseconds ran) {
  if (ran >= policy_.healthy_after) next_ = policy_.initial;
  std::chrono::milliseconds delay = next_;
  next_ = std::min(next_ * 2, policy_.max);
  return delay;
}

}  // namespace cedu::cli
