// Unit tests of the course domain without the bus: the course schema and publishing,
// sessions and their clash detection, volunteers, the learning catalogue.
#define BOOST_TEST_MODULE course_sessions
#include <boost/test/unit_test.hpp>

#include "services/course/course_test_fixture.h"

using namespace cedu::course::testing;
using cedu::StatusCode;
namespace mp = cedu::mp;

BOOST_FIXTURE_TEST_SUITE(courses, CourseFixture)

BOOST_AUTO_TEST_CASE(the_schema_derives_and_checks_course_fields) {
  mp::MapBuilder local;
  local.set("title", "番禺粤剧").set("town", "shiqiao").set("category", "local");
  auto r = call("create", local.bytes());
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  BOOST_TEST(view(*r).boolean("local").value());
  BOOST_TEST(view(*r).string("mode").value() == "offline");
  BOOST_TEST(view(*r).string("provider_kind").value() == "town");
  BOOST_TEST(view(*r).string("status").value() == "draft");

  auto by_org = call("create", mp::MapBuilder().set("title", "陶艺").set("town", "nancun")
                                   .set("category", "leisure").bytes(),
                     "org:art-school", {});
  BOOST_REQUIRE(by_org.ok());
  BOOST_TEST(view(*by_org).string("owner").value() == "org:art-school");
  BOOST_TEST(view(*by_org).string("provider_kind").value() == "org");

  struct Bad {
    const char* key;
    Params params;
  };
  auto base = [] {
    Params b;
    b.set("title", "太极拳").set("town", "nancun").set("category", "health");
    return b;
  };
  std::vector<Bad> bad;
  bad.push_back({"params.capacity", base().set("capacity", 0)});
  bad.push_back({"params.hours", base().set("hours", "12")});
  bad.push_back({"params.mode", base().set("mode", "tv")});
  bad.push_back({"params.audiences[0]", base().set("audiences", std::vector<std::string>{"pets"})});
  bad.push_back({"params.category", base().erase("category")});
  bad.push_back({"params.provider_kind",
                 base().set("owner", "org:art-school").set("provider_kind", "district")});
  bad.push_back({"params.station", base().set("provider_kind", "station")});
  bad.push_back({"params.colour", base().set("colour", "red")});
  for (auto& b : bad) {
    auto e = call("create", b.params.bytes());
    BOOST_TEST(e.status().code() == StatusCode::kInvalidArgument, b.key);
    BOOST_TEST(e.status().field() == b.key, e.status().to_string());
  }
  // A title is unique within its town only.
  BOOST_REQUIRE(call("create", base().bytes()).ok());
  BOOST_TEST(call("create", base().bytes()).status().code() == StatusCode::kAlreadyExists);
  BOOST_TEST(call("create", base().set("town", "shiqiao").bytes()).ok());
}

BOOST_AUTO_TEST_CASE(staff_spreadsheets_import_with_their_chinese_headers) {
  const std::string csv =
      "课程名称,课程类别,面向人群,授课方式,招生人数,课时,课程简介,所属镇街,开课单位\n"
      "粤剧欣赏,本土特色,老年人、青少年,线下,30,16,番禺粤剧入门,南村镇,南村镇社区教育学校\n"
      "智能手机入门,技能,老年人,混合,20,8,学用微信和健康码,市桥街,\n";
  mp::MapBuilder b;
  b.set("data", msgpack::type::raw_ref(csv.data(), static_cast<std::uint32_t>(csv.size())));
  auto r = call("import", b.bytes());
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  BOOST_TEST(view(*r).int64("created").value() == 2);
  BOOST_TEST(view(*r).array("unknown_columns").value()->via.array.size == 0u);
  auto found = call("search", mp::MapBuilder().set("q", "粤剧").bytes());
  auto opera = item(view(*found).array("items").value(), 0);
  BOOST_TEST(opera.string("category").value() == "local");
  BOOST_TEST(opera.boolean("local").value());
  BOOST_TEST(opera.int64("capacity").value() == 30);
  BOOST_TEST(opera.array("audiences").value()->via.array.size == 2u);
  BOOST_TEST(opera.string("status").value() == "draft");
  // The summary is searchable too.
  auto phone = call("search", mp::MapBuilder().set("q", "微信").bytes());
  BOOST_TEST(item(view(*phone).array("items").value(), 0).string("mode").value() == "blended");
}

BOOST_AUTO_TEST_CASE(publish_moves_a_draft_only) {
  const auto id = course("书法入门", "nancun", 0, false);
  mp::MapBuilder p;
  p.set("id", id).set("version", 1);
  auto published = call("publish", p.bytes());
  BOOST_REQUIRE(published.ok());
  BOOST_TEST(view(*published).string("status").value() == "published");
  BOOST_TEST(view(*published).int64("version").value() == 2);
  BOOST_TEST(call("publish", p.bytes()).status().code() == StatusCode::kConflict);
  mp::MapBuilder again;
  again.set("id", id).set("version", 2);
  auto twice = call("publish", again.bytes());
  BOOST_TEST(twice.status().code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(twice.status().field() == "status");
  BOOST_TEST(call("publish", mp::MapBuilder().set("id", 999).set("version", 1).bytes())
                 .status().code() == StatusCode::kNotFound);
  BOOST_TEST(call("publish", mp::MapBuilder().set("id", id).bytes()).status().field() ==
             "params.version");
  // An organisation publishes only what it provides; the refusal is audited.
  auto foreign = call("publish", again.bytes(), "org:art-school", {});
  BOOST_TEST(foreign.status().code() == StatusCode::kPermissionDenied);
}

BOOST_AUTO_TEST_CASE(a_session_is_added_listed_and_audited) {
  const auto id = course("书法入门");
  auto s = session(id, "2030-03-07T09:00", "2030-03-07T11:00", "南村文化站", 1);
  BOOST_REQUIRE_MESSAGE(s.ok(), s.status().to_string());
  BOOST_TEST(view(*s).int64("teacher_id").value() == 1);
  BOOST_TEST(view(*s).string("status").value() == "scheduled");
  BOOST_REQUIRE(session(id, "2030-03-01T09:00", "2030-03-01T11:00", "南村文化站").ok());
  mp::MapBuilder b;
  b.set("course_id", id);
  auto list = call("sessions", b.bytes());
  const auto* items = view(*list).array("items").value();
  BOOST_REQUIRE_EQUAL(items->via.array.size, 2u);
  BOOST_TEST(item(items, 0).string("starts_at").value() == "2030-03-01T09:00");  // by time
  mp::MapBuilder q;
  q.set("record_id", id).set("method", "course.add_session");
  auto audit = call("audit", q.bytes());
  const auto* entries = view(*audit).array("entries").value();
  BOOST_REQUIRE_EQUAL(entries->via.array.size, 2u);
  BOOST_TEST(item(entries, 0).string("after_digest").value().size() == 64u);
}

BOOST_AUTO_TEST_CASE(a_double_booked_teacher_is_refused_naming_the_clash) {
  const auto a = course("书法入门");
  const auto b = course("粤剧欣赏", "shiqiao");
  BOOST_REQUIRE(session(a, "2030-03-07T09:00", "2030-03-07T11:00", "南村文化站", 1).ok());
  auto clash = session(b, "2030-03-07T10:30", "2030-03-07T12:00", "市桥礼堂", 1);
  BOOST_TEST(clash.status().code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(clash.status().field() == "params.teacher_id");
  const std::string m = clash.status().message();
  BOOST_TEST(m.find("书法入门") != std::string::npos, m);
  BOOST_TEST(m.find("course " + std::to_string(a)) != std::string::npos, m);
  BOOST_TEST(m.find("2030-03-07T09:00–11:00") != std::string::npos, m);
  BOOST_TEST(count_sessions(b) == 0u);  // nothing written
  // Back to back is no clash; another teacher at the same time neither.
  BOOST_TEST(session(b, "2030-03-07T11:00", "2030-03-07T12:00", "市桥礼堂", 1).ok());
  BOOST_TEST(session(b, "2030-03-07T09:00", "2030-03-07T10:00", "市桥礼堂", 2).ok());
  // A session containing the booked one clashes too.
  BOOST_TEST(session(b, "2030-03-07T08:00", "2030-03-07T13:00", "市桥二楼", 1).status().code() ==
             StatusCode::kFailedPrecondition);
}

BOOST_AUTO_TEST_CASE(a_double_booked_venue_of_a_town_is_refused) {
  const auto a = course("书法入门");
  const auto b = course("国画入门");
  BOOST_REQUIRE(session(a, "2030-03-07T09:00", "2030-03-07T11:00", "文化站 201 室").ok());
  auto clash = session(b, "2030-03-07T10:00", "2030-03-07T12:00", "文化站201室");
  BOOST_TEST(clash.status().code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(clash.status().field() == "params.venue");
  BOOST_TEST(clash.status().message().find("书法入门") != std::string::npos);
  // A room of the same name in another town is another room.
  const auto c = course("国画入门", "shiqiao");
  BOOST_TEST(session(c, "2030-03-07T10:00", "2030-03-07T12:00", "文化站201室").ok());
}

BOOST_AUTO_TEST_CASE(cancelled_sessions_and_archived_courses_free_their_teacher_and_venue) {
  const auto a = course("书法入门");
  const auto b = course("国画入门");
  auto s = session(a, "2030-03-07T09:00", "2030-03-07T11:00", "201室", 1);
  BOOST_REQUIRE(s.ok());
  mp::MapBuilder cancel;
  cancel.set("session_id", view(*s).int64("id").value()).set("reason", "台风");
  auto cancelled = call("cancel_session", cancel.bytes());
  BOOST_REQUIRE(cancelled.ok());
  BOOST_TEST(view(*cancelled).string("status").value() == "cancelled");
  BOOST_TEST(view(*cancelled).string("note").value() == "台风");
  BOOST_TEST(call("cancel_session", cancel.bytes()).status().code() == StatusCode::kFailedPrecondition);
  BOOST_REQUIRE(session(b, "2030-03-07T09:00", "2030-03-07T11:00", "201室", 1).ok());

  auto c = session(a, "2030-03-08T09:00", "2030-03-08T11:00", "201室", 2);
  BOOST_REQUIRE(c.ok());
  mp::MapBuilder get;
  get.set("id", a);
  const auto version = view(*call("get", get.bytes())).int64("version").value();
  BOOST_REQUIRE(call("archive", mp::MapBuilder().set("id", a).set("version", version).bytes()).ok());
  BOOST_TEST(session(b, "2030-03-08T09:00", "2030-03-08T11:00", "201室", 2).ok());
  // No new sessions for an archived course.
  auto archived = session(a, "2030-03-09T09:00", "2030-03-09T11:00", "201室");
  BOOST_TEST(archived.status().code() == StatusCode::kFailedPrecondition);
}

BOOST_AUTO_TEST_CASE(the_teacher_must_exist_and_be_reachable_and_nothing_is_written_else) {
  const auto id = course("书法入门");
  auto unknown = session(id, "2030-03-07T09:00", "2030-03-07T11:00", "201室", 42);
  BOOST_TEST(unknown.status().code() == StatusCode::kNotFound);
  BOOST_TEST(unknown.status().field() == "params.teacher_id");
  peers_down = true;
  auto down = session(id, "2030-03-07T09:00", "2030-03-07T11:00", "201室", 1);
  BOOST_TEST(down.status().code() == StatusCode::kUnavailable);
  // Without a teacher no one needs to be asked.
  BOOST_TEST(count_sessions(id) == 0u);
  BOOST_TEST(session(id, "2030-03-07T09:00", "2030-03-07T11:00", "201室").ok());
}

BOOST_AUTO_TEST_CASE(bad_session_input_names_the_field_and_writes_nothing) {
  const auto id = course("书法入门");
  const auto online = course("网上书法", "nancun", 0, true, "district-admin", "online");
  auto base = [&] {
    Params b;
    b.set("course_id", id).set("starts_at", "2030-03-07T09:00").set("ends_at", "2030-03-07T11:00")
        .set("venue", "201室");
    return b;
  };
  struct Bad {
    const char* field;
    StatusCode code;
    std::string params;
  };
  const std::vector<Bad> bad = {
      {"params.course_id", StatusCode::kInvalidArgument, base().set("course_id", "one").bytes()},
      {"params.course_id", StatusCode::kNotFound, base().set("course_id", 999).bytes()},
      {"params.course_id", StatusCode::kInvalidArgument, base().erase("course_id").bytes()},
      {"params.starts_at", StatusCode::kInvalidArgument, base().erase("starts_at").bytes()},
      {"params.starts_at", StatusCode::kInvalidArgument, base().set("starts_at", "2030-03-07 09:00").bytes()},
      {"params.ends_at", StatusCode::kInvalidArgument, base().set("ends_at", "2030-02-30T11:00").bytes()},
      {"params.ends_at", StatusCode::kInvalidArgument, base().set("ends_at", "2030-03-07T09:00").bytes()},
      {"params.ends_at", StatusCode::kInvalidArgument, base().set("ends_at", "2030-03-07T08:00").bytes()},
      {"params.ends_at", StatusCode::kInvalidArgument, base().set("ends_at", "2030-03-09T08:00").bytes()},
      {"params.lon", StatusCode::kInvalidArgument, base().set("lat", 22.9).bytes()},
      {"params.lat", StatusCode::kInvalidArgument, base().set("lat", 122.9).set("lon", 113.3).bytes()},
      {"params.lat", StatusCode::kInvalidArgument, base().set("lat", "north").set("lon", 113.3).bytes()},
      {"params.teacher_id", StatusCode::kInvalidArgument, base().set("teacher_id", -1).bytes()},
      {"params.teacher_id", StatusCode::kInvalidArgument, base().set("teacher_id", "1").bytes()},
      {"params.venue", StatusCode::kInvalidArgument, base().set("venue", 12).bytes()},
      {"params.venue", StatusCode::kInvalidArgument, base().erase("venue").bytes()},
      {"params.room", StatusCode::kInvalidArgument, base().set("room", "x").bytes()},
  };
  for (const auto& b : bad) {
    auto r = call("add_session", b.params);
    BOOST_TEST(r.status().code() == b.code, b.field << ": " << r.status().to_string());
    BOOST_TEST(r.status().field() == b.field, r.status().to_string());
  }
  BOOST_TEST(count_sessions(id) == 0u);
  // An online course needs no venue; a session with a map position keeps it.
  auto ok = call("add_session", mp::MapBuilder().set("course_id", online)
                                    .set("starts_at", "2030-03-07T19:00")
                                    .set("ends_at", "2030-03-07T20:00").bytes());
  BOOST_TEST(ok.ok(), ok.status().to_string());
  auto mapped = call("add_session", base().set("lat", 22.95).set("lon", 113.36).bytes());
  BOOST_REQUIRE(mapped.ok());
  BOOST_TEST(view(*mapped).number("lat").value() == 22.95);
}

BOOST_AUTO_TEST_CASE(only_the_courses_writers_schedule_it_and_refusals_are_audited) {
  const auto mine = course("陶艺", "nancun", 0, false, "org:art-school");
  BOOST_TEST(session(mine, "2030-03-07T09:00", "2030-03-07T11:00", "陶艺室", std::nullopt,
                     "org:art-school").ok());
  const auto theirs = course("书法入门");
  auto denied = session(theirs, "2030-03-07T09:00", "2030-03-07T11:00", "201室", std::nullopt,
                        "org:art-school");
  BOOST_TEST(denied.status().code() == StatusCode::kPermissionDenied);
  BOOST_TEST(session(theirs, "2030-03-07T09:00", "2030-03-07T11:00", "201室", std::nullopt,
                     "town-admin:shiqiao").status().code() == StatusCode::kPermissionDenied);
  BOOST_TEST(session(theirs, "2030-03-07T09:00", "2030-03-07T11:00", "201室", std::nullopt,
                     "town-admin:nancun").ok());
  mp::MapBuilder q;
  q.set("outcome", "denied").set("method", "course.add_session");
  BOOST_TEST(view(*call("audit", q.bytes())).array("entries").value()->via.array.size == 2u);
}

BOOST_AUTO_TEST_CASE(volunteers_are_checked_and_not_double_booked) {
  const auto a = course("书法入门");
  const auto b = course("国画入门");
  auto s1 = session(a, "2030-03-07T09:00", "2030-03-07T11:00", "201室");
  auto s2 = session(b, "2030-03-07T10:00", "2030-03-07T12:00", "202室");
  BOOST_REQUIRE(s1.ok() && s2.ok());
  auto assign = [&](const msgpack::object_handle& s, std::int64_t v) {
    mp::MapBuilder p;
    p.set("session_id", view(s).int64("id").value()).set("volunteer_id", v);
    return call("assign_volunteer", p.bytes());
  };
  auto ok = assign(*s1, 11);
  BOOST_REQUIRE_MESSAGE(ok.ok(), ok.status().to_string());
  BOOST_TEST(view(*ok).array("volunteer_ids").value()->via.array.size == 1u);
  BOOST_TEST(assign(*s1, 11).status().code() == StatusCode::kAlreadyExists);
  auto clash = assign(*s2, 11);
  BOOST_TEST(clash.status().code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(clash.status().field() == "params.volunteer_id");
  BOOST_TEST(assign(*s2, 99).status().code() == StatusCode::kNotFound);
  peers_down = true;
  BOOST_TEST(assign(*s2, 12).status().code() == StatusCode::kUnavailable);
  peers_down = false;
  BOOST_TEST(assign(*s2, 12).ok());
}

BOOST_AUTO_TEST_CASE(the_catalogue_lists_published_courses_by_next_session) {
  const auto late = course("书法入门");
  const auto early = course("粤剧欣赏", "shiqiao");
  const auto draft = course("国画入门", "nancun", 0, false);
  const auto online = course("网上养生", "nancun", 0, true, "district-admin", "online");
  BOOST_REQUIRE(session(late, "2030-03-09T09:00", "2030-03-09T11:00", "201室").ok());
  BOOST_REQUIRE(session(late, "2030-05-09T09:00", "2030-05-09T11:00", "201室").ok());
  BOOST_REQUIRE(session(early, "2030-03-08T09:00", "2030-03-08T11:00", "礼堂").ok());
  BOOST_REQUIRE(session(draft, "2030-03-01T09:00", "2030-03-01T11:00", "202室").ok());

  mp::MapBuilder q;
  q.set("from", "2030-03-01").set("to", "2030-03-31");
  auto r = call("catalogue", q.bytes(), "anonymous", {});
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  const auto* items = view(*r).array("items").value();
  BOOST_REQUIRE_EQUAL(items->via.array.size, 2u);
  BOOST_TEST(item(items, 0).map("course").value().int64("id").value() == early);
  BOOST_TEST(item(items, 0).string("next_session").value() == "2030-03-08T09:00");
  BOOST_TEST(item(items, 1).map("course").value().int64("id").value() == late);
  BOOST_TEST(item(items, 1).array("sessions").value()->via.array.size == 1u);  // May is outside

  auto town = call("catalogue", mp::MapBuilder().set("from", "2030-03-01").set("town", "市桥街").bytes());
  BOOST_REQUIRE(town.ok());
  BOOST_TEST(view(*town).array("items").value()->via.array.size == 1u);
  auto none = call("catalogue", mp::MapBuilder().set("from", "2030-03-01").set("audience", "youth").bytes());
  BOOST_TEST(view(*none).array("items").value()->via.array.size == 0u);
  auto elderly = call("catalogue", mp::MapBuilder().set("from", "2030-03-01").set("audience", "老年人")
                                       .set("category", "culture").bytes());
  BOOST_TEST(view(*elderly).array("items").value()->via.array.size == 2u);
  auto with_online = call("catalogue", mp::MapBuilder().set("from", "2030-03-01")
                                           .set("unscheduled", true).bytes());
  const auto* all = view(*with_online).array("items").value();
  BOOST_REQUIRE_EQUAL(all->via.array.size, 3u);
  BOOST_TEST(item(all, 2).map("course").value().int64("id").value() == online);
  BOOST_TEST(item(all, 2).find("next_session")->type == msgpack::type::NIL);
  auto limited = call("catalogue", mp::MapBuilder().set("from", "2030-03-01").set("limit", 1).bytes());
  BOOST_TEST(view(*limited).boolean("more").value());

  for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
           {"from", "2030-3-1"}, {"to", "2030-02-01"}, {"town", "atlantis"}, {"category", "cooking"},
           {"audience", "pets"}}) {
    Params b;
    b.set("from", "2030-03-01").set(key, value);
    BOOST_TEST(call("catalogue", b.bytes()).status().field() == "params." + key, key);
  }
}

BOOST_AUTO_TEST_SUITE_END()
