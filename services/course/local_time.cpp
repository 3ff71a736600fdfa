#include "services/course/local_time.h"

#include <chrono>
#include <cstdio>
#include <ctime>

#include "services/library/schema.h"

namespace cedu::course {
namespace {

constexpr std::int64_t kUtcOffsetSeconds = 8 * 3600;  // China Standard Time

// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

int digits(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

std::tm local_tm() {
  const std::time_t now = std::time(nullptr) + kUtcOffsetSeconds;
  std::tm tm{};
  gmtime_r(&now, &tm);
  return tm;
}

}  // namespace

bool valid_local_time(std::string_view s) {
  if (s.size() != 16 || s[10] != 'T' || s[13] != ':') return false;
  if (!library::valid_date(s.substr(0, 10))) return false;
  for (int i : {11, 12, 14, 15}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return digits(s.substr(11, 2)) <= 23 && digits(s.substr(14, 2)) <= 59;
}

std::int64_t minutes_of(std::string_view s) {
  const std::int64_t days = days_from_civil(digits(s.substr(0, 4)),
                                            static_cast<unsigned>(digits(s.substr(5, 2))),
                                            static_cast<unsigned>(digits(s.substr(8, 2))));
  return days * 1440 + digits(s.substr(11, 2)) * 60 + digits(s.substr(14, 2));
}

std::string local_now() {
  const std::tm tm = local_tm();
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min);
  return buf;
}

std::string local_today() { return local_now().substr(0, 10); }

std::int64_t local_year() { return local_tm().tm_year + 1900; }

Result<std::string> read_local_time(const mp::MapView& p, std::string_view key) {
  CEDU_ASSIGN_OR_RETURN(std::string s, p.string(key));
  if (!valid_local_time(s)) {
    return Status::invalid_argument("'" + s.substr(0, 40) +
                                        "' is not a local time YYYY-MM-DDTHH:MM (2026-03-07T09:00)",
                                    p.path_of(key));
  }
  return s;
}

Result<std::optional<std::string>> read_optional_date(const mp::MapView& p, std::string_view key) {
  CEDU_ASSIGN_OR_RETURN(auto s, p.optional_string(key));
  if (s && !library::valid_date(*s)) {
    return Status::invalid_argument("'" + s->substr(0, 40) + "' is not a date YYYY-MM-DD",
                                    p.path_of(key));
  }
  return s;
}

}  // namespace cedu::course
