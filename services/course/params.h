// Reading the parameters of the course's domain methods: trimmed texts with a length limit,
// positive ids, and errors that name the parameter as the caller wrote it ("params.venue").
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/msgpack/fields.h"
#include "common/result.h"

namespace cedu::course {

// A required string, surrounding blanks removed, 1..max_chars code points.
Result<std::string> read_text(const mp::MapView& params, std::string_view key,
                              std::size_t max_chars);
// An optional string (absent, nil or blank → nullopt), at most max_chars code points.
Result<std::optional<std::string>> read_optional_text(const mp::MapView& params,
                                                      std::string_view key,
                                                      std::size_t max_chars);
// A required record id: an integer ≥ 1.
Result<std::int64_t> read_id(const mp::MapView& params, std::string_view key);
// An optional record id: absent or nil → nullopt, else an integer ≥ 1.
Result<std::optional<std::int64_t>> read_optional_id(const mp::MapView& params,
                                                     std::string_view key);
// An optional number (integer or float, finite) within [min, max].
Result<std::optional<double>> read_optional_number(const mp::MapView& params,
                                                   std::string_view key, double min, double max);

// At most `chars` code points of `s`, never cutting a UTF-8 sequence (for messages).
std::string clip(std::string_view s, std::size_t chars = 40);
// `s` with its field prefixed "params." unless it is empty or already so.
Status in_params(const Status& s);

}  // namespace cedu::course
