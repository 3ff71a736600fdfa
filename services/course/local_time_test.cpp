#define BOOST_TEST_MODULE course_local_time
#include <boost/test/unit_test.hpp>

#include "common/msgpack/builder.h"
#include "services/course/local_time.h"

using namespace cedu::course;
namespace mp = cedu::mp;

BOOST_AUTO_TEST_CASE(only_real_local_times_of_one_shape_are_valid) {
  for (const char* ok : {"2026-03-07T09:00", "2024-02-29T23:59", "2026-12-31T00:00"}) {
    BOOST_TEST(valid_local_time(ok), ok);
  }
  for (const char* bad : {"2026-03-07 09:00", "2026-03-07T9:00", "2026-02-29T09:00",
                          "2026-03-07T24:00", "2026-03-07T09:60", "2026-03-07T09:00:00",
                          "2026-03-07T09:00Z", "", "2026-13-01T09:00", "2026-03-07Tab:cd"}) {
    BOOST_TEST(!valid_local_time(bad), bad);
  }
}

BOOST_AUTO_TEST_CASE(minutes_count_across_days_months_and_leap_years) {
  BOOST_TEST(minutes_of("1970-01-01T00:00") == 0);
  BOOST_TEST(minutes_of("2026-03-07T11:30") - minutes_of("2026-03-07T09:00") == 150);
  BOOST_TEST(minutes_of("2024-03-01T00:00") - minutes_of("2024-02-28T00:00") == 2 * 1440);
  BOOST_TEST(minutes_of("2027-01-01T00:10") - minutes_of("2026-12-31T23:50") == 20);
}

BOOST_AUTO_TEST_CASE(reading_names_the_field) {
  mp::MapBuilder b;
  b.set("starts_at", "2026-03-07 09:00").set("n", 5).set("from", "2026-02-30");
  auto h = mp::unpack(b.bytes(), "params").value();
  auto p = mp::MapView::of(h.get(), "params").value();
  BOOST_TEST(read_local_time(p, "starts_at").status().field() == "params.starts_at");
  BOOST_TEST(read_local_time(p, "n").status().field() == "params.n");
  BOOST_TEST(read_local_time(p, "ends_at").status().field() == "params.ends_at");
  BOOST_TEST(read_optional_date(p, "from").status().field() == "params.from");
  BOOST_TEST(!read_optional_date(p, "to").value().has_value());
}

BOOST_AUTO_TEST_CASE(now_is_a_valid_local_time) {
  BOOST_TEST(valid_local_time(local_now()));
  BOOST_TEST(local_today().size() == 10u);
  BOOST_TEST(local_year() >= 2024);
}
