// Reading the parameters of volunteer requests — ids, texts, hours, dates, years — and the
// calendar they are checked against. Every error is INVALID_ARGUMENT naming the field. Hours travel as a number of hours with at most two decimals
// (1.5, 2.25) and are stored as whole minutes: a value is rounded to the nearest minute
// (1.33 h → 80 min), so totals never accumulate floating-point error. Dates are
// "YYYY-MM-DD" in the district's calendar (China Standard Time, UTC+8).
// Thread-safety: pure functions (today() reads the clock).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/msgpack/fields.h"
#include "common/result.h"

namespace cedu::volunteer {

// Whole minutes of `hours`. INVALID_ARGUMENT naming `field` iff hours is not finite, not
// > 0, more than `max_hours`, or has more than two decimals.
Result<std::int64_t> minutes_of_hours(double hours, const std::string& field, double max_hours);
// The hours parameter `key` of `params` (a number) as minutes; errors name the field.
Result<std::int64_t> read_hours(const mp::MapView& params, std::string_view key, double max_hours);
// Hours for replies: minutes / 60 rounded to two decimals (80 → 1.33).
double hours_of_minutes(std::int64_t minutes);
// The same as text for messages and documents: "1.33", "2.5", "100".
std::string hours_text(std::int64_t minutes);

// The positive id parameter `key` (a record or entry id).
Result<std::int64_t> read_id(const mp::MapView& params, std::string_view key);
// The text parameter `key`, trimmed: required non-empty, at most `max` code points.
Result<std::string> read_text(const mp::MapView& params, std::string_view key, std::size_t max);
// As read_text, optional: nullopt when absent or nil; an empty text counts as absent.
Result<std::optional<std::string>> read_optional_text(const mp::MapView& params,
                                                      std::string_view key, std::size_t max);

// Today in China Standard Time, "YYYY-MM-DD".
std::string today();
// The current year in China Standard Time.
int current_year();
// The date parameter `key` of `params`: a real calendar day "YYYY-MM-DD" from 2000 on and
// not after today. INVALID_ARGUMENT naming the field otherwise.
Result<std::string> read_past_date(const mp::MapView& params, std::string_view key);
// The optional year parameter `key`: 2000..current_year(); nullopt when absent.
Result<std::optional<int>> read_year(const mp::MapView& params, std::string_view key);

}  // namespace cedu::volunteer
