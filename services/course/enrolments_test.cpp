// Unit tests of the course domain without the bus: enrolment with capacity and waitlist,
// promotion, who may see and change enrolments, attendance, completion and its event,
// participation counts.
#define BOOST_TEST_MODULE course_enrolments
#include <boost/test/unit_test.hpp>

#include "services/course/course_test_fixture.h"

using namespace cedu::course::testing;
using cedu::StatusCode;
namespace mp = cedu::mp;

namespace {

std::int64_t id_of(const cedu::Result<msgpack::object_handle>& r) {
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  return view(*r).int64("id").value();
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(enrolments, CourseFixture)

BOOST_AUTO_TEST_CASE(capacity_fills_then_a_waitlist_forms_in_order) {
  const auto id = course("书法入门", "nancun", 2);
  auto a = enrol(id, "13800000001");
  BOOST_REQUIRE(a.ok());
  BOOST_TEST(view(*a).string("status").value() == "enrolled");
  BOOST_TEST(view(*a).find("position")->type == msgpack::type::NIL);
  BOOST_TEST(view(*enrol(id, "13800000002")).string("status").value() == "enrolled");
  auto c = enrol(id, "13800000003");
  BOOST_TEST(view(*c).string("status").value() == "waitlisted");
  BOOST_TEST(view(*c).int64("position").value() == 1);
  BOOST_TEST(view(*enrol(id, "13800000004")).int64("position").value() == 2);
  auto twice = enrol(id, "138 0000 0003");
  BOOST_TEST(twice.status().code() == StatusCode::kAlreadyExists);
  BOOST_TEST(twice.status().field() == "params.phone");
}

BOOST_AUTO_TEST_CASE(only_published_courses_take_enrolments) {
  const auto draft = course("书法入门", "nancun", 2, false);
  auto r = enrol(draft, "13800000001");
  BOOST_TEST(r.status().code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(r.status().field() == "status");
  BOOST_TEST(enrol(999, "13800000001").status().code() == StatusCode::kNotFound);
}

BOOST_AUTO_TEST_CASE(a_cancellation_promotes_the_first_waitlisted) {
  const auto id = course("书法入门", "nancun", 1);
  const auto first = id_of(enrol(id, "13800000001"));
  const auto second = id_of(enrol(id, "13800000002"));
  const auto third = id_of(enrol(id, "13800000003"));
  auto cancelled = call("cancel_enrolment",
                        mp::MapBuilder().set("enrolment_id", first).set("reason", "搬家").bytes());
  BOOST_REQUIRE_MESSAGE(cancelled.ok(), cancelled.status().to_string());
  BOOST_TEST(view(*cancelled).map("enrolment").value().string("status").value() == "cancelled");
  const auto* promoted = view(*cancelled).array("promoted").value();
  BOOST_REQUIRE_EQUAL(promoted->via.array.size, 1u);
  BOOST_TEST(promoted->via.array.ptr[0].as<std::int64_t>() == second);

  BOOST_REQUIRE_EQUAL(events.size(), 1u);
  BOOST_TEST(events[0].first == "course.enrolment_promoted");
  auto payload = mp::unpack(events[0].second, "event").value();
  BOOST_TEST(view(payload).int64("enrolment_id").value() == second);
  BOOST_TEST(view(payload).string("phone").value() == "138****0002");

  auto list = call("enrolments", mp::MapBuilder().set("course_id", id).set("status", "waitlisted").bytes());
  const auto* items = view(*list).array("items").value();
  BOOST_REQUIRE_EQUAL(items->via.array.size, 1u);
  BOOST_TEST(item(items, 0).int64("id").value() == third);
  BOOST_TEST(item(items, 0).int64("position").value() == 1);
  // A cancelled enrolment stays cancelled; the phone may enrol again (and waits).
  BOOST_TEST(call("cancel_enrolment", mp::MapBuilder().set("enrolment_id", first).bytes())
                 .status().code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(view(*enrol(id, "13800000001")).int64("position").value() == 2);
}

BOOST_AUTO_TEST_CASE(a_larger_capacity_lets_the_waitlist_in_at_once) {
  const auto id = course("书法入门", "nancun", 1);
  id_of(enrol(id, "13800000001"));
  const auto waiting = id_of(enrol(id, "13800000002"));
  const auto third = id_of(enrol(id, "13800000003"));
  mp::MapBuilder get;
  get.set("id", id);
  const auto version = view(*call("get", get.bytes())).int64("version").value();
  BOOST_REQUIRE(call("update", mp::MapBuilder().set("id", id).set("version", version)
                                   .set("capacity", 2).bytes()).ok());
  // The first waitlisted moved up with the update itself, and was told so.
  BOOST_REQUIRE_EQUAL(events.size(), 1u);
  auto payload = mp::unpack(events[0].second, "event").value();
  BOOST_TEST(view(payload).int64("enrolment_id").value() == waiting);
  auto still = call("enrolments", mp::MapBuilder().set("course_id", id).set("status", "waitlisted").bytes());
  const auto* items = view(*still).array("items").value();
  BOOST_REQUIRE_EQUAL(items->via.array.size, 1u);
  BOOST_TEST(mp::MapView::of(items->via.array.ptr[0]).value().int64("id").value() == third);
  // A change that adds no room moves nobody.
  BOOST_REQUIRE(call("update", mp::MapBuilder().set("id", id).set("version", version + 1)
                                   .set("summary", "楷书").bytes()).ok());
  BOOST_TEST(events.size() == 1u);
}

BOOST_AUTO_TEST_CASE(phones_are_masked_without_the_pii_right) {
  const auto id = course("书法入门");
  auto own = enrol(id, "13812345678", "nancun", 1950, "town-admin:nancun");
  BOOST_REQUIRE(own.ok());
  BOOST_TEST(view(*own).string("phone").value() == "138****5678");
  auto list = call("enrolments", mp::MapBuilder().set("course_id", id).bytes(), "town-admin:nancun", {});
  BOOST_TEST(item(view(*list).array("items").value(), 0).string("phone").value() == "138****5678");
  auto full = call("enrolments", mp::MapBuilder().set("course_id", id).bytes());
  BOOST_TEST(item(view(*full).array("items").value(), 0).string("phone").value() == "13812345678");
}

BOOST_AUTO_TEST_CASE(organisations_see_only_the_enrolments_of_their_courses) {
  const auto mine = course("陶艺", "nancun", 0, true, "org:art-school");
  const auto theirs = course("书法入门");
  id_of(enrol(mine, "13800000001"));
  id_of(enrol(theirs, "13800000002"));
  auto ok = call("enrolments", mp::MapBuilder().set("course_id", mine).bytes(), "org:art-school", {});
  BOOST_REQUIRE(ok.ok());
  BOOST_TEST(view(*ok).array("items").value()->via.array.size == 1u);
  auto denied = call("enrolments", mp::MapBuilder().set("course_id", theirs).bytes(), "org:art-school", {});
  BOOST_TEST(denied.status().code() == StatusCode::kPermissionDenied);
  auto audit = call("audit", mp::MapBuilder().set("outcome", "denied").bytes());
  const auto* entries = view(*audit).array("entries").value();
  BOOST_REQUIRE_EQUAL(entries->via.array.size, 1u);
  BOOST_TEST(item(entries, 0).string("method").value() == "course.enrolments");
  BOOST_TEST(item(entries, 0).int64("record_id").value() == theirs);
  // Nor may it enrol into or cancel in another's course.
  BOOST_TEST(enrol(theirs, "13800000003", "nancun", 1950, "org:art-school").status().code() ==
             StatusCode::kPermissionDenied);
}

BOOST_AUTO_TEST_CASE(town_admins_see_their_residents_in_other_towns_courses) {
  const auto id = course("粤剧欣赏", "shiqiao");
  id_of(enrol(id, "13800000001", "nancun", 1950, "town-admin:nancun"));
  id_of(enrol(id, "13800000002", "shiqiao"));
  BOOST_TEST(enrol(id, "13800000003", "shiqiao", 1950, "town-admin:nancun").status().code() ==
             StatusCode::kPermissionDenied);
  auto nancun = call("enrolments", mp::MapBuilder().set("course_id", id).bytes(), "town-admin:nancun", {});
  BOOST_TEST(view(*nancun).array("items").value()->via.array.size == 1u);
  auto shiqiao = call("enrolments", mp::MapBuilder().set("course_id", id).bytes(), "town-admin:shiqiao", {});
  BOOST_TEST(view(*shiqiao).array("items").value()->via.array.size == 2u);
}

BOOST_AUTO_TEST_CASE(attendance_and_completion_publish_the_credit_event) {
  const auto id = course("书法入门", "nancun", 1);
  const auto other = course("国画入门");
  auto s = session(id, "2030-03-07T09:00", "2030-03-07T11:00", "201室");
  auto foreign = session(other, "2030-03-07T09:00", "2030-03-07T11:00", "202室");
  const auto learner = id_of(enrol(id, "13812345678", "nancun", 1958));
  const auto waiting = id_of(enrol(id, "13800000002"));
  auto attend = [&](std::int64_t e, std::int64_t session_id, bool present) {
    return call("attend", mp::MapBuilder().set("enrolment_id", e).set("session_id", session_id)
                              .set("present", present).bytes());
  };
  auto a = attend(learner, id_of(s), true);
  BOOST_REQUIRE_MESSAGE(a.ok(), a.status().to_string());
  BOOST_TEST(view(*a).int64("attended").value() == 1);
  BOOST_TEST(view(*attend(learner, id_of(s), false)).int64("attended").value() == 0);
  BOOST_REQUIRE(attend(learner, id_of(s), true).ok());
  BOOST_TEST(attend(learner, id_of(foreign), true).status().field() == "params.session_id");
  BOOST_TEST(attend(waiting, id_of(s), true).status().code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(attend(learner, 999, true).status().code() == StatusCode::kNotFound);
  BOOST_TEST(call("attend", mp::MapBuilder().set("enrolment_id", learner).set("session_id", id_of(s))
                                .set("present", "yes").bytes()).status().field() == "params.present");

  auto done = call("complete", mp::MapBuilder().set("enrolment_id", learner).bytes());
  BOOST_REQUIRE_MESSAGE(done.ok(), done.status().to_string());
  BOOST_TEST(view(*done).string("status").value() == "completed");
  BOOST_TEST(call("complete", mp::MapBuilder().set("enrolment_id", learner).bytes()).status().code() ==
             StatusCode::kFailedPrecondition);
  BOOST_TEST(call("complete", mp::MapBuilder().set("enrolment_id", waiting).bytes()).status().code() ==
             StatusCode::kFailedPrecondition);
  BOOST_TEST(call("complete", mp::MapBuilder().set("enrolment_id", learner).bytes(), "org:x", {})
                 .status().code() == StatusCode::kPermissionDenied);

  BOOST_REQUIRE_EQUAL(events.size(), 1u);
  BOOST_TEST(events[0].first == "course.completed");
  auto payload = mp::unpack(events[0].second, "event").value();
  auto e = view(payload);
  BOOST_TEST(e.int64("course_id").value() == id);
  BOOST_TEST(e.int64("enrolment_id").value() == learner);
  BOOST_TEST(e.string("category").value() == "culture");
  BOOST_TEST(e.int64("hours").value() == 12);
  BOOST_TEST(e.string("town").value() == "nancun");
  BOOST_TEST(e.int64("birth_year").value() == 1958);
  BOOST_TEST(e.int64("attended").value() == 1);
  BOOST_TEST(e.string("phone").value() == "138****5678");
  BOOST_TEST(events[0].second.find("13812345678") == std::string::npos);

  // Every change to enrolments is in the course's audit trail, without phones.
  auto audit = call("audit", mp::MapBuilder().set("record_id", id).bytes());
  const auto* entries = view(*audit).array("entries").value();
  std::set<std::string> methods;
  for (std::uint32_t i = 0; i < entries->via.array.size; ++i) {
    methods.insert(item(entries, i).string("method").value());
    BOOST_TEST(item(entries, i).string("detail").value().find("1381234") == std::string::npos);
  }
  for (const char* m : {"course.enrol", "course.attend", "course.complete", "course.add_session"}) {
    BOOST_TEST(methods.count(m) == 1u, m);
  }
}

BOOST_AUTO_TEST_CASE(participants_are_distinct_people_per_town_with_the_elderly) {
  const auto a = course("书法入门");
  const auto b = course("粤剧欣赏", "shiqiao");
  const auto c = course("国画入门");
  BOOST_REQUIRE(session(a, "2030-03-07T09:00", "2030-03-07T11:00", "201室").ok());
  BOOST_REQUIRE(session(b, "2030-04-07T09:00", "2030-04-07T11:00", "礼堂").ok());
  BOOST_REQUIRE(session(c, "2031-01-07T09:00", "2031-01-07T11:00", "201室").ok());
  id_of(enrol(a, "13800000001", "nancun", 1965));   // 65 in 2030
  id_of(enrol(b, "13800000001", "nancun", 1965));   // the same person again
  id_of(enrol(a, "13800000002", "nancun", 1975));   // 55
  id_of(enrol(b, "13800000003", "shiqiao", 1970));  // exactly 60
  const auto gone = id_of(enrol(b, "13800000004", "shiqiao", 1940));
  BOOST_REQUIRE(call("cancel_enrolment", mp::MapBuilder().set("enrolment_id", gone).bytes()).ok());
  id_of(enrol(c, "13800000005", "nancun", 1940));   // takes part in 2031 only

  auto r = call("participants", mp::MapBuilder().set("year", 2030).bytes(), "anonymous", {});
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  BOOST_TEST(view(*r).int64("year").value() == 2030);
  auto towns = view(*r).map("towns").value();
  BOOST_TEST(towns.map("nancun").value().int64("participants").value() == 2);
  BOOST_TEST(towns.map("nancun").value().int64("elderly").value() == 1);
  BOOST_TEST(towns.map("shiqiao").value().int64("participants").value() == 1);
  BOOST_TEST(towns.map("shiqiao").value().int64("elderly").value() == 1);
  BOOST_TEST(view(*r).map("total").value().int64("participants").value() == 3);

  auto one = call("participants", mp::MapBuilder().set("year", 2031).set("town", "南村镇").bytes());
  BOOST_REQUIRE(one.ok());
  BOOST_TEST(view(*one).map("towns").value().size() == 1u);
  BOOST_TEST(view(*one).map("total").value().int64("elderly").value() == 1);
  BOOST_TEST(call("participants", mp::MapBuilder().set("year", "2030").bytes()).status().field() ==
             "params.year");
  BOOST_TEST(call("participants", mp::MapBuilder().set("town", "atlantis").bytes()).status().field() ==
             "params.town");
}

BOOST_AUTO_TEST_CASE(bad_enrolment_input_names_the_field_and_writes_nothing) {
  const auto id = course("书法入门", "nancun", 5);
  auto base = [&] {
    Params b;
    b.set("course_id", id).set("name", "陈伯").set("phone", "13800000001").set("town", "nancun")
        .set("birth_year", 1950);
    return b;
  };
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"params.course_id", base().set("course_id", "x").bytes()},
      {"params.name", base().erase("name").bytes()},
      {"params.name", base().set("name", "   ").bytes()},
      {"params.phone", base().set("phone", "12345").bytes()},
      {"params.phone", base().set("phone", 13800000001LL).bytes()},
      {"params.town", base().set("town", "atlantis").bytes()},
      {"params.station", base().set("station", "shiqiao-01").bytes()},
      {"params.birth_year", base().set("birth_year", "1950").bytes()},
      {"params.birth_year", base().set("birth_year", 1850).bytes()},
      {"params.id_card", base().set("id_card", "x").bytes()},
  };
  for (const auto& [field, params] : bad) {
    auto r = call("enrol", params);
    BOOST_TEST(r.status().code() == StatusCode::kInvalidArgument, field << ": " << r.status().to_string());
    BOOST_TEST(r.status().field() == field, r.status().to_string());
  }
  auto list = call("enrolments", mp::MapBuilder().set("course_id", id).bytes());
  BOOST_TEST(view(*list).array("items").value()->via.array.size == 0u);
  BOOST_TEST(call("enrolments", mp::MapBuilder().set("course_id", id).set("status", "happy").bytes())
                 .status().field() == "params.status");
  // Chinese town and station names are understood.
  auto ok = call("enrol", base().set("town", "南村镇").set("station", "nancun-01").bytes());
  BOOST_REQUIRE_MESSAGE(ok.ok(), ok.status().to_string());
  BOOST_TEST(view(*ok).string("town").value() == "nancun");
}

BOOST_AUTO_TEST_SUITE_END()
