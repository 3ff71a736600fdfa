// Base64 (RFC 4648, standard alphabet, '=' padding) for showing MessagePack binary values
// to people as JSON text. Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cedu::cli {

std::string base64_encode(const std::vector<std::uint8_t>& bytes);

// Returns the decoded bytes, or nullopt iff `text` is not canonical padded base64.
std::optional<std::vector<std::uint8_t>> base64_decode(std::string_view text);

}  // namespace cedu::cli
