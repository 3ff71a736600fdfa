// Unit tests of the volunteer request parameters: hours → whole minutes, dates, years.
#define BOOST_TEST_MODULE volunteer_params
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>

#include "common/msgpack/builder.h"
#include "services/volunteer/params.h"

using namespace cedu::volunteer;
using cedu::StatusCode;
namespace mp = cedu::mp;

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
}

BOOST_AUTO_TEST_CASE(hours_are_read_from_numbers_only) {
  auto read = [](const std::string& bytes) {
    auto h = mp::unpack(bytes, "params").value();
    auto view = mp::MapView::of(h.get(), "params").value();
    return read_hours(view, "hours", 24);
  };
  BOOST_TEST(*read(mp::MapBuilder().set("hours", 3).bytes()) == 180);
  BOOST_TEST(*read(mp::MapBuilder().set("hours", 2.5).bytes()) == 150);
  BOOST_TEST(read(mp::MapBuilder().set("hours", "2.5").bytes()).status().field() == "params.hours");
  BOOST_TEST(read(mp::MapBuilder().set("hours", -2).bytes()).status().field() == "params.hours");
  BOOST_TEST(read(mp::MapBuilder().bytes()).status().field() == "params.hours");
}

BOOST_AUTO_TEST_CASE(minutes_read_back_as_hours) {
  BOOST_TEST(hours_of_minutes(90) == 1.5);
  BOOST_TEST(hours_of_minutes(80) == 1.33);
  BOOST_TEST(hours_text(80) == "1.33");
  BOOST_TEST(hours_text(90) == "1.5");
  BOOST_TEST(hours_text(6000) == "100");
  BOOST_TEST(hours_text(0) == "0");
}

BOOST_AUTO_TEST_CASE(dates_are_real_days_not_in_the_future) {
  auto read = [](const std::string& date) {
    auto h = mp::unpack(mp::MapBuilder().set("date", date).bytes(), "params").value();
    return read_past_date(mp::MapView::of(h.get(), "params").value(), "date");
  };
  BOOST_TEST(*read("2024-02-29") == "2024-02-29");
  BOOST_TEST(*read(today()) == today());
  for (const char* bad : {"2023-02-29", "2025-13-01", "2025/03/01", "yesterday", "1999-12-31", "2999-01-01"}) {
    auto r = read(bad);
    BOOST_TEST(r.status().code() == StatusCode::kInvalidArgument, bad);
    BOOST_TEST(r.status().field() == "params.date");
  }
  BOOST_TEST(today().size() == 10u);
  BOOST_TEST(current_year() >= 2025);
}

BOOST_AUTO_TEST_CASE(years_and_texts) {
  auto view_of = [](const std::string& bytes) { return mp::unpack(bytes, "params").value(); };
  auto y = view_of(mp::MapBuilder().set("year", 1999).bytes());
  BOOST_TEST(read_year(mp::MapView::of(y.get(), "params").value(), "year").status().field() == "params.year");
  auto none = view_of(mp::MapBuilder().bytes());
  BOOST_TEST(!read_year(mp::MapView::of(none.get(), "params").value(), "year")->has_value());
  auto blank = view_of(mp::MapBuilder().set("activity", "   ").bytes());
  BOOST_TEST(read_text(mp::MapView::of(blank.get(), "params").value(), "activity", 10).status().field() ==
             "params.activity");
  auto padded = view_of(mp::MapBuilder().set("activity", " 敬老院探访 ").bytes());
  BOOST_TEST(*read_text(mp::MapView::of(padded.get(), "params").value(), "activity", 10) == "敬老院探访");
  auto id = view_of(mp::MapBuilder().set("volunteer_id", 0).bytes());
  BOOST_TEST(read_id(mp::MapView::of(id.get(), "params").value(), "volunteer_id").status().field() ==
             "params.volunteer_id");
}
