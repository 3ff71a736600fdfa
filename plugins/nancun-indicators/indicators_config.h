// The config block of nancun-indicators in configs/towns/<town>.yaml:
//
//   keywords: [智能手机, 电脑, 微信]   # at least one; a course whose title or summary
//                                      # contains one of them is digital learning
//   categories: [skills]               # optional: courses of these categories count too
//   elderly_age: 60                    # optional, 50..90, default 60: who is elderly
//
// Thread-safety: plain values.
#pragma once

#include <string>
#include <vector>

#include <msgpack.hpp>

namespace nancun_indicators {

struct IndicatorsConfig {
  std::vector<std::string> keywords;
  std::vector<std::string> categories;
  int elderly_age = 60;
};

// Reads the block; throws cedu::plugin::Error naming the key path ("keywords[1]") for
// anything else.
IndicatorsConfig read_config(const msgpack::object& block);

}  // namespace nancun_indicators
