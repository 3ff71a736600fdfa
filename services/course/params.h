// Reading the parameters of the course's domain methods: the core's readers
// (services/library/param_readers.h) in the course's wording — "must be a record id (≥ 1),
// not 0", "longer than 100 characters", "is required" — and what only the course reads:
// numbers within a range, and texts clipped for messages.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/msgpack/fields.h"
#include "common/result.h"
#include "services/library/param_readers.h"

namespace cedu::course {

inline constexpr library::ParamStyle kParamStyle{.bad_id = "must be a record id (≥ 1)",
                                                 .bad_id_shows_value = true,
                                                 .too_long = "longer than",
                                                 .absent_text = "is required"};

// A required string, surrounding blanks removed, 1..max_chars code points.
inline Result<std::string> read_text(const mp::MapView& params, std::string_view key,
                                     std::size_t max_chars) {
  return library::read_text(params, key, max_chars, kParamStyle);
}
// An optional string (absent, nil or blank → nullopt), at most max_chars code points.
inline Result<std::optional<std::string>> read_optional_text(const mp::MapView& params,
                                                             std::string_view key,
                                                             std::size_t max_chars) {
  return library::read_optional_text(params, key, max_chars, kParamStyle);
}
// A required record id: an integer ≥ 1.
inline Result<std::int64_t> read_id(const mp::MapView& params, std::string_view key) {
  return library::read_id(params, key, kParamStyle);
}
// An optional record id: absent or nil → nullopt, else an integer ≥ 1.
inline Result<std::optional<std::int64_t>> read_optional_id(const mp::MapView& params,
                                                            std::string_view key) {
  return library::read_optional_id(params, key, kParamStyle);
}

// An optional number (integer or float, finite) within [min, max].
Result<std::optional<double>> read_optional_number(const mp::MapView& params,
                                                   std::string_view key, double min, double max);

// At most `chars` code points of `s`, never cutting a UTF-8 sequence (for messages).
std::string clip(std::string_view s, std::size_t chars = 40);

}  // namespace cedu::course
