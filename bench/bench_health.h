// answers_health: whether a service a benchmark started has come up — it answers its
// built-in `health` method through the broker within about 20 s. Header-only.
#pragma once

#include <chrono>
#include <string>

#include "bus/client/client.h"
#include "common/msgpack/builder.h"

namespace cedu::bench {

inline bool answers_health(Client& client, const std::string& service) {
  CallOptions o;
  o.timeout = std::chrono::milliseconds(200);
  for (int i = 0; i < 100; ++i) {
    if (client.call(service, "health", mp::empty_map(), o).ok()) return true;
  }
  return false;
}

}  // namespace cedu::bench
