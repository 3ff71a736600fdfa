// A plugin's config block travels to the plugin as MessagePack: yaml_to_msgpack converts
// the YAML a town wrote, and line_of_path finds where a key path the plugin complained
// about ("heritage_items[2]") stands in the file, so the error reads file:line.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include <yaml-cpp/yaml.h>

namespace cedu::plugins {

// Packs `node`: maps (string keys) and sequences as such; null as nil; plain scalars as
// booleans (true/false), integers, floats or strings in that order of trial; quoted
// scalars always as strings. A null or missing node packs as an empty map.
std::string yaml_to_msgpack(const YAML::Node& node);

// 1-based line of the node at `path` under `root` ("a.b[2].c"; empty is `root` itself).
// The line of the deepest node found when the path goes further than the document.
int line_of_path(const YAML::Node& root, std::string_view path, int fallback);

}  // namespace cedu::plugins
