#include "services/library/value.h"

#include <charconv>
#include <cstring>

#include <nlohmann/json.hpp>
#include <simdjson.h>

namespace cedu::library {

bool is_null(const Value& v) { return std::holds_alternative<std::monostate>(v); }

namespace {

// The stored form as nlohmann::json writes it: the reference for the fast writer below.
std::string to_json_via_nlohmann(const Fields& fields) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& entry : fields) {
    const std::string& name = entry.first;  // (clang 14 cannot capture structured bindings)
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (!std::is_same_v<T, std::monostate>) j[name] = x;
        },
        entry.second);
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

bool append_json_string(std::string& out, std::string_view s) {
  if (!simdjson::validate_utf8(s.data(), s.size())) return false;
  out.push_back('"');
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default: {
        static constexpr char kHex[] = "0123456789abcdef";
        const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out.append(escape, sizeof escape);
      }
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
  return true;
}

// Written directly rather than through a nlohmann::json object: this runs for every write
// and every imported row (docs/performance.md), and builds no tree of allocations. Its text
// is the same as nlohmann's, byte for byte (the audit digests depend on it; value_test
// compares the two); a text that is not valid UTF-8 is left to nlohmann, which replaces
// the bad bytes.
std::string to_json(const Fields& fields) {
  std::string out;
  out.reserve(256);
  out.push_back('{');
  bool first = true;
  for (const auto& [name, value] : fields) {
    if (is_null(value)) continue;
    if (!first) out.push_back(',');
    first = false;
    if (!append_json_string(out, name)) return to_json_via_nlohmann(fields);
    out.push_back(':');
    bool written = true;
    if (const auto* b = std::get_if<bool>(&value)) {
      out += *b ? "true" : "false";
    } else if (const auto* n = std::get_if<std::int64_t>(&value)) {
      char digits[24];
      out.append(digits, std::to_chars(digits, digits + sizeof digits, *n).ptr);
    } else if (const auto* d = std::get_if<double>(&value)) {
      out += nlohmann::json(*d).dump();  // its own shortest round-trip form ("1.0", "null")
    } else if (const auto* text = std::get_if<std::string>(&value)) {
      written = append_json_string(out, *text);
    } else if (const auto* list = std::get_if<StringList>(&value)) {
      out.push_back('[');
      for (std::size_t i = 0; i < list->size() && written; ++i) {
        if (i > 0) out.push_back(',');
        written = append_json_string(out, (*list)[i]);
      }
      out.push_back(']');
    }
    if (!written) return to_json_via_nlohmann(fields);
  }
  out.push_back('}');
  return out;
}

namespace {

Status corrupt(std::string_view field, std::string_view what) {
  std::string message = "stored field ";
  message.append(field).append(" ").append(what);
  return Status::internal(std::move(message));
}

Status not_an_object() { return Status::internal("stored record is not a JSON object"); }

}  // namespace

// simdjson's on-demand parser: reading a record (the hot path of <lib>.get) parses its body
// several times faster than a DOM would, and allocates only the values it keeps.
Result<Fields> from_json(std::string_view json) {
  namespace od = simdjson::ondemand;
  thread_local od::parser parser;
  thread_local std::string padded;  // simdjson reads up to SIMDJSON_PADDING bytes past the end
  padded.resize(json.size() + simdjson::SIMDJSON_PADDING);
  std::memcpy(padded.data(), json.data(), json.size());

  od::document doc;
  od::object object;
  if (parser.iterate(padded.data(), json.size(), padded.size()).get(doc) != simdjson::SUCCESS ||
      doc.get_object().get(object) != simdjson::SUCCESS) {
    return not_an_object();
  }
  Fields out;
  for (auto member : object) {
    std::string_view key;
    od::value value;
    od::json_type type;
    if (member.unescaped_key().get(key) != simdjson::SUCCESS ||
        member.value().get(value) != simdjson::SUCCESS || value.type().get(type) != simdjson::SUCCESS) {
      return not_an_object();
    }
    switch (type) {
      case od::json_type::null:
        if (!value.is_null()) return not_an_object();
        break;  // a null field is absent
      case od::json_type::boolean: {
        bool b = false;
        if (value.get_bool().get(b) != simdjson::SUCCESS) return not_an_object();
        out.insert_or_assign(std::string(key), b);
        break;
      }
      case od::json_type::number: {
        od::number number;
        if (value.get_number().get(number) != simdjson::SUCCESS) return not_an_object();
        if (number.is_int64()) {
          out.insert_or_assign(std::string(key), std::int64_t{number.get_int64()});
        } else {
          out.insert_or_assign(std::string(key), number.as_double());
        }
        break;
      }
      case od::json_type::string: {
        std::string_view text;
        if (value.get_string().get(text) != simdjson::SUCCESS) return not_an_object();
        out.insert_or_assign(std::string(key), std::string(text));
        break;
      }
      case od::json_type::array: {
        StringList list;
        od::array array;
        if (value.get_array().get(array) != simdjson::SUCCESS) return not_an_object();
        for (auto element : array) {
          std::string_view text;
          if (element.get_string().get(text) != simdjson::SUCCESS) return corrupt(key, "is not a string list");
          list.emplace_back(text);
        }
        out.insert_or_assign(std::string(key), std::move(list));
        break;
      }
      case od::json_type::object:
        return corrupt(key, "has an unexpected type");
    }
  }
  const char* rest = nullptr;  // OUT_OF_BOUNDS: nothing follows the object
  if (doc.current_location().get(rest) != simdjson::OUT_OF_BOUNDS) return not_an_object();
  return out;
}

std::string to_text(const Value& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return {};
        } else if constexpr (std::is_same_v<T, bool>) {
          return x ? "是" : "否";
        } else if constexpr (std::is_same_v<T, std::string>) {
          return x;
        } else if constexpr (std::is_same_v<T, StringList>) {
          std::string s;
          for (const auto& e : x) s += (s.empty() ? "" : "、") + e;
          return s;
        } else if constexpr (std::is_same_v<T, double>) {
          std::string s = std::to_string(x);
          while (!s.empty() && s.back() == '0') s.pop_back();
          if (!s.empty() && s.back() == '.') s.pop_back();
          return s;
        } else {
          return std::to_string(x);
        }
      },
      v);
}

}  // namespace cedu::library
