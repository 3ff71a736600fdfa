#include "heritage_config.h"

#include <cedu/plugin.hpp>

namespace shawan_heritage {
namespace {

using cedu::plugin::Error;

std::string as_text(const msgpack::object& o, const std::string& path) {
  if (o.type != msgpack::type::STR || o.via.str.size == 0) {
    throw Error::invalid(path, "must be a non-empty string");
  }
  return std::string(o.via.str.ptr, o.via.str.size);
}

}  // namespace

std::vector<HeritageItem> read_items(const msgpack::object& config) {
  if (config.type != msgpack::type::MAP) throw Error::invalid("", "the config must be a map");
  for (std::uint32_t i = 0; i < config.via.map.size; ++i) {
    const auto& key = config.via.map.ptr[i].key;
    const std::string name = key.type == msgpack::type::STR ? std::string(key.via.str.ptr, key.via.str.size) : "?";
    if (name != "heritage_items") throw Error::invalid(name, "unknown key (allowed: heritage_items)");
  }
  const msgpack::object* list = cedu::plugin::find(config, "heritage_items");
  if (list == nullptr) throw Error::invalid("heritage_items", "is required: the town's heritage items");
  if (list->type != msgpack::type::ARRAY || list->via.array.size == 0) {
    throw Error::invalid("heritage_items", "must be a non-empty list");
  }
  std::vector<HeritageItem> items;
  for (std::uint32_t i = 0; i < list->via.array.size; ++i) {
    const msgpack::object& o = list->via.array.ptr[i];
    const std::string at = "heritage_items[" + std::to_string(i) + "]";
    HeritageItem item;
    if (o.type == msgpack::type::STR) {
      item.name = as_text(o, at);
    } else if (o.type == msgpack::type::MAP) {
      for (std::uint32_t k = 0; k < o.via.map.size; ++k) {
        const auto& kv = o.via.map.ptr[k];
        const std::string key = kv.key.type == msgpack::type::STR ? std::string(kv.key.via.str.ptr, kv.key.via.str.size) : "?";
        if (key == "name") {
          item.name = as_text(kv.val, at + ".name");
        } else if (key == "level") {
          item.level = as_text(kv.val, at + ".level");
        } else if (key == "summary") {
          item.summary = as_text(kv.val, at + ".summary");
        } else {
          throw Error::invalid(at + "." + key, "unknown key (allowed: name, level, summary)");
        }
      }
      if (item.name.empty()) throw Error::invalid(at + ".name", "is required");
    } else {
      throw Error::invalid(at, "must be a name or a map with name, level, summary");
    }
    for (const auto& seen : items) {
      if (seen.name == item.name) throw Error::invalid(at, "'" + item.name + "' is listed twice");
    }
    items.push_back(std::move(item));
  }
  return items;
}

std::string joined_names(const std::vector<HeritageItem>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : "、") + item.name;
  return out;
}

}  // namespace shawan_heritage
