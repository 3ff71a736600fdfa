#include "services/library/hours.h"

#include <cmath>
#include <cstdio>

namespace cedu::library {

Result<std::int64_t> minutes_of_hours(double hours, const std::string& field, double max_hours) {
  if (!std::isfinite(hours)) return Status::invalid_argument("must be a finite number of hours", field);
  if (hours <= 0) return Status::invalid_argument("must be more than 0 hours", field);
  char max_text[32];
  std::snprintf(max_text, sizeof max_text, "%g", max_hours);
  if (hours > max_hours) {
    return Status::invalid_argument("must be at most " + std::string(max_text) + " hours", field);
  }
  const double hundredths = hours * 100.0;
  if (std::fabs(hundredths - std::round(hundredths)) > 1e-6) {
    return Status::invalid_argument("must have at most two decimals (1.5, 2.25)", field);
  }
  // Rounded to the nearest minute; 0.01 h is 0.6 min and counts as 1.
  const auto minutes = static_cast<std::int64_t>(std::llround(std::round(hundredths) * 0.6));
  return minutes < 1 ? std::int64_t{1} : minutes;
}

double hours_of_minutes(std::int64_t minutes) {
  return std::round(static_cast<double>(minutes) * 100.0 / 60.0) / 100.0;
}

std::string hours_text(std::int64_t minutes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", hours_of_minutes(minutes));
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

}  // namespace cedu::library
