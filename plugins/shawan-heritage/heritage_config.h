// The config block of shawan-heritage in configs/towns/<town>.yaml:
//
//   heritage_items:                 # at least one
//     - 醒狮                         # a name alone, or
//     - name: 沙湾飘色               # a map with the name and, optionally,
//       level: 国家级               #   the listing level and
//       summary: 每年农历三月…       #   a line for the catalogue
//
// Thread-safety: plain values.
#pragma once

#include <string>
#include <vector>

#include <msgpack.hpp>

namespace shawan_heritage {

struct HeritageItem {
  std::string name;
  std::string level;
  std::string summary;
};

// Reads the block; throws cedu::plugin::Error naming the key path ("heritage_items[2].name")
// for anything else.
std::vector<HeritageItem> read_items(const msgpack::object& config);

// "沙湾飘色、广东音乐、砖雕" — for messages to staff.
std::string joined_names(const std::vector<HeritageItem>& items);

}  // namespace shawan_heritage
