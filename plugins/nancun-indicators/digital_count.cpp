#include "digital_count.h"

#include <algorithm>
#include <map>
#include <sstream>

namespace nancun_indicators {
namespace {

using cedu::plugin::find;
using cedu::plugin::string_at;

std::int64_t int_at(const msgpack::object& map, std::string_view key) {
  const msgpack::object* o = find(map, key);
  if (o == nullptr) return 0;
  if (o->type == msgpack::type::POSITIVE_INTEGER) return static_cast<std::int64_t>(o->via.u64);
  if (o->type == msgpack::type::NEGATIVE_INTEGER) return o->via.i64;
  return 0;
}

bool contains(const msgpack::object& list_or_null, std::string_view value) {
  if (list_or_null.type != msgpack::type::ARRAY) return false;
  for (std::uint32_t i = 0; i < list_or_null.via.array.size; ++i) {
    const msgpack::object& o = list_or_null.via.array.ptr[i];
    if (o.type == msgpack::type::STR && std::string_view(o.via.str.ptr, o.via.str.size) == value) return true;
  }
  return false;
}

const msgpack::object& items_of(const msgpack::object& reply) {
  static const msgpack::object kNone;
  const msgpack::object* items = find(reply, "items");
  return items != nullptr ? *items : kNone;
}

// One page of a list call: params as a map of the keys given.
template <typename Params>
msgpack::object_handle ask(const cedu::plugin::Context& c, const std::string& method, const Params& params) {
  std::stringstream out;
  msgpack::pack(out, params);
  return c.host().call(c.raw(), "course", method, out.str(), 5000);
}

}  // namespace

bool is_digital_for_elderly(const msgpack::object& course, const IndicatorsConfig& config) {
  const msgpack::object* audiences = find(course, "audiences");
  if (audiences == nullptr || !contains(*audiences, "elderly")) return false;
  if (std::find(config.categories.begin(), config.categories.end(), string_at(course, "category")) !=
      config.categories.end()) {
    return true;
  }
  const std::string_view title = string_at(course, "title");
  const std::string_view summary = string_at(course, "summary");
  return std::any_of(config.keywords.begin(), config.keywords.end(), [&](const std::string& k) {
    return title.find(k) != std::string_view::npos || summary.find(k) != std::string_view::npos;
  });
}

DigitalCount count_digital(const cedu::plugin::Context& c, const IndicatorsConfig& config,
                           std::string_view station, int year) {
  DigitalCount count;
  const std::string year_prefix = std::to_string(year) + "-";
  std::string cursor;
  do {
    // Keys in the order msgpack-cxx packs a std::map; values are all maps or strings.
    msgpack::sbuffer buf;
    msgpack::packer<msgpack::sbuffer> pk(buf);
    pk.pack_map(3 + (station.empty() ? 0 : 1) + (cursor.empty() ? 0 : 1));
    pk.pack("town"), pk.pack(std::string(c.town()));
    if (!station.empty()) pk.pack("station"), pk.pack(std::string(station));
    pk.pack("where"), pk.pack(std::map<std::string, std::string>{{"audiences", "elderly"}});
    pk.pack("limit"), pk.pack(1000);
    if (!cursor.empty()) pk.pack("cursor"), pk.pack(cursor);
    auto page = c.host().call(c.raw(), "course", "list", std::string(buf.data(), buf.size()), 5000);
    const msgpack::object& courses = items_of(page.get());
    for (std::uint32_t i = 0; courses.type == msgpack::type::ARRAY && i < courses.via.array.size; ++i) {
      const msgpack::object& course = courses.via.array.ptr[i];
      if (!is_digital_for_elderly(course, config)) continue;
      const std::int64_t id = int_at(course, "id");
      auto sessions = ask(c, "sessions", std::map<std::string, std::int64_t>{{"course_id", id}});
      std::int64_t held = 0;
      const msgpack::object& list = items_of(sessions.get());
      for (std::uint32_t k = 0; list.type == msgpack::type::ARRAY && k < list.via.array.size; ++k) {
        const msgpack::object& s = list.via.array.ptr[k];
        if (string_at(s, "status") == "cancelled") continue;
        if (string_at(s, "starts_at").substr(0, year_prefix.size()) == year_prefix) ++held;
      }
      if (held == 0) continue;
      count.courses++;
      count.sessions += held;
      std::int64_t after = 0;
      for (;;) {
        auto enrolments = ask(c, "enrolments",
                              std::map<std::string, std::int64_t>{{"course_id", id}, {"limit", 1000}, {"after", after}});
        const msgpack::object& people = items_of(enrolments.get());
        for (std::uint32_t k = 0; people.type == msgpack::type::ARRAY && k < people.via.array.size; ++k) {
          const msgpack::object& e = people.via.array.ptr[k];
          const std::string_view status = string_at(e, "status");
          if (status != "enrolled" && status != "completed") continue;
          if (year - int_at(e, "birth_year") >= config.elderly_age) count.learners++;
        }
        const msgpack::object* next = find(enrolments.get(), "next_after");
        if (next == nullptr || next->type != msgpack::type::POSITIVE_INTEGER) break;
        after = static_cast<std::int64_t>(next->via.u64);
      }
    }
    const msgpack::object* next = find(page.get(), "next_cursor");
    cursor = next != nullptr && next->type == msgpack::type::STR ? next->as<std::string>() : std::string();
  } while (!cursor.empty());
  return count;
}

}  // namespace nancun_indicators
