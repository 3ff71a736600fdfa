#include "timebank_config.h"

#include <cedu/plugin.hpp>

namespace zhongcun {

using cedu::plugin::Error;

TimebankConfig read_config(const msgpack::object& block) {
  if (block.type != msgpack::type::MAP) throw Error::invalid("", "must be a map");
  TimebankConfig c;
  for (std::uint32_t i = 0; i < block.via.map.size; ++i) {
    const auto& kv = block.via.map.ptr[i];
    const std::string key = kv.key.type == msgpack::type::STR ? kv.key.as<std::string>() : std::string("?");
    if (key != "points_per_hour" && key != "rounding") {
      throw Error::invalid(key, "unknown key (points_per_hour, rounding)");
    }
  }
  const msgpack::object* rate = cedu::plugin::find(block, "points_per_hour");
  if (rate == nullptr) throw Error::invalid("points_per_hour", "is required: points per approved hour");
  if (rate->type != msgpack::type::POSITIVE_INTEGER || rate->via.u64 == 0 || rate->via.u64 > 10000) {
    throw Error::invalid("points_per_hour", "must be a whole number from 1 to 10000");
  }
  c.points_per_hour = static_cast<std::int64_t>(rate->via.u64);
  if (const msgpack::object* r = cedu::plugin::find(block, "rounding")) {
    c.rounding = r->type == msgpack::type::STR ? r->as<std::string>() : std::string();
    if (c.rounding != "down" && c.rounding != "nearest" && c.rounding != "up") {
      throw Error::invalid("rounding", "must be down, nearest or up");
    }
  }
  return c;
}

std::int64_t points_for(const TimebankConfig& config, std::int64_t minutes) {
  if (minutes <= 0) return 0;
  const std::int64_t scaled = minutes * config.points_per_hour;  // points × 60
  if (config.rounding == "up") return (scaled + 59) / 60;
  if (config.rounding == "nearest") return (scaled + 30) / 60;
  return scaled / 60;
}

}  // namespace zhongcun
