// Unit tests of the district's calendar: today in China Standard Time and its year.
#define BOOST_TEST_MODULE library_calendar
#include <boost/test/unit_test.hpp>

#include <chrono>

#include "services/library/calendar.h"
#include "services/library/schema.h"

using namespace cedu::library;

BOOST_AUTO_TEST_CASE(today_is_a_real_day_in_china_standard_time) {
  const std::string day = today();
  BOOST_TEST(day.size() == 10u);
  BOOST_TEST(valid_date(day), day);
  BOOST_TEST(current_year() >= 2025);
  BOOST_TEST(day.substr(0, 4) == std::to_string(current_year()));
  // UTC+8: the day is the UTC day or the one after it.
  using namespace std::chrono;
  auto iso = [](sys_days d) {
    const year_month_day ymd{d};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    return std::string(buf);
  };
  const sys_days utc = floor<days>(system_clock::now());
  BOOST_TEST((day == iso(utc) || day == iso(utc + days(1))), day);
}
