// Hours of service and training as the libraries keep them. They travel as a number of
// hours with at most two decimals (1.5, 2.25) and are stored as whole minutes: a value is
// rounded to the nearest minute (1.33 h → 80 min, 0.01 h → 1 min), so totals never
// accumulate floating-point error. Replies give them back as hours with two decimals.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>

#include "common/result.h"

namespace cedu::library {

// Whole minutes of `hours`. INVALID_ARGUMENT naming `field` iff hours is not finite, not
// > 0, more than `max_hours`, or has more than two decimals.
Result<std::int64_t> minutes_of_hours(double hours, const std::string& field, double max_hours);
// Hours for replies: minutes / 60 rounded to two decimals (80 → 1.33).
double hours_of_minutes(std::int64_t minutes);
// The same as text for messages and documents: "1.33", "2.5", "100".
std::string hours_text(std::int64_t minutes);

}  // namespace cedu::library
