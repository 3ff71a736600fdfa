// Small helpers the project methods share: errors of a write named as the caller wrote
// the field ("params.version"), and the record id parameters.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/msgpack/fields.h"
#include "common/result.h"

namespace cedu::project {

// `s` with its field prefixed "params." (when it names one and is not prefixed yet).
Status in_params(const Status& s);

// The positive integer id `key` of `p`: INVALID_ARGUMENT naming it when missing, not an
// integer or not > 0.
Result<std::int64_t> positive_id(const mp::MapView& p, std::string_view key);

// The optional text `key` of `p`, at most `max` code points.
Result<std::string> optional_note(const mp::MapView& p, std::string_view key, std::size_t max);

}  // namespace cedu::project
