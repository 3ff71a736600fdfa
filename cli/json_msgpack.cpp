#include "cli/json_msgpack.h"

#include <cstdint>
#include <vector>

#include <msgpack.hpp>

#include "cli/base64.h"

namespace cedu::cli {
namespace {

using json = Json;

constexpr const char* kBinaryKey = "$binary";
constexpr const char* kExtKey = "$ext";

json binary_marker(const std::vector<std::uint8_t>& bytes, std::optional<std::int64_t> ext) {
  json marker = json::object();
  marker[kBinaryKey] = base64_encode(bytes);
  if (ext) marker[kExtKey] = *ext;
  return marker;
}

// True iff `v` is {"$binary": …} or {"$binary": …, "$ext": …}.
bool is_binary_marker(const json& v) {
  if (!v.is_object() || !v.contains(kBinaryKey)) return false;
  return v.size() == 1 || (v.size() == 2 && v.contains(kExtKey));
}

// Replaces nlohmann binary values (from from_msgpack) by markers, recursively.
void binary_to_markers(json& v) {
  if (v.is_binary()) {
    const auto& bin = v.get_binary();
    std::optional<std::int64_t> ext;
    if (bin.has_subtype()) ext = static_cast<std::int8_t>(bin.subtype());
    v = binary_marker(bin, ext);
  } else if (v.is_structured()) {
    for (auto& child : v) binary_to_markers(child);
  }
}

// Replaces markers by nlohmann binary values, recursively, for to_msgpack.
Status markers_to_binary(json& v, const std::string& path) {
  if (is_binary_marker(v)) {
    const json& text = v[kBinaryKey];
    if (!text.is_string()) {
      return Status::invalid_argument("$binary must hold a base64 string", path);
    }
    auto bytes = base64_decode(text.get_ref<const std::string&>());
    if (!bytes) return Status::invalid_argument("$binary is not padded base64", path);
    if (v.contains(kExtKey)) {
      const json& ext = v[kExtKey];
      if (!ext.is_number_integer() || ext.get<std::int64_t>() < -128 ||
          ext.get<std::int64_t>() > 127) {
        return Status::invalid_argument("$ext must be an integer in -128..127", path);
      }
      // nlohmann keeps the subtype as an unsigned byte and writes it back as one.
      v = json::binary(std::move(*bytes), static_cast<std::uint8_t>(ext.get<std::int8_t>()));
    } else {
      v = json::binary(std::move(*bytes));
    }
    return Status::ok();
  }
  if (v.is_object()) {
    for (auto& [key, child] : v.items()) {
      CEDU_RETURN_IF_ERROR(markers_to_binary(child, path.empty() ? key : path + "." + key));
    }
  } else if (v.is_array()) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      CEDU_RETURN_IF_ERROR(markers_to_binary(v[i], path + "[" + std::to_string(i) + "]"));
    }
  }
  return Status::ok();
}

// The general path for what nlohmann cannot read (maps with non-string keys).
json object_to_json(const msgpack::object& o) {
  switch (o.type) {
    case msgpack::type::NIL: return nullptr;
    case msgpack::type::BOOLEAN: return o.via.boolean;
    case msgpack::type::POSITIVE_INTEGER: return o.via.u64;
    case msgpack::type::NEGATIVE_INTEGER: return o.via.i64;
    case msgpack::type::FLOAT32:
    case msgpack::type::FLOAT64: return o.via.f64;
    case msgpack::type::STR: return std::string(o.via.str.ptr, o.via.str.size);
    case msgpack::type::BIN: {
      const auto* p = reinterpret_cast<const std::uint8_t*>(o.via.bin.ptr);
      return binary_marker(std::vector<std::uint8_t>(p, p + o.via.bin.size), std::nullopt);
    }
    case msgpack::type::EXT: {
      const auto* p = reinterpret_cast<const std::uint8_t*>(o.via.ext.data());
      return binary_marker(std::vector<std::uint8_t>(p, p + o.via.ext.size),
                           o.via.ext.type());
    }
    case msgpack::type::ARRAY: {
      json out = json::array();
      for (std::uint32_t i = 0; i < o.via.array.size; ++i) {
        out.push_back(object_to_json(o.via.array.ptr[i]));
      }
      return out;
    }
    case msgpack::type::MAP: {
      json out = json::object();
      for (std::uint32_t i = 0; i < o.via.map.size; ++i) {
        const auto& kv = o.via.map.ptr[i];
        std::string key = kv.key.type == msgpack::type::STR
                              ? std::string(kv.key.via.str.ptr, kv.key.via.str.size)
                              : render_json(object_to_json(kv.key));
        out[key] = object_to_json(kv.val);
      }
      return out;
    }
  }
  return nullptr;
}

}  // namespace

Result<json> parse_json(std::string_view text, std::string_view what) {
  try {
    return json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    // e.what() reads "[json.exception.parse_error.101] parse error at line 1, column 7: …".
    std::string message = e.what();
    auto at = message.find("] ");
    if (at != std::string::npos) message = message.substr(at + 2);
    return Status::invalid_argument(std::string(what) + " is not valid JSON: " + message,
                                    std::string(what));
  }
}

Result<std::string> json_to_msgpack(const json& value) {
  json copy = value;
  CEDU_RETURN_IF_ERROR(markers_to_binary(copy, ""));
  std::string out;
  json::to_msgpack(copy, nlohmann::detail::output_adapter<char>(out));
  return out;
}

Result<json> msgpack_to_json(std::string_view bytes) {
  json value = json::from_msgpack(bytes.begin(), bytes.end(), /*strict=*/true,
                                  /*allow_exceptions=*/false);
  if (!value.is_discarded()) {
    binary_to_markers(value);
    return value;
  }
  // nlohmann refuses non-string map keys; msgpack-cxx reads any well-formed value.
  try {
    std::size_t offset = 0;
    msgpack::object_handle handle = msgpack::unpack(bytes.data(), bytes.size(), offset);
    if (offset != bytes.size()) {
      return Status::invalid_argument("MessagePack value has trailing bytes");
    }
    return object_to_json(handle.get());
  } catch (const std::exception& e) {
    return Status::invalid_argument(std::string("malformed MessagePack: ") + e.what());
  }
}

std::string render_json(const json& value, int indent) {
  return value.dump(indent, ' ', /*ensure_ascii=*/false, json::error_handler_t::replace);
}

}  // namespace cedu::cli
