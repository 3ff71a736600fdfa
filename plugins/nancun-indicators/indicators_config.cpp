#include "indicators_config.h"

#include <algorithm>

#include <cedu/plugin.hpp>

namespace nancun_indicators {
namespace {

using cedu::plugin::Error;

const char* const kCategories[] = {"health", "moral", "skills", "culture", "leisure", "local"};

std::vector<std::string> strings_at(const msgpack::object& block, const std::string& key, bool required) {
  std::vector<std::string> out;
  const msgpack::object* list = cedu::plugin::find(block, key);
  if (list == nullptr) {
    if (required) throw Error::invalid(key, "is required: a list of words");
    return out;
  }
  if (list->type != msgpack::type::ARRAY) throw Error::invalid(key, "must be a list");
  for (std::uint32_t i = 0; i < list->via.array.size; ++i) {
    const msgpack::object& o = list->via.array.ptr[i];
    const std::string at = key + "[" + std::to_string(i) + "]";
    if (o.type != msgpack::type::STR || o.via.str.size == 0 || o.via.str.size > 60) {
      throw Error::invalid(at, "must be a word of 1 to 60 bytes");
    }
    std::string s = o.as<std::string>();
    if (std::find(out.begin(), out.end(), s) != out.end()) throw Error::invalid(at, "'" + s + "' is listed twice");
    out.push_back(std::move(s));
  }
  if (required && out.empty()) throw Error::invalid(key, "needs at least one word");
  return out;
}

}  // namespace

IndicatorsConfig read_config(const msgpack::object& block) {
  if (block.type != msgpack::type::MAP) throw Error::invalid("", "must be a map");
  for (std::uint32_t i = 0; i < block.via.map.size; ++i) {
    const auto& kv = block.via.map.ptr[i];
    const std::string key = kv.key.type == msgpack::type::STR ? kv.key.as<std::string>() : std::string("?");
    if (key != "keywords" && key != "categories" && key != "elderly_age") {
      throw Error::invalid(key, "unknown key (keywords, categories, elderly_age)");
    }
  }
  IndicatorsConfig c;
  c.keywords = strings_at(block, "keywords", true);
  c.categories = strings_at(block, "categories", false);
  for (std::size_t i = 0; i < c.categories.size(); ++i) {
    if (std::find(std::begin(kCategories), std::end(kCategories), c.categories[i]) == std::end(kCategories)) {
      throw Error::invalid("categories[" + std::to_string(i) + "]",
                           "'" + c.categories[i] + "' is not a course category (health, moral, skills, "
                           "culture, leisure, local)");
    }
  }
  if (const msgpack::object* age = cedu::plugin::find(block, "elderly_age")) {
    if (age->type != msgpack::type::POSITIVE_INTEGER || age->via.u64 < 50 || age->via.u64 > 90) {
      throw Error::invalid("elderly_age", "must be a whole number from 50 to 90");
    }
    c.elderly_age = static_cast<int>(age->via.u64);
  }
  return c;
}

}  // namespace nancun_indicators
