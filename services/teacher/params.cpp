#include "services/teacher/params.h"

#include <chrono>
#include <cmath>
#include <cstdio>

#include "services/library/schema.h"

namespace cedu::teacher {

Result<std::int64_t> read_id(const mp::MapView& params, std::string_view key) {
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, params.int64(key));
  if (id <= 0) return Status::invalid_argument("must be a positive id", params.path_of(key));
  return id;
}

Result<std::optional<std::int64_t>> read_optional_id(const mp::MapView& params, std::string_view key) {
  if (!params.has(key)) return std::optional<std::int64_t>();
  CEDU_ASSIGN_OR_RETURN(auto id, params.optional_int64(key));
  if (id && *id <= 0) return Status::invalid_argument("must be a positive id", params.path_of(key));
  return id;
}

Result<std::optional<std::string>> read_optional_text(const mp::MapView& params,
                                                      std::string_view key, std::size_t max) {
  CEDU_ASSIGN_OR_RETURN(auto text, params.optional_string(key));
  if (!text) return std::optional<std::string>();
  const char* ws = " \t\r\n";
  const auto first = text->find_first_not_of(ws);
  if (first == std::string::npos) return std::optional<std::string>();
  std::string t = text->substr(first, text->find_last_not_of(ws) - first + 1);
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

Result<std::int64_t> read_hours(const mp::MapView& params, std::string_view key, double max_hours) {
  CEDU_ASSIGN_OR_RETURN(double hours, params.number(key));
  const std::string field = params.path_of(key);
  if (!std::isfinite(hours) || hours <= 0) return Status::invalid_argument("must be more than 0 hours", field);
  if (hours > max_hours) {
    return Status::invalid_argument("must be at most " + std::to_string(static_cast<int>(max_hours)) + " hours",
                                    field);
  }
  const double hundredths = hours * 100.0;
  if (std::fabs(hundredths - std::round(hundredths)) > 1e-6) {
    return Status::invalid_argument("must have at most two decimals (1.5, 2.25)", field);
  }
  const auto minutes = static_cast<std::int64_t>(std::llround(std::round(hundredths) * 0.6));
  return minutes < 1 ? std::int64_t{1} : minutes;
}

double hours_of_minutes(std::int64_t minutes) {
  return std::round(static_cast<double>(minutes) * 100.0 / 60.0) / 100.0;
}

Result<std::string> read_date(const mp::MapView& params, std::string_view key, bool not_future) {
  CEDU_ASSIGN_OR_RETURN(std::string date, params.string(key));
  if (!library::valid_date(date)) {
    return Status::invalid_argument("must be a date YYYY-MM-DD, not '" + date.substr(0, 40) + "'",
                                    params.path_of(key));
  }
  if (date < "2000-01-01") return Status::invalid_argument("must be 2000-01-01 or later", params.path_of(key));
  if (not_future && date > today()) {
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

std::string today() {
  using namespace std::chrono;
  const year_month_day ymd{floor<days>(system_clock::now() + hours(8))};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

int current_year() { return std::stoi(today().substr(0, 4)); }

}  // namespace cedu::teacher
