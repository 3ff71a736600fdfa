#include "services/volunteer/params.h"

#include <chrono>
#include <cmath>
#include <cstdio>

#include "services/library/schema.h"

namespace cedu::volunteer {

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

Result<std::int64_t> read_hours(const mp::MapView& params, std::string_view key, double max_hours) {
  CEDU_ASSIGN_OR_RETURN(double hours, params.number(key));
  return minutes_of_hours(hours, params.path_of(key), max_hours);
}

double hours_of_minutes(std::int64_t minutes) {
  return std::round(static_cast<double>(minutes) * 100.0 / 60.0) / 100.0;
}

Result<std::int64_t> read_id(const mp::MapView& params, std::string_view key) {
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, params.int64(key));
  if (id <= 0) return Status::invalid_argument("must be a positive id", params.path_of(key));
  return id;
}

namespace {

std::string trim(std::string s) {
  const char* ws = " \t\r\n";
  const auto first = s.find_first_not_of(ws);
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(ws) - first + 1);
}

}  // namespace

Result<std::optional<std::string>> read_optional_text(const mp::MapView& params,
                                                      std::string_view key, std::size_t max) {
  CEDU_ASSIGN_OR_RETURN(auto text, params.optional_string(key));
  if (!text) return std::optional<std::string>();
  std::string t = trim(*text);
  if (t.empty()) return std::optional<std::string>();
  if (library::code_points(t) > max) {
    return Status::invalid_argument("must be at most " + std::to_string(max) + " characters",
                                    params.path_of(key));
  }
  return std::optional<std::string>(std::move(t));
}

Result<std::string> read_text(const mp::MapView& params, std::string_view key, std::size_t max) {
  CEDU_RETURN_IF_ERROR(params.string(key).status());  // missing or not a string
  CEDU_ASSIGN_OR_RETURN(auto text, read_optional_text(params, key, max));
  if (!text) return Status::invalid_argument("must not be empty", params.path_of(key));
  return *text;
}

std::string hours_text(std::int64_t minutes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", hours_of_minutes(minutes));
  std::string s = buf;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

std::string today() {
  using namespace std::chrono;
  const auto cst = floor<days>(system_clock::now() + hours(8));
  const year_month_day ymd{cst};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

int current_year() { return std::stoi(today().substr(0, 4)); }

Result<std::string> read_past_date(const mp::MapView& params, std::string_view key) {
  CEDU_ASSIGN_OR_RETURN(std::string date, params.string(key));
  if (!library::valid_date(date)) {
    return Status::invalid_argument("must be a date YYYY-MM-DD, not '" + date.substr(0, 40) + "'",
                                    params.path_of(key));
  }
  if (date < "2000-01-01") {
    return Status::invalid_argument("must be 2000-01-01 or later", params.path_of(key));
  }
  if (date > today()) {
    return Status::invalid_argument("must not be in the future (today is " + today() + ")",
                                    params.path_of(key));
  }
  return date;
}

Result<std::optional<int>> read_year(const mp::MapView& params, std::string_view key) {
  CEDU_ASSIGN_OR_RETURN(auto year, params.optional_int64(key));
  if (!year) return std::optional<int>();
  if (*year < 2000 || *year > current_year()) {
    return Status::invalid_argument("must be a year from 2000 to " + std::to_string(current_year()),
                                    params.path_of(key));
  }
  return std::optional<int>(static_cast<int>(*year));
}

}  // namespace cedu::volunteer
