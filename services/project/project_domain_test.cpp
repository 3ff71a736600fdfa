// The project methods without the bus: transitions with their rules and events, links
// with a fake peer (found, unknown, down, archived, duplicate), the yearly figures and
// the date rule.
#define BOOST_TEST_MODULE project_domain
#include <boost/test/unit_test.hpp>

#include "common/msgpack/builder.h"
#include "common/testing/temp_dir.h"
#include "services/library/library_test_support.h"
#include "services/project/project_domain.h"
#include "services/project/project_links.h"
#include "services/project/project_spec.h"
#include "services/project/project_transition.h"
#include "services/project/project_yearly.h"

using namespace cedu::project;
namespace library = cedu::library;
namespace mp = cedu::mp;
using cedu::Result;
using cedu::Status;
using cedu::StatusCode;

namespace {

library::Places test_places() {
  library::Places p;
  p.check = [](const std::string& town, const std::string&) -> Status {
    if (town != "nancun" && town != "shiqiao") return Status::invalid_argument("unknown town", "town");
    return Status::ok();
  };
  p.town = [](std::string_view t) -> std::optional<std::string> {
    if (t == "nancun" || t == "shiqiao") return std::string(t);
    return std::nullopt;
  };
  p.station = [](const std::string&, std::string_view) -> std::optional<std::string> {
    return std::nullopt;
  };
  p.town_name = [](const std::string& t) { return t; };
  p.station_name = [](const std::string& s) { return s; };
  return p;
}

Result<cedu::Reply> reply_of(const std::string& bytes) {
  auto h = mp::unpack(bytes, "reply");
  if (!h.ok()) return h.status();
  return cedu::Reply(bytes, std::move(h).value());
}

struct Fixture {
  cedu::testing::TempDir dir;
  std::unique_ptr<library::Library> lib;
  std::unique_ptr<ProjectLinks> links;
  // What the fake peer answers, and what was published.
  std::function<Result<cedu::Reply>(std::string_view service, std::int64_t id)> peer;
  int peer_calls = 0;
  std::vector<std::string> events;

  Fixture() {
    auto opened = library::testing::open_library(dir.file("project.db"), project_service(),
                                                 test_places());
    BOOST_REQUIRE_MESSAGE(opened.ok(), opened.status().to_string());
    lib = std::move(opened).value();
    lib->set_validator(validate_project);
    peer = [](std::string_view service, std::int64_t id) -> Result<cedu::Reply> {
      return reply_of(mp::MapBuilder()
                          .set("id", id)
                          .set("status", "active")
                          .set(service == "course" ? "title" : "name",
                               std::string(service) + "-" + std::to_string(id))
                          .bytes());
    };
    links = std::make_unique<ProjectLinks>(
        *lib,
        [this](const cedu::Request&, std::string_view service, std::string_view method,
               std::string_view params) -> Result<cedu::Reply> {
          ++peer_calls;
          BOOST_TEST(method == "get");
          auto h = mp::unpack(params, "params").value();
          return peer(service, mp::MapView::of(h.get()).value().int64("id").value());
        },
        [this](std::string_view event, std::string) { events.emplace_back(event); });
  }

  // Runs `handler` with `params` as `principal`.
  template <typename Handler>
  Result<msgpack::object_handle> as(const std::string& principal, const std::string& params,
                                    Handler handler) {
    auto handle = mp::unpack(params, "params").value();
    auto view = mp::MapView::of(handle.get(), "params").value();
    auto reply = handler(library::testing::request("project", "x", view, principal, {"pii"}));
    if (!reply.ok()) return reply.status();
    return mp::unpack(*reply, "reply").value();
  }
  Result<msgpack::object_handle> std_call(const std::string& method, const std::string& params,
                                          const std::string& principal = "district-admin") {
    return as(principal, params, [&](const cedu::Request& r) { return lib->invoke(method, r); });
  }
  Result<msgpack::object_handle> move(std::int64_t id, std::int64_t version, const std::string& to,
                                      const std::string& principal = "district-admin") {
    mp::MapBuilder b;
    b.set("id", id).set("version", version).set("to", to).set("note", "评审通过");
    return as(principal, b.bytes(), [&](const cedu::Request& r) { return transition(*lib, r); });
  }
  Result<msgpack::object_handle> link(const LinkTarget& t, std::int64_t id, std::int64_t target,
                                      const std::string& principal = "district-admin") {
    mp::MapBuilder b;
    b.set("id", id).set(t.param, target);
    return as(principal, b.bytes(), [&](const cedu::Request& r) { return links->link(t, r); });
  }
  Result<msgpack::object_handle> unlink(const LinkTarget& t, std::int64_t id, std::int64_t target) {
    mp::MapBuilder b;
    b.set("id", id).set(t.param, target);
    return as("district-admin", b.bytes(),
              [&](const cedu::Request& r) { return links->unlink(t, r); });
  }

  // Creates a project; returns its id.
  std::int64_t create(const std::string& title, const std::string& kind = "research",
                      std::int64_t year = 2018, const std::string& level = "district",
                      const std::string& principal = "district-admin",
                      const std::string& town = "nancun") {
    mp::MapBuilder b;
    b.set("title", title).set("town", town).set("kind", kind).set("level", level)
        .set("owner_unit", "番禺区社区教育中心").set("year", year).set("budget_fen", 5000000)
        .set("contact_phone", "13812345678");
    auto r = std_call("create", b.bytes(), principal);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
    return view(*r).int64("id").value();
  }
  static mp::MapView view(const msgpack::object_handle& h) { return mp::MapView::of(h.get()).value(); }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(project, Fixture)

BOOST_AUTO_TEST_CASE(a_project_goes_from_applied_to_concluded) {
  const auto id = create("社区老年人数字化学习实验");
  std::int64_t version = 1;
  for (const std::string to : {"approved", "midterm", "concluded"}) {
    auto r = move(id, version, to);
    BOOST_REQUIRE_MESSAGE(r.ok(), to << ": " << r.status().to_string());
    BOOST_TEST(view(*r).string("status").value() == to);
    version = view(*r).int64("version").value();
  }
  BOOST_TEST(version == 4);
  // The audit names each step and its note.
  auto audit = std_call("audit", mp::MapBuilder().set("record_id", id).set("method", "project.transition").bytes());
  BOOST_REQUIRE(audit.ok());
  const auto* entries = view(*audit).array("entries").value();
  BOOST_REQUIRE(entries->via.array.size == 3u);
  auto first = mp::MapView::of(entries->via.array.ptr[0]).value();
  BOOST_TEST(first.string("detail").value() == "applied → approved: 评审通过");
}

BOOST_AUTO_TEST_CASE(illegal_transitions_fail_naming_from_and_to_and_change_nothing) {
  const auto id = create("家庭教育指导课题");
  auto r = move(id, 1, "concluded");
  BOOST_TEST(r.status().code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(r.status().message().find("applied → concluded") != std::string::npos,
             r.status().message());
  BOOST_TEST(r.status().field() == "params.to");
  BOOST_REQUIRE(move(id, 1, "rejected").ok());
  auto out_of_final = move(id, 2, "approved");
  BOOST_TEST(out_of_final.status().code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(out_of_final.status().message().find("rejected → approved") != std::string::npos);
  auto got = std_call("get", mp::MapBuilder().set("id", id).bytes());
  BOOST_TEST(view(*got).string("status").value() == "rejected");
  BOOST_TEST(view(*got).int64("version").value() == 2);
  // A target no step leads to, a stale version, an unknown project.
  BOOST_TEST(move(id, 2, "archived").status().code() == StatusCode::kInvalidArgument);
  const auto other = create("另一个课题");
  BOOST_TEST(move(other, 7, "approved").status().code() == StatusCode::kConflict);
  BOOST_TEST(move(other, 7, "approved").status().field() == "params.version");
  BOOST_TEST(move(999, 1, "approved").status().code() == StatusCode::kNotFound);
  BOOST_TEST(move(999, 1, "approved").status().field() == "params.id");
}

BOOST_AUTO_TEST_CASE(an_org_moves_and_modifies_only_its_own_projects) {
  const auto mine = create("沙湾飘色传承基地", "base", 2019, "municipal", "org:shawan-art");
  const auto theirs = create("区级课题", "research", 2019, "district");
  auto approve_own = move(mine, 1, "approved", "org:shawan-art");
  BOOST_TEST(approve_own.status().code() == StatusCode::kPermissionDenied);  // staff decide
  auto own = move(mine, 1, "withdrawn", "org:shawan-art");
  BOOST_TEST(own.ok(), own.status().to_string());
  auto other = move(theirs, 1, "approved", "org:shawan-art");
  BOOST_TEST(other.status().code() == StatusCode::kPermissionDenied);
  auto upd = std_call("update", mp::MapBuilder().set("id", theirs).set("version", 1)
                                    .set("summary", "x").bytes(), "org:shawan-art");
  BOOST_TEST(upd.status().code() == StatusCode::kPermissionDenied);
  BOOST_TEST(link(teacher_target(), theirs, 3, "org:shawan-art").status().code() ==
             StatusCode::kPermissionDenied);
  BOOST_TEST(peer_calls == 0);  // refused before asking anybody
  auto denied = std_call("audit", mp::MapBuilder().set("outcome", "denied").bytes());
  BOOST_TEST(view(*denied).array("entries").value()->via.array.size == 4u);
}

BOOST_AUTO_TEST_CASE(links_are_checked_with_the_peer_and_kept) {
  const auto id = create("番禺鳌鱼舞活动品牌", "brand");
  auto linked = link(course_target(), id, 42);
  BOOST_REQUIRE_MESSAGE(linked.ok(), linked.status().to_string());
  BOOST_TEST(view(*linked).int64("version").value() == 2);
  const auto* courses = view(*linked).array("courses").value();
  BOOST_REQUIRE(courses->via.array.size == 1u);
  auto c = mp::MapView::of(courses->via.array.ptr[0]).value();
  BOOST_TEST(c.int64("course_id").value() == 42);
  BOOST_TEST(c.string("title").value() == "course-42");
  BOOST_TEST(c.string("linked_by").value() == "district-admin");
  BOOST_REQUIRE(link(teacher_target(), id, 7).ok());
  BOOST_TEST(events == std::vector<std::string>({"linked", "linked"}));

  auto dup = link(course_target(), id, 42);
  BOOST_TEST(dup.status().code() == StatusCode::kAlreadyExists);
  BOOST_TEST(dup.status().field() == "params.course_id");

  peer = [](std::string_view, std::int64_t) -> Result<cedu::Reply> {
    return Status::not_found("no course with id 43", "params.id");
  };
  auto unknown = link(course_target(), id, 43);
  BOOST_TEST(unknown.status().code() == StatusCode::kNotFound);
  BOOST_TEST(unknown.status().field() == "params.course_id");

  peer = [](std::string_view, std::int64_t) -> Result<cedu::Reply> {
    return Status::unavailable("course.get: no worker serves 'course'");
  };
  BOOST_TEST(link(course_target(), id, 44).status().code() == StatusCode::kUnavailable);

  peer = [](std::string_view, std::int64_t target) -> Result<cedu::Reply> {
    return reply_of(mp::MapBuilder().set("id", target).set("status", "archived").set("name", "x").bytes());
  };
  BOOST_TEST(link(teacher_target(), id, 8).status().code() == StatusCode::kFailedPrecondition);

  // None of the refused links was written.
  auto all = as("district-admin", mp::MapBuilder().set("id", id).bytes(),
                [&](const cedu::Request& r) { return links->links(r); });
  BOOST_REQUIRE(all.ok());
  BOOST_TEST(view(*all).array("courses").value()->via.array.size == 1u);
  BOOST_TEST(view(*all).array("teachers").value()->via.array.size == 1u);
  BOOST_TEST(view(*all).int64("version").value() == 3);

  BOOST_REQUIRE(unlink(course_target(), id, 42).ok());
  auto again = unlink(course_target(), id, 42);
  BOOST_TEST(again.status().code() == StatusCode::kNotFound);
  BOOST_TEST(again.status().field() == "params.course_id");
}

BOOST_AUTO_TEST_CASE(yearly_counts_by_year_level_kind_and_brands_against_the_target) {
  for (int i = 0; i < 11; ++i) {
    const auto id = create("终身学习活动品牌" + std::to_string(i), "brand", 2017 + i % 2,
                           i < 3 ? "municipal" : "district");
    if (i < 10) BOOST_REQUIRE(move(id, 1, "approved").ok());
  }
  create("国家级实验项目", "research", 2018, "national", "district-admin", "shiqiao");
  auto yearly_of = [&](const std::string& params) {
    return as("district-admin", params, [&](const cedu::Request& r) {
      return yearly(*lib, r, [](const std::string& t) { return t == "nancun" || t == "shiqiao"; });
    });
  };
  auto all = yearly_of(mp::empty_map());
  BOOST_REQUIRE_MESSAGE(all.ok(), all.status().to_string());
  BOOST_TEST(view(*all).int64("total").value() == 12);
  BOOST_TEST(view(*all).map("by_level").value().int64("national").value() == 1);
  BOOST_TEST(view(*all).map("by_level").value().int64("municipal").value() == 3);
  BOOST_TEST(view(*all).map("by_level").value().int64("provincial").value() == 0);
  BOOST_TEST(view(*all).map("by_kind").value().int64("brand").value() == 11);
  BOOST_TEST(view(*all).map("by_status").value().int64("approved").value() == 10);
  auto brands = view(*all).map("brands").value();
  BOOST_TEST(brands.int64("established").value() == 10);
  BOOST_TEST(brands.int64("total").value() == 11);
  BOOST_TEST(brands.int64("target").value() == 10);
  BOOST_TEST(brands.boolean("met").value());
  const auto* years = view(*all).array("years").value();
  BOOST_REQUIRE(years->via.array.size == 2u);
  BOOST_TEST(mp::MapView::of(years->via.array.ptr[0]).value().int64("year").value() == 2017);
  BOOST_TEST(mp::MapView::of(years->via.array.ptr[1]).value().int64("total").value() == 6);

  auto y2018 = yearly_of(mp::MapBuilder().set("year", 2018).set("town", "shiqiao").bytes());
  BOOST_REQUIRE(y2018.ok());
  BOOST_TEST(view(*y2018).int64("total").value() == 1);
  BOOST_TEST(!view(*y2018).map("brands").value().boolean("met").value());
  BOOST_TEST(yearly_of(mp::MapBuilder().set("town", "mars").bytes()).status().field() ==
             "params.town");
  BOOST_TEST(yearly_of(mp::MapBuilder().set("year", 1990).bytes()).status().field() ==
             "params.year");
}

BOOST_AUTO_TEST_CASE(a_project_ends_no_earlier_than_it_starts_and_money_is_whole_fen) {
  mp::MapBuilder b;
  b.set("title", "倒序课题").set("town", "nancun").set("kind", "research").set("level", "district")
      .set("owner_unit", "x").set("year", 2018).set("start_date", "2018-09-01")
      .set("end_date", "2018-03-01");
  auto r = std_call("create", b.bytes());
  BOOST_TEST(r.status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(r.status().field() == "params.end_date");
  mp::MapBuilder neg;
  neg.set("title", "负预算").set("town", "nancun").set("kind", "research").set("level", "district")
      .set("owner_unit", "x").set("year", 2018).set("budget_fen", -1);
  BOOST_TEST(std_call("create", neg.bytes()).status().field() == "params.budget_fen");
  // The title is unique per town only.
  create("同名课题", "research", 2018, "district", "district-admin", "nancun");
  create("同名课题", "research", 2018, "district", "district-admin", "shiqiao");
  auto dup = std_call("create", mp::MapBuilder().set("title", "同名课题").set("town", "nancun")
                                    .set("kind", "research").set("level", "district")
                                    .set("owner_unit", "x").set("year", 2018).bytes());
  BOOST_TEST(dup.status().code() == StatusCode::kAlreadyExists);
}

BOOST_AUTO_TEST_SUITE_END()
