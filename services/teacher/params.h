// Reading the parameters of teacher requests — ids, texts, hours, dates, years — with
// every error an INVALID_ARGUMENT naming the field. Hours travel as a number with at most
// two decimals and are kept as whole minutes (rounded to the nearest minute). Dates are
// "YYYY-MM-DD" in the district's calendar (China Standard Time, UTC+8).
// Thread-safety: pure functions (today() reads the clock).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/msgpack/fields.h"
#include "common/result.h"

namespace cedu::teacher {

// The positive id parameter `key`.
Result<std::int64_t> read_id(const mp::MapView& params, std::string_view key);
// The optional positive id parameter `key`.
Result<std::optional<std::int64_t>> read_optional_id(const mp::MapView& params, std::string_view key);
// The text parameter `key`, trimmed, non-empty, at most `max` code points.
Result<std::string> read_text(const mp::MapView& params, std::string_view key, std::size_t max);
// As read_text, optional: nullopt when absent, nil or blank.
Result<std::optional<std::string>> read_optional_text(const mp::MapView& params,
                                                      std::string_view key, std::size_t max);
// The hours parameter `key` (a number > 0, ≤ max_hours, at most two decimals) in minutes.
Result<std::int64_t> read_hours(const mp::MapView& params, std::string_view key, double max_hours);
// Hours for replies: minutes / 60 rounded to two decimals.
double hours_of_minutes(std::int64_t minutes);
// The date parameter `key`: a real calendar day "YYYY-MM-DD" from 2000 on; with
// `not_future`, not after today.
Result<std::string> read_date(const mp::MapView& params, std::string_view key, bool not_future);
// The optional year parameter `key`: 2000..current_year().
Result<std::optional<int>> read_year(const mp::MapView& params, std::string_view key);

std::string today();  // China Standard Time, "YYYY-MM-DD"
int current_year();

}  // namespace cedu::teacher
