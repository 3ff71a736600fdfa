// Local times of the course schedule. Sessions start and end at a wall-clock time in Panyu
// (China Standard Time, UTC+8, no daylight saving), written "2026-03-07T09:00". Strings of
// this one shape sort as text in time order, so SQLite compares and ranges them directly.
// Thread-safety: pure functions (the clock is read, never set).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/msgpack/fields.h"
#include "common/result.h"

namespace cedu::course {

// Returns true iff `s` is "YYYY-MM-DDTHH:MM": a real calendar day, 00:00 to 23:59.
bool valid_local_time(std::string_view s);
// Minutes since 1970-01-01T00:00 of `s`. REQUIRES: valid_local_time(s).
std::int64_t minutes_of(std::string_view s);

// The local time now ("2026-03-07T09:00"), today's date ("2026-03-07"), this year.
std::string local_now();
std::string local_today();
std::int64_t local_year();

// Reads params[key] as a local time. INVALID_ARGUMENT naming the field when it is missing,
// not a string or not of the shape "YYYY-MM-DDTHH:MM".
Result<std::string> read_local_time(const mp::MapView& params, std::string_view key);
// Reads an optional date "YYYY-MM-DD"; nullopt when absent or nil.
Result<std::optional<std::string>> read_optional_date(const mp::MapView& params,
                                                      std::string_view key);

}  // namespace cedu::course
