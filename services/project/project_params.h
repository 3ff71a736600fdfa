// Reading the parameters of the project methods: the core's readers
// (services/library/param_readers.h) in the project's wording — "must be a positive record
// id", "longer than 500 characters" — with notes kept as written (not trimmed).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/msgpack/fields.h"
#include "common/result.h"
#include "services/library/param_readers.h"

namespace cedu::project {

inline constexpr library::ParamStyle kParamStyle{.bad_id = "must be a positive record id",
                                                 .too_long = "longer than",
                                                 .trim = false};

// The positive integer id `key` of `p`: INVALID_ARGUMENT naming it when missing, not an
// integer or not > 0.
inline Result<std::int64_t> positive_id(const mp::MapView& p, std::string_view key) {
  return library::read_id(p, key, kParamStyle);
}

// The optional text `key` of `p` as written ("" when absent or nil), at most `max` code
// points.
inline Result<std::string> optional_note(const mp::MapView& p, std::string_view key,
                                         std::size_t max) {
  CEDU_ASSIGN_OR_RETURN(auto note, library::read_optional_text(p, key, max, kParamStyle));
  return note.value_or("");
}

}  // namespace cedu::project
