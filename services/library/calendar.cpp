#include "services/library/calendar.h"

#include <chrono>
#include <cstdio>

namespace cedu::library {

std::string today() {
  using namespace std::chrono;
  const year_month_day ymd{floor<days>(system_clock::now() + hours(8))};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

int current_year() { return std::stoi(today().substr(0, 4)); }

}  // namespace cedu::library
