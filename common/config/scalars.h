// Decoding of YAML scalars into C++ values for config::Reader, strictly: "3x" is not an
// integer, "-1" is not unsigned, 1e999 is not a number. Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <yaml-cpp/yaml.h>

namespace cedu::config {

// The value types a config::Reader can read.
template <typename T>
concept ConfigScalar =
    std::is_same_v<T, std::string> || std::is_same_v<T, bool> || std::is_same_v<T, int> ||
    std::is_same_v<T, std::int64_t> || std::is_same_v<T, std::uint32_t> ||
    std::is_same_v<T, std::uint64_t> || std::is_same_v<T, double>;

namespace detail {

// How a node looks in an error message: "\"three\"", "a map", "a sequence", "null".
std::string describe(const YAML::Node& node);

// Decode `node` into `*out`. Each returns nullopt on success, else what is wrong
// ("expected unsigned integer, got \"three\""); `*out` is untouched on failure.
std::optional<std::string> decode(const YAML::Node& node, std::string* out);
std::optional<std::string> decode(const YAML::Node& node, bool* out);
std::optional<std::string> decode(const YAML::Node& node, int* out);
std::optional<std::string> decode(const YAML::Node& node, std::int64_t* out);
std::optional<std::string> decode(const YAML::Node& node, std::uint32_t* out);
std::optional<std::string> decode(const YAML::Node& node, std::uint64_t* out);
std::optional<std::string> decode(const YAML::Node& node, double* out);

}  // namespace detail
}  // namespace cedu::config
