// Value and Fields: the domain fields of a library record (everything beyond id, town,
// station, status, owner, version and the created/updated stamps). A record's fields are
// stored as a JSON object in SQLite (so that list filters can reach them with json_extract)
// and travel as a MessagePack map on the bus.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <msgpack.hpp>

#include "common/result.h"

namespace cedu::library {

using StringList = std::vector<std::string>;
// monostate = absent/null.
using Value = std::variant<std::monostate, bool, std::int64_t, double, std::string, StringList>;
using Fields = std::map<std::string, Value, std::less<>>;

bool is_null(const Value& v);

// JSON text of `fields` (an object; null values are left out) — the stored form.
std::string to_json(const Fields& fields);
// Appends `s` to `out` as a JSON string, escaped exactly as nlohmann::json's dump() without
// ensure_ascii escapes it; false (and nothing appended) iff `s` is not valid UTF-8.
bool append_json_string(std::string& out, std::string_view s);
// Parses the stored form. Returns INTERNAL iff `json` is not an object of scalars and
// string arrays (a corrupt row).
Result<Fields> from_json(std::string_view json);

// Packs `v` with a msgpack packer (nil for monostate).
template <typename Stream>
void pack_value(msgpack::packer<Stream>& pk, const Value& v) {
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          pk.pack_nil();
        } else {
          pk.pack(x);
        }
      },
      v);
}

// Text of a scalar for CSV exports and natural keys: lists joined with "、".
std::string to_text(const Value& v);

}  // namespace cedu::library
