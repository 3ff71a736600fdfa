#include "common/config/scalars.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <string_view>

namespace cedu::config::detail {
namespace {

std::string expected(std::string_view what, const YAML::Node& node) {
  return "expected " + std::string(what) + ", got " + describe(node);
}

// Parses the whole of `text` as a base-10 integer of type I (a leading '+' is allowed).
template <typename I>
std::optional<I> parse_integer(std::string_view text, bool* out_of_range) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  I value{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range) {
    *out_of_range = true;
    return std::nullopt;
  }
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Integers: parsed as the widest type of the same signedness, then narrowed with a check.
template <typename T>
std::optional<std::string> decode_integer(const YAML::Node& node, T* out) {
  constexpr bool kSigned = std::is_signed_v<T>;
  const std::string_view what = kSigned ? "integer" : "unsigned integer";
  if (!node.IsScalar()) return expected(what, node);
  const std::string& text = node.Scalar();
  const std::string range = std::string(what) + " in " +
                            std::to_string(std::numeric_limits<T>::min()) + ".." +
                            std::to_string(std::numeric_limits<T>::max());
  bool out_of_range = false;
  if constexpr (kSigned) {
    auto v = parse_integer<std::int64_t>(text, &out_of_range);
    if (out_of_range) return expected(range, node);
    if (!v) return expected(what, node);
    if (*v < std::numeric_limits<T>::min() || *v > std::numeric_limits<T>::max()) {
      return expected(range, node);
    }
    *out = static_cast<T>(*v);
  } else {
    if (!text.empty() && text.front() == '-') {
      // "-0" is zero; any other negative number is out of range, not malformed.
      auto v = parse_integer<std::int64_t>(text, &out_of_range);
      if (!v && !out_of_range) return expected(what, node);
      if (v && *v == 0) {
        *out = 0;
        return std::nullopt;
      }
      return expected(range, node);
    }
    auto v = parse_integer<std::uint64_t>(text, &out_of_range);
    if (out_of_range) return expected(range, node);
    if (!v) return expected(what, node);
    if (*v > std::numeric_limits<T>::max()) return expected(range, node);
    *out = static_cast<T>(*v);
  }
  return std::nullopt;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

}  // namespace

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar: return "\"" + node.Scalar() + "\"";
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Sequence: return "a sequence";
    case YAML::NodeType::Null: return "null";
    case YAML::NodeType::Undefined: return "nothing";
  }
  return "nothing";
}

std::optional<std::string> decode(const YAML::Node& node, std::string* out) {
  if (!node.IsScalar()) return expected("string", node);
  *out = node.Scalar();
  return std::nullopt;
}

std::optional<std::string> decode(const YAML::Node& node, bool* out) {
  if (node.IsScalar()) {
    const std::string& s = node.Scalar();
    for (std::string_view t : {"true", "yes", "on"}) {
      if (iequals(s, t)) {
        *out = true;
        return std::nullopt;
      }
    }
    for (std::string_view f : {"false", "no", "off"}) {
      if (iequals(s, f)) {
        *out = false;
        return std::nullopt;
      }
    }
  }
  return expected("boolean (true or false)", node);
}

std::optional<std::string> decode(const YAML::Node& node, double* out) {
  if (!node.IsScalar()) return expected("number", node);
  std::string_view text = node.Scalar();
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(v)) {
    return expected("number", node);
  }
  *out = v;
  return std::nullopt;
}

std::optional<std::string> decode(const YAML::Node& node, int* out) {
  return decode_integer(node, out);
}
std::optional<std::string> decode(const YAML::Node& node, std::int64_t* out) {
  return decode_integer(node, out);
}
std::optional<std::string> decode(const YAML::Node& node, std::uint32_t* out) {
  return decode_integer(node, out);
}
std::optional<std::string> decode(const YAML::Node& node, std::uint64_t* out) {
  return decode_integer(node, out);
}

}  // namespace cedu::config::detail
