// Unit tests of the course's yearly figures for a town or station without the bus:
// course.activity (sessions held, courses, local courses, completions dated in China time)
// and course.participants limited to one station's residents — the figures the evaluation
// and funding services' automatic indicators take — and the refusals of their scope params.
#define BOOST_TEST_MODULE course_activity
#include <boost/test/unit_test.hpp>

#include "services/course/course_test_fixture.h"
#include "services/course/local_time.h"

using namespace cedu::course::testing;
using cedu::StatusCode;
namespace mp = cedu::mp;

namespace {

struct ActivityFixture : CourseFixture {
  // A published course of `category` held at `station` of nancun ("" for the town itself).
  std::int64_t held_course(const std::string& title, const std::string& category,
                           const std::string& station) {
    mp::MapBuilder b;
    b.set("title", title).set("town", "nancun").set("category", category).set("hours", 8);
    if (!station.empty()) b.set("station", station);
    auto created = call("create", b.bytes());
    BOOST_REQUIRE_MESSAGE(created.ok(), created.status().to_string());
    const std::int64_t id = view(*created).int64("id").value();
    BOOST_REQUIRE(call("publish", mp::MapBuilder().set("id", id).set("version", 1).bytes()).ok());
    return id;
  }
  mp::MapView figures(const std::string& method, const mp::MapBuilder& params) {
    replies.push_back(call(method, params.bytes()));
    BOOST_REQUIRE_MESSAGE(replies.back().ok(), replies.back().status().to_string());
    return view(*replies.back());
  }
  std::vector<cedu::Result<msgpack::object_handle>> replies;
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(activity, ActivityFixture)

BOOST_AUTO_TEST_CASE(sessions_held_in_a_year_count_per_town_and_station) {
  const auto opera = held_course("粤剧欣赏", "local", "nancun-01");
  const auto health = held_course("养生讲座", "health", "nancun-01");
  const auto town_course = held_course("书法入门", "culture", "");
  const auto draft = course("未发布课程", "nancun", 0, /*publish=*/false);
  BOOST_REQUIRE(session(opera, "2030-03-07T09:00", "2030-03-07T11:00", "礼堂").ok());
  BOOST_REQUIRE(session(opera, "2030-03-14T09:00", "2030-03-14T11:00", "礼堂").ok());
  BOOST_REQUIRE(session(opera, "2031-01-04T09:00", "2031-01-04T11:00", "礼堂").ok());  // next year
  BOOST_REQUIRE(session(health, "2030-05-01T09:00", "2030-05-01T11:00", "201室").ok());
  auto cancelled = session(health, "2030-06-01T09:00", "2030-06-01T11:00", "201室");
  BOOST_REQUIRE(cancelled.ok());
  BOOST_REQUIRE(call("cancel_session",
                     mp::MapBuilder().set("session_id", view(*cancelled).int64("id").value()).bytes())
                    .ok());
  BOOST_REQUIRE(session(town_course, "2030-05-01T09:00", "2030-05-01T11:00", "302室").ok());
  BOOST_REQUIRE(session(draft, "2030-05-02T09:00", "2030-05-02T11:00", "302室").ok());  // a draft

  auto station = figures("activity", (mp::MapBuilder().set("year", 2030).set("town", "南村镇")
                                                  .set("station", "南村村")));
  BOOST_TEST(station.string("town").value() == "nancun");
  BOOST_TEST(station.string("station").value() == "nancun-01");
  BOOST_TEST(station.int64("sessions").value() == 3);
  BOOST_TEST(station.int64("courses").value() == 2);
  BOOST_TEST(station.int64("local_courses").value() == 1);

  auto town = figures("activity", (mp::MapBuilder().set("year", 2030).set("town", "nancun")));
  BOOST_TEST(town.int64("sessions").value() == 4);
  BOOST_TEST(town.int64("courses").value() == 3);
  BOOST_TEST(!town.optional_string("station").value().has_value());

  auto other_year = figures("activity", (mp::MapBuilder().set("year", 2031)));
  BOOST_TEST(other_year.int64("sessions").value() == 1);
  BOOST_TEST(other_year.int64("local_courses").value() == 1);
  BOOST_TEST(!other_year.optional_string("town").value().has_value());
}

BOOST_AUTO_TEST_CASE(completions_count_in_the_china_year_of_the_course_town_and_station) {
  const auto opera = held_course("粤剧欣赏", "local", "nancun-01");
  const auto elsewhere = course("书法入门", "shiqiao");
  auto completed = [&](std::int64_t course_id, const std::string& phone) {
    auto e = enrol(course_id, phone, "nancun");
    BOOST_REQUIRE_MESSAGE(e.ok(), e.status().to_string());
    const std::int64_t id = view(*e).int64("id").value();
    auto done = call("complete", mp::MapBuilder().set("enrolment_id", id).bytes());
    BOOST_REQUIRE_MESSAGE(done.ok(), done.status().to_string());
    return id;
  };
  // completed_at is UTC; the year is China's (UTC+8), so a New Year's Eve evening in
  // Panyu after 16:00 UTC is already the next year. Set the stored stamps to the edges.
  auto completed_on = [&](std::int64_t enrolment, const std::string& utc) {
    BOOST_REQUIRE(lib->store().db().exec("UPDATE course_enrolments SET completed_at = '" + utc +
                                         "' WHERE id = " + std::to_string(enrolment)).is_ok());
  };
  completed_on(completed(opera, "13800000001"), "2029-12-31T16:30:00.000Z");  // 2030-01-01 00:30
  completed_on(completed(opera, "13800000002"), "2029-12-31T15:59:59.000Z");  // 2029-12-31 23:59
  completed_on(completed(opera, "13800000003"), "2030-06-01T02:00:00.000Z");
  BOOST_REQUIRE(enrol(opera, "13800000004", "nancun").ok());  // enrolled, never completed
  completed(elsewhere, "13800000005");                        // completed now, in Shiqiao

  auto completions = [&](mp::MapBuilder params) {
    return figures("activity", params).int64("completions").value();
  };
  BOOST_TEST(completions(mp::MapBuilder().set("year", 2030).set("town", "nancun").set("station", "nancun-01")) == 2);
  BOOST_TEST(completions(mp::MapBuilder().set("year", 2030).set("town", "nancun")) == 2);
  BOOST_TEST(completions(mp::MapBuilder().set("year", 2030).set("town", "nancun").set("station", "nancun-02")) == 0);
  BOOST_TEST(completions(mp::MapBuilder().set("year", 2029)) == 1);
  BOOST_TEST(completions(mp::MapBuilder().set("year", 2030).set("town", "shiqiao")) == 0);
  BOOST_TEST(completions(mp::MapBuilder().set("year", cedu::course::local_year()).set("town", "shiqiao")) == 1);
  BOOST_TEST(completions(mp::MapBuilder().set("year", cedu::course::local_year())) == 1);
}

BOOST_AUTO_TEST_CASE(participants_of_one_station_are_its_residents) {
  const auto a = course("书法入门");
  BOOST_REQUIRE(session(a, "2030-03-07T09:00", "2030-03-07T11:00", "201室").ok());
  auto enrol_at = [&](const std::string& phone, const std::string& station, std::int64_t born) {
    mp::MapBuilder b;
    b.set("course_id", a).set("name", "陈伯").set("phone", phone).set("town", "nancun")
        .set("birth_year", born);
    if (!station.empty()) b.set("station", station);
    auto r = call("enrol", b.bytes());
    BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  };
  enrol_at("13800000001", "nancun-01", 1950);
  enrol_at("13800000002", "nancun-01", 1990);
  enrol_at("13800000003", "nancun-02", 1950);
  enrol_at("13800000004", "", 1950);

  auto one = figures("participants", (mp::MapBuilder().set("year", 2030).set("town", "nancun")
                                                  .set("station", "nancun-01")));
  BOOST_TEST(one.map("total").value().int64("participants").value() == 2);
  BOOST_TEST(one.map("total").value().int64("elderly").value() == 1);
  auto town = figures("participants", (mp::MapBuilder().set("year", 2030).set("town", "nancun")));
  BOOST_TEST(town.map("total").value().int64("participants").value() == 4);
  BOOST_TEST(town.map("total").value().int64("elderly").value() == 3);
}

BOOST_AUTO_TEST_CASE(a_bad_scope_names_its_field) {
  for (const char* method : {"activity", "participants"}) {
    auto no_town = call(method, mp::MapBuilder().set("station", "nancun-01").bytes());
    BOOST_TEST(no_town.status().code() == StatusCode::kInvalidArgument);
    BOOST_TEST(no_town.status().field() == "params.station");
    auto foreign = call(method, mp::MapBuilder().set("town", "shiqiao").set("station", "nancun-01").bytes());
    BOOST_TEST(foreign.status().field() == "params.station");
    BOOST_TEST(call(method, mp::MapBuilder().set("town", "atlantis").bytes()).status().field() ==
               "params.town");
    BOOST_TEST(call(method, mp::MapBuilder().set("year", 1800).bytes()).status().field() ==
               "params.year");
    BOOST_TEST(call(method, mp::MapBuilder().set("month", 3).bytes()).status().field() ==
               "params.month");
  }
}

BOOST_AUTO_TEST_SUITE_END()
