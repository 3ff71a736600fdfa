#include "plugins/host/yaml_msgpack.h"

#include <charconv>
#include <cstdint>
#include <cstdlib>

#include <msgpack.hpp>

namespace cedu::plugins {
namespace {

using Packer = msgpack::packer<msgpack::sbuffer>;

void pack_scalar(Packer& pk, const YAML::Node& node) {
  const std::string& s = node.Scalar();
  if (node.Tag() == "!") {  // quoted: the town meant a string
    pk.pack(s);
    return;
  }
  if (s == "true" || s == "false") {
    pk.pack(s == "true");
    return;
  }
  std::int64_t i = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), i);
  if (ec == std::errc() && p == s.data() + s.size() && !s.empty()) {
    pk.pack(i);
    return;
  }
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (!s.empty() && end == s.c_str() + s.size() && (s[0] == '-' || s[0] == '.' || (s[0] >= '0' && s[0] <= '9'))) {
    pk.pack(d);
    return;
  }
  pk.pack(s);
}

void pack_node(Packer& pk, const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      pk.pack_map(static_cast<std::uint32_t>(node.size()));
      for (const auto& kv : node) {
        pk.pack(kv.first.Scalar());
        pack_node(pk, kv.second);
      }
      break;
    }
    case YAML::NodeType::Sequence:
      pk.pack_array(static_cast<std::uint32_t>(node.size()));
      for (const auto& item : node) pack_node(pk, item);
      break;
    case YAML::NodeType::Scalar:
      pack_scalar(pk, node);
      break;
    default:
      pk.pack_nil();
  }
}

int line_of(const YAML::Node& node, int fallback) {
  const YAML::Mark mark = node.Mark();
  return mark.is_null() ? fallback : mark.line + 1;
}

}  // namespace

std::string yaml_to_msgpack(const YAML::Node& node) {
  msgpack::sbuffer out;
  Packer pk(out);
  if (!node.IsDefined() || node.IsNull()) {
    pk.pack_map(0);
  } else {
    pack_node(pk, node);
  }
  return std::string(out.data(), out.size());
}

int line_of_path(const YAML::Node& root, std::string_view path, int fallback) {
  // Node::reset, not operator=: assigning a yaml-cpp node writes through to the document.
  YAML::Node node;
  node.reset(root);
  int line = line_of(root, fallback);
  while (!path.empty()) {
    if (path.front() == '.') path.remove_prefix(1);
    if (path.empty()) break;
    if (path.front() == '[') {
      auto close = path.find(']');
      if (close == std::string_view::npos) break;
      std::size_t index = 0;
      std::from_chars(path.data() + 1, path.data() + close, index);
      path.remove_prefix(close + 1);
      if (!node.IsSequence() || index >= node.size()) break;
      YAML::Node item = node[index];
      node.reset(item);
    } else {
      auto end = path.find_first_of(".[");
      const std::string key(path.substr(0, end));
      path.remove_prefix(end == std::string_view::npos ? path.size() : end);
      if (!node.IsMap()) break;
      YAML::Node next;
      bool found = false;
      for (const auto& kv : node) {
        if (kv.first.Scalar() == key) {
          // The key's own line: an empty value would point at the next line.
          line = line_of(kv.first, line);
          next.reset(kv.second);
          found = true;
        }
      }
      if (!found) break;
      node.reset(next);
      if (!node.IsNull()) line = line_of(node, line);
      continue;
    }
    line = line_of(node, line);
  }
  return line;
}

}  // namespace cedu::plugins
