// Unit tests of hours as whole minutes: rounding, limits, and the way back to hours.
#define BOOST_TEST_MODULE library_hours
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>

#include "services/library/hours.h"

using namespace cedu::library;
using cedu::StatusCode;

BOOST_AUTO_TEST_CASE(hours_become_whole_minutes) {
  BOOST_TEST(*minutes_of_hours(1, "hours", 24) == 60);
  BOOST_TEST(*minutes_of_hours(1.5, "hours", 24) == 90);
  BOOST_TEST(*minutes_of_hours(2.25, "hours", 24) == 135);
  BOOST_TEST(*minutes_of_hours(1.33, "hours", 24) == 80);  // 79.8 rounds to 80
  BOOST_TEST(*minutes_of_hours(0.01, "hours", 24) == 1);   // never zero
  BOOST_TEST(*minutes_of_hours(0.1, "hours", 24) == 6);
  BOOST_TEST(*minutes_of_hours(24, "hours", 24) == 1440);
  BOOST_TEST(*minutes_of_hours(150, "hours", 200) == 9000);
}

BOOST_AUTO_TEST_CASE(bad_hours_are_invalid_and_name_the_field) {
  for (double bad : {0.0, -1.0, -0.5, 24.01, 25.0, 1.234, 0.001,
                     std::numeric_limits<double>::quiet_NaN(),
                     std::numeric_limits<double>::infinity()}) {
    auto r = minutes_of_hours(bad, "params.hours", 24);
    BOOST_TEST(r.status().code() == StatusCode::kInvalidArgument, "hours " << bad);
    BOOST_TEST(r.status().field() == "params.hours");
  }
  BOOST_TEST(minutes_of_hours(0, "hours", 24).status().message() == "must be more than 0 hours");
  BOOST_TEST(minutes_of_hours(201, "hours", 200).status().message() == "must be at most 200 hours");
  BOOST_TEST(minutes_of_hours(1.234, "hours", 24).status().message() ==
             "must have at most two decimals (1.5, 2.25)");
  BOOST_TEST(minutes_of_hours(std::numeric_limits<double>::infinity(), "hours", 24).status().message() ==
             "must be a finite number of hours");
}

BOOST_AUTO_TEST_CASE(minutes_read_back_as_hours) {
  BOOST_TEST(hours_of_minutes(90) == 1.5);
  BOOST_TEST(hours_of_minutes(80) == 1.33);
  BOOST_TEST(hours_text(80) == "1.33");
  BOOST_TEST(hours_text(90) == "1.5");
  BOOST_TEST(hours_text(6000) == "100");
  BOOST_TEST(hours_text(0) == "0");
}
