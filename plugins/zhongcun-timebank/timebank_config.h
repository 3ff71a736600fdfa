// The time bank's config block of a town (configs/towns/zhongcun.yaml):
//   points_per_hour: 10     # whole points earned per approved service hour, 1..10000
//   rounding: down          # down (default), nearest or up, for part hours
// and the points an approval of some minutes earns under it.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <string>

#include <msgpack.hpp>

namespace zhongcun {

struct TimebankConfig {
  std::int64_t points_per_hour = 0;
  std::string rounding = "down";
};

// Reads and checks a town's block. Throws cedu::plugin::Error naming the key at fault.
TimebankConfig read_config(const msgpack::object& block);

// The points `minutes` of approved service earn: minutes × points_per_hour / 60, rounded
// as configured. Never negative.
std::int64_t points_for(const TimebankConfig& config, std::int64_t minutes);

}  // namespace zhongcun
