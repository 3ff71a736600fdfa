// The district's calendar: today's date and the current year in China Standard Time
// (UTC+8, no daylight saving), which the libraries check dates and years against.
// Thread-safety: pure functions of the system clock.
#pragma once

#include <string>

namespace cedu::library {

// Today in China Standard Time, "YYYY-MM-DD".
std::string today();
// The current year in China Standard Time.
int current_year();

}  // namespace cedu::library
