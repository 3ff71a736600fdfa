// cedu-course over the real bus with CURVE, beside the real cedu-teacher: courses published
// and found in the learning catalogue, sessions with a teacher checked over the bus and
// double bookings refused, the teacher service killed (UNAVAILABLE in time, nothing
// written), the volunteer service absent, enrolment with waitlist and promotion, the
// completion event as a subscriber without the pii right receives it, organisations and
// town admins seeing only what is theirs with phones masked.
#define BOOST_TEST_MODULE course_bus
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <thread>

#include "tests/support/bus_fixture.h"
#include "tests/support/library_services.h"
#include "tests/support/library_test_helpers.h"

using namespace std::chrono_literals;
using cedu::StatusCode;
using namespace cedu::testing;
namespace mp = cedu::mp;

namespace {

const std::vector<GrantSpec> kGrants = {
    {"service:course", {"teacher.*", "volunteer.*"}, {}},
    {"service:teacher", {}, {}},
    {"service:volunteer", {}, {}},
    {"org:art-school", {"course.*"}, {"course.*"}},
    {"town-admin:nancun", {"course.*", "teacher.*"}, {"course.*"}},
    // The credit bank's view of the events: no pii right.
    {"service:evaluation", {"course.participants"}, {"course.*"}},
};

// Creates (and publishes) a course as `c`'s principal.
std::int64_t course(cedu::Client& c, const std::string& title, const std::string& town,
                    std::int64_t capacity = 0, bool publish = true) {
  mp::MapBuilder b;
  b.set("title", title).set("town", town).set("category", "culture").set("hours", 16)
      .set("audiences", std::vector<std::string>{"elderly"}).set("summary", title + "，零基础");
  if (capacity > 0) b.set("capacity", capacity);
  const auto id = id_of(c.call("course", "create", b.bytes()));
  if (publish) {
    auto p = c.call("course", "publish", mp::MapBuilder().set("id", id).set("version", 1).bytes());
    BOOST_REQUIRE_MESSAGE(p.ok(), p.status().to_string());
  }
  return id;
}

std::string session(std::int64_t course_id, const std::string& starts, const std::string& ends,
                    const std::string& venue, std::optional<std::int64_t> teacher = std::nullopt) {
  mp::MapBuilder b;
  b.set("course_id", course_id).set("starts_at", starts).set("ends_at", ends).set("venue", venue)
      .set("lat", 22.95).set("lon", 113.36);
  if (teacher) b.set("teacher_id", *teacher);
  return b.bytes();
}

std::string enrolment(std::int64_t course_id, const std::string& phone, const std::string& town,
                      std::int64_t birth_year = 1955) {
  return mp::MapBuilder().set("course_id", course_id).set("name", "陈伯").set("phone", phone)
      .set("town", town).set("birth_year", birth_year).bytes();
}

std::int64_t teacher(cedu::Client& c, const std::string& name, const std::string& phone) {
  return id_of(c.call("teacher", "create", teacher_params(name, "nancun", phone).bytes()));
}

}  // namespace

BOOST_AUTO_TEST_CASE(courses_sessions_clashes_and_the_catalogue) {
  BusFixture bus(kGrants);
  auto teachers = cedu::testing::start_library_service(bus, "teacher");
  auto courses = cedu::testing::start_library_service(bus, "course");
  auto admin = bus.client();
  const auto li = teacher(*admin, "李老师", "13812345678");

  const auto calligraphy = course(*admin, "书法入门", "nancun");
  const auto opera = course(*admin, "粤剧欣赏", "shiqiao");
  auto s = admin->call("course", "add_session",
                       session(calligraphy, "2030-03-07T09:00", "2030-03-07T11:00", "南村文化站", li));
  BOOST_REQUIRE_MESSAGE(s.ok(), s.status().to_string());
  BOOST_TEST(view(*s).int64("teacher_id").value() == li);

  // The same teacher in an overlapping session of another course: refused, naming it.
  auto clash = admin->call("course", "add_session",
                           session(opera, "2030-03-07T10:00", "2030-03-07T12:00", "市桥礼堂", li));
  BOOST_TEST(clash.status().code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(clash.status().field() == "params.teacher_id");
  BOOST_TEST(clash.status().message().find("书法入门") != std::string::npos, clash.status().message());
  BOOST_TEST(clash.status().message().find("2030-03-07T09:00") != std::string::npos);
  // An unknown teacher is NOT_FOUND from the teacher library.
  auto nobody = admin->call("course", "add_session",
                            session(opera, "2030-03-08T10:00", "2030-03-08T12:00", "市桥礼堂", li + 100));
  BOOST_TEST(nobody.status().code() == StatusCode::kNotFound);
  BOOST_TEST(nobody.status().field() == "params.teacher_id");
  BOOST_REQUIRE(admin->call("course", "add_session",
                            session(opera, "2030-03-08T10:00", "2030-03-08T12:00", "市桥礼堂", li)).ok());

  // The catalogue, for anyone: published courses by their next session, with the map
  // position of each session.
  auto town = bus.client_as("town-admin:nancun");
  auto cat = town->call("course", "catalogue",
                        mp::MapBuilder().set("from", "2030-03-01").set("to", "2030-03-31").bytes());
  BOOST_REQUIRE_MESSAGE(cat.ok(), cat.status().to_string());
  const auto* items = view(*cat).array("items").value();
  BOOST_REQUIRE_EQUAL(items->via.array.size, 2u);
  BOOST_TEST(item(items, 0).map("course").value().int64("id").value() == calligraphy);
  BOOST_TEST(item(items, 1).map("course").value().int64("id").value() == opera);
  auto first = item(item(items, 0).array("sessions").value(), 0);
  BOOST_TEST(first.number("lat").value() == 22.95);
  auto search = town->call("course", "search", mp::MapBuilder().set("q", "零基础").bytes());
  BOOST_REQUIRE(search.ok());
  BOOST_TEST(items_of(*search) == 2u);

  // A town admin schedules only its town's courses; the refusal is audited.
  auto foreign = town->call("course", "add_session",
                            session(opera, "2030-03-09T10:00", "2030-03-09T12:00", "市桥礼堂"));
  BOOST_TEST(foreign.status().code() == StatusCode::kPermissionDenied);
  auto audit = admin->call("course", "audit", mp::MapBuilder().set("outcome", "denied").bytes());
  BOOST_REQUIRE(audit.ok());
  BOOST_TEST(items_of(*audit, "entries") == 1u);
}

BOOST_AUTO_TEST_CASE(a_dead_teacher_service_is_unavailable_in_time_and_nothing_is_written) {
  BusFixture bus(kGrants);
  auto teachers = cedu::testing::start_library_service(bus, "teacher");
  auto courses = cedu::testing::start_library_service(bus, "course");
  auto admin = bus.client();
  const auto li = teacher(*admin, "李老师", "13812345678");
  const auto id = course(*admin, "书法入门", "nancun");

  teachers.signal(SIGKILL);
  (void)teachers.wait(2000ms);
  cedu::CallOptions o;
  o.timeout = 5000ms;
  const auto start = std::chrono::steady_clock::now();
  auto r = admin->call("course", "add_session",
                       session(id, "2030-03-07T09:00", "2030-03-07T11:00", "南村文化站", li), o);
  const auto took =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST(r.status().code() == StatusCode::kUnavailable, r.status().to_string());
  BOOST_TEST(r.status().message().find("teacher") != std::string::npos);
  BOOST_TEST(took < 3500, took << " ms");
  // The course service itself is still serving, and nothing was written.
  auto sessions = admin->call("course", "sessions",
                              mp::MapBuilder().set("course_id", id).set("include_cancelled", true).bytes());
  BOOST_REQUIRE(sessions.ok());
  BOOST_TEST(items_of(*sessions) == 0u);
  auto audit = admin->call("course", "audit",
                           mp::MapBuilder().set("method", "course.add_session").bytes());
  BOOST_TEST(items_of(*audit, "entries") == 0u);

  // A caller with little time left gets its answer within that time.
  cedu::CallOptions short_deadline;
  short_deadline.timeout = 800ms;
  const auto start2 = std::chrono::steady_clock::now();
  auto quick = admin->call("course", "add_session",
                           session(id, "2030-03-07T09:00", "2030-03-07T11:00", "南村文化站", li),
                           short_deadline);
  BOOST_TEST(!quick.ok());
  const auto took2 =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start2).count();
  BOOST_TEST(took2 < 2000, took2 << " ms");

  // Without a teacher nobody needs to be asked.
  BOOST_TEST(admin->call("course", "add_session",
                         session(id, "2030-03-07T09:00", "2030-03-07T11:00", "南村文化站")).ok());

  // No volunteer service runs: assigning a volunteer is UNAVAILABLE, nothing written.
  auto s = admin->call("course", "sessions", mp::MapBuilder().set("course_id", id).bytes());
  const auto session_id = item(*s, "items", 0).int64("id").value();
  auto v = admin->call("course", "assign_volunteer",
                       mp::MapBuilder().set("session_id", session_id).set("volunteer_id", 7).bytes(), o);
  BOOST_TEST(v.status().code() == StatusCode::kUnavailable, v.status().to_string());
  BOOST_TEST(v.status().field() == "params.volunteer_id");
  auto after = admin->call("course", "sessions", mp::MapBuilder().set("course_id", id).bytes());
  BOOST_TEST(item(*after, "items", 0).array("volunteer_ids").value()->via.array.size ==
             0u);
}

BOOST_AUTO_TEST_CASE(a_volunteer_of_the_volunteer_library_is_assigned) {
  // With cedu-volunteer running the volunteer is checked there; an unknown one is NOT_FOUND.
  BusFixture bus(kGrants);
  auto volunteers = cedu::testing::start_library_service(bus, "volunteer");
  auto courses = cedu::testing::start_library_service(bus, "course");
  auto admin = bus.client();
  const auto volunteer = id_of(admin->call(
      "volunteer", "create", volunteer_params("张义工", "nancun", "13912345678").bytes()));
  const auto id = course(*admin, "书法入门", "nancun");
  const auto session_id =
      id_of(admin->call("course", "add_session",
                        session(id, "2030-03-07T09:00", "2030-03-07T11:00", "南村文化站")));
  auto r = admin->call("course", "assign_volunteer",
                       mp::MapBuilder().set("session_id", session_id).set("volunteer_id", volunteer).bytes());
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  BOOST_TEST(items_of(*r, "volunteer_ids") == 1u);
  auto unknown = admin->call("course", "assign_volunteer",
                             mp::MapBuilder().set("session_id", session_id)
                                 .set("volunteer_id", volunteer + 100).bytes());
  BOOST_TEST(unknown.status().code() == StatusCode::kNotFound);
  BOOST_TEST(unknown.status().field() == "params.volunteer_id");
}

BOOST_AUTO_TEST_CASE(the_waitlist_moves_up_and_completion_reaches_the_credit_bank_masked) {
  BusFixture bus(kGrants);
  auto courses = cedu::testing::start_library_service(bus, "course");
  auto admin = bus.client();
  auto credit_bank = bus.client_as("service:evaluation");
  std::vector<cedu::Event> events;
  BOOST_REQUIRE(credit_bank->subscribe("course.", 0, [&](const cedu::Event& e) {
                  events.push_back(e);
                }).is_ok());

  const auto id = course(*admin, "书法入门", "nancun", 1);
  const auto first = id_of(admin->call("course", "enrol", enrolment(id, "13800000001", "nancun")));
  auto second = admin->call("course", "enrol", enrolment(id, "13812345678", "南村镇", 1958));
  BOOST_REQUIRE_MESSAGE(second.ok(), second.status().to_string());
  BOOST_TEST(view(*second).string("status").value() == "waitlisted");
  BOOST_TEST(view(*second).int64("position").value() == 1);
  BOOST_TEST(view(*second).string("phone").value() == "13812345678");  // district-admin: pii

  auto cancelled = admin->call("course", "cancel_enrolment",
                               mp::MapBuilder().set("enrolment_id", first).bytes());
  BOOST_REQUIRE_MESSAGE(cancelled.ok(), cancelled.status().to_string());
  BOOST_TEST(items_of(*cancelled, "promoted") == 1u);
  auto complete = admin->call("course", "complete",
                              mp::MapBuilder().set("enrolment_id", id_of(second)).bytes());
  BOOST_REQUIRE_MESSAGE(complete.ok(), complete.status().to_string());
  BOOST_TEST(view(*complete).string("status").value() == "completed");

  auto has = [&](const std::string& topic) {
    return std::any_of(events.begin(), events.end(), [&](const auto& e) { return e.topic == topic; });
  };
  BOOST_REQUIRE(poll_until(*credit_bank, [&] { return has("course.completed"); }));
  for (const auto& e : events) {
    BOOST_TEST(e.payload.find("13812345678") == std::string::npos, e.topic);
  }
  BOOST_TEST(has("course.published"));
  BOOST_TEST(has("course.enrolment_promoted"));
  const auto done = *std::find_if(events.begin(), events.end(),
                                  [](const auto& e) { return e.topic == "course.completed"; });
  auto h = mp::unpack(done.payload, "event").value();
  auto payload = mp::MapView::of(h.get()).value();
  BOOST_TEST(payload.int64("course_id").value() == id);
  BOOST_TEST(payload.string("category").value() == "culture");
  BOOST_TEST(payload.int64("hours").value() == 16);
  BOOST_TEST(payload.string("town").value() == "nancun");
  BOOST_TEST(payload.int64("birth_year").value() == 1958);
  BOOST_TEST(payload.string("phone").value() == "138****5678");

  // The evaluation service counts participants.
  auto counted = credit_bank->call("course", "participants", mp::MapBuilder().set("year", 2026).bytes());
  BOOST_REQUIRE_MESSAGE(counted.ok(), counted.status().to_string());
}

BOOST_AUTO_TEST_CASE(organisations_and_towns_see_only_their_enrolments_masked) {
  BusFixture bus(kGrants);
  auto courses = cedu::testing::start_library_service(bus, "course");
  auto admin = bus.client();
  auto org = bus.client_as("org:art-school");
  auto town = bus.client_as("town-admin:nancun");

  const auto own = course(*org, "陶艺", "nancun");
  const auto district = course(*admin, "书法入门", "shiqiao");
  BOOST_REQUIRE(org->call("course", "enrol", enrolment(own, "13812345678", "nancun")).ok());
  BOOST_REQUIRE(admin->call("course", "enrol", enrolment(district, "13912345678", "shiqiao")).ok());
  BOOST_REQUIRE(town->call("course", "enrol", enrolment(district, "13712345678", "nancun")).ok());

  auto mine = org->call("course", "enrolments", mp::MapBuilder().set("course_id", own).bytes());
  BOOST_REQUIRE_MESSAGE(mine.ok(), mine.status().to_string());
  const auto* items = view(*mine).array("items").value();
  BOOST_REQUIRE_EQUAL(items->via.array.size, 1u);
  BOOST_TEST(item(items, 0).string("phone").value() == "138****5678");
  auto theirs = org->call("course", "enrolments", mp::MapBuilder().set("course_id", district).bytes());
  BOOST_TEST(theirs.status().code() == StatusCode::kPermissionDenied);
  auto denied = admin->call("course", "audit",
                            mp::MapBuilder().set("outcome", "denied").set("principal", "org:art-school").bytes());
  BOOST_REQUIRE(denied.ok());
  const auto* entries = view(*denied).array("entries").value();
  BOOST_REQUIRE_EQUAL(entries->via.array.size, 1u);
  BOOST_TEST(item(entries, 0).string("method").value() == "course.enrolments");

  // The town admin sees its own resident in the other town's course, masked.
  auto residents = town->call("course", "enrolments", mp::MapBuilder().set("course_id", district).bytes());
  BOOST_REQUIRE(residents.ok());
  const auto* r = view(*residents).array("items").value();
  BOOST_REQUIRE_EQUAL(r->via.array.size, 1u);
  BOOST_TEST(item(r, 0).string("phone").value() == "137****5678");
  auto all = admin->call("course", "enrolments", mp::MapBuilder().set("course_id", district).bytes());
  BOOST_TEST(items_of(*all) == 2u);
  BOOST_TEST(item(*all, "items", 0).string("phone").value() == "13912345678");

  // Bad input over the bus names the field.
  auto bad = admin->call("course", "enrol", mp::MapBuilder().set("course_id", own).set("name", "x")
                                               .set("phone", "13800000001").set("town", "nancun")
                                               .set("birth_year", "1950").bytes());
  BOOST_TEST(bad.status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(bad.status().field() == "params.birth_year");
}
