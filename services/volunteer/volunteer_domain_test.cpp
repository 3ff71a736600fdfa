// Unit tests of the volunteer domain methods without a bus: a Library over a temp SQLite
// file, the shipped district network, and the methods of domain.h called directly.
#define BOOST_TEST_MODULE volunteer_domain
#include <boost/test/unit_test.hpp>

#include "common/msgpack/builder.h"
#include "common/testing/temp_dir.h"
#include "services/library/library_test_support.h"
#include "services/library/places.h"
#include "services/volunteer/certificate.h"
#include "services/volunteer/domain.h"
#include "services/volunteer/per_thousand.h"
#include "services/volunteer/volunteer_domain.h"
#include "services/volunteer/volunteer_spec.h"

using namespace cedu::volunteer;
using cedu::StatusCode;
namespace mp = cedu::mp;
namespace library = cedu::library;
using library::testing::shipped_network;

namespace {

struct Event {
  std::string name;
  msgpack::object_handle payload;
};

struct Fixture {
  cedu::testing::TempDir dir;
  std::unique_ptr<library::Library> lib;
  std::unique_ptr<Domain> domain;
  std::vector<Event> events;

  Fixture() {
    auto opened = library::testing::open_library(dir.file("volunteer.db"), volunteer_service(),
                                                 library::places_from(shipped_network()));
    BOOST_REQUIRE_MESSAGE(opened.ok(), opened.status().to_string());
    lib = std::move(opened).value();
    lib->set_validator(check_volunteer);
    VolunteerConfig config;
    config.star_thresholds_hours = {2, 4, 6, 8, 10};
    domain = std::make_unique<Domain>(Domain{*lib, shipped_network(), config,
                                             [this](std::string_view e, std::string payload) {
                                               events.push_back({std::string(e), mp::unpack(payload, "event").value()});
                                             }});
  }

  cedu::Result<msgpack::object_handle> call(const std::string& method, const std::string& params,
                                            const std::string& principal = "district-admin",
                                            std::vector<std::string> rights = {"pii"},
                                            std::optional<std::string> key = std::nullopt) {
    auto handle = mp::unpack(params, "params").value();
    auto view = mp::MapView::of(handle.get(), "params").value();
    return library::testing::serve(*lib, *domain, domain_methods(),
                                   library::testing::request("volunteer", method, view, principal,
                                                             std::move(rights), std::move(key)));
  }

  std::int64_t volunteer(const std::string& name, const std::string& town, const std::string& phone,
                         const std::string& station = {}, const std::string& principal = "district-admin") {
    mp::MapBuilder b;
    b.set("name", name).set("town", town).set("phone", phone).set("id_card", "11010519491231002X");
    if (!station.empty()) b.set("station", station);
    auto r = call("create", b.bytes(), principal, {});
    BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
    return view(*r).int64("id").value();
  }

  static mp::MapView view(const msgpack::object_handle& h) { return mp::MapView::of(h.get()).value(); }

  std::string log_params(std::int64_t id, double hours, const std::string& date = "2025-03-01") {
    return mp::MapBuilder().set("volunteer_id", id).set("activity", "长者学堂助教").set("date", date)
        .set("hours", hours).bytes();
  }

  cedu::Result<msgpack::object_handle> review(std::int64_t entry, const std::string& decision,
                                              const std::string& principal = "district-admin") {
    return call("review_hours", mp::MapBuilder().set("entry_id", entry).set("decision", decision).bytes(),
                principal, {});
  }

  std::size_t entries() {
    auto r = call("hours_entries", mp::empty_map());
    return view(*r).array("items").value()->via.array.size;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(volunteer_domain, Fixture)

BOOST_AUTO_TEST_CASE(logged_hours_count_once_approved) {
  const auto id = volunteer("陈小红", "nancun", "13812345678");
  auto e1 = call("log_hours", log_params(id, 1.5), "town-admin:nancun", {});
  BOOST_REQUIRE_MESSAGE(e1.ok(), e1.status().to_string());
  BOOST_TEST(view(*e1).string("status").value() == "reported");
  BOOST_TEST(view(*e1).int64("minutes").value() == 90);
  auto e2 = call("log_hours", log_params(id, 2.25, "2024-12-30"));
  auto e3 = call("log_hours", log_params(id, 3));
  BOOST_REQUIRE(e2.ok() && e3.ok());

  BOOST_REQUIRE(review(view(*e1).int64("id").value(), "approve", "town-admin:nancun").ok());
  BOOST_REQUIRE(review(view(*e2).int64("id").value(), "approve").ok());
  auto rejected = review(view(*e3).int64("id").value(), "reject");
  BOOST_TEST(view(*rejected).string("status").value() == "rejected");

  auto h = call("hours", mp::MapBuilder().set("volunteer_id", id).set("year", 2025).bytes());
  BOOST_REQUIRE(h.ok());
  BOOST_TEST(view(*h).int64("year_minutes").value() == 90);
  BOOST_TEST(view(*h).int64("total_minutes").value() == 225);
  BOOST_TEST(view(*h).number("total_hours").value() == 3.75);
  BOOST_TEST(view(*h).int64("pending_minutes").value() == 0);
  BOOST_TEST(view(*h).int64("stars").value() == 1);  // thresholds 2, 4, … hours
  BOOST_TEST(view(*h).number("next_star_hours").value() == 0.25);

  // Events: logged ×3, approved ×2, rejected ×1; personal data masked.
  BOOST_REQUIRE_EQUAL(events.size(), 6u);
  BOOST_TEST(events[0].name == "hours_logged");
  auto vol = view(events[0].payload).map("volunteer").value();
  BOOST_TEST(vol.string("phone").value() == "138****5678");
  BOOST_TEST(events[3].name == "hours_approved");
  BOOST_TEST(view(events[4].payload).int64("stars").value() == 1);
  BOOST_TEST(events[5].name == "hours_rejected");
}

BOOST_AUTO_TEST_CASE(a_reviewed_entry_cannot_be_reviewed_again) {
  const auto id = volunteer("陈小红", "nancun", "13812345678");
  auto e = call("log_hours", log_params(id, 2));
  const auto entry = view(*e).int64("id").value();
  BOOST_REQUIRE(review(entry, "approve").ok());
  auto again = review(entry, "reject");
  BOOST_TEST(again.status().code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(again.status().field() == "params.entry_id");
  BOOST_TEST(review(999, "approve").status().code() == StatusCode::kNotFound);
  BOOST_TEST(review(entry, "maybe").status().field() == "params.decision");
}

BOOST_AUTO_TEST_CASE(only_staff_of_the_volunteers_place_review) {
  const auto id = volunteer("陈小红", "nancun", "13812345678", "nancun-01");
  const auto other = volunteer("李明", "zhongcun", "13912345678", "", "org:red-cross");
  auto e = call("log_hours", log_params(id, 2), "station:nancun-01", {});
  BOOST_REQUIRE_MESSAGE(e.ok(), e.status().to_string());
  const auto entry = view(*e).int64("id").value();
  BOOST_TEST(review(entry, "approve", "town-admin:zhongcun").status().code() == StatusCode::kPermissionDenied);
  BOOST_TEST(review(entry, "approve", "station:nancun-02").status().code() == StatusCode::kPermissionDenied);
  BOOST_TEST(review(entry, "approve", "org:red-cross").status().code() == StatusCode::kPermissionDenied);
  // An organisation reports for its own volunteers, not for others.
  BOOST_TEST(call("log_hours", log_params(other, 2), "org:red-cross", {}).ok());
  BOOST_TEST(call("log_hours", log_params(id, 2), "org:red-cross", {}).status().code() ==
             StatusCode::kPermissionDenied);
  BOOST_TEST(review(entry, "approve", "station:nancun-01").ok());
  auto by_town = call("hours_entries", mp::MapBuilder().set("town", "南村镇").set("status", "approved").bytes());
  BOOST_TEST(view(*by_town).array("items").value()->via.array.size == 1u);
  BOOST_TEST(call("hours_entries", mp::MapBuilder().set("town", "atlantis").bytes()).status().field() ==
             "params.town");

  auto denied = call("audit", mp::MapBuilder().set("outcome", "denied").bytes());
  const auto* list = view(*denied).array("entries").value();
  BOOST_REQUIRE_EQUAL(list->via.array.size, 4u);
  auto first = mp::MapView::of(list->via.array.ptr[0]).value();
  BOOST_TEST(first.string("principal").value() == "town-admin:zhongcun");
  BOOST_TEST(first.string("method").value() == "volunteer.review_hours");
  BOOST_TEST(first.int64("record_id").value() == id);
}

BOOST_AUTO_TEST_CASE(the_same_idempotency_key_returns_the_first_entry) {
  const auto id = volunteer("陈小红", "nancun", "13812345678");
  auto a = call("log_hours", log_params(id, 2), "district-admin", {}, "k-1");
  auto b = call("log_hours", log_params(id, 2), "district-admin", {}, "k-1");
  BOOST_REQUIRE(a.ok() && b.ok());
  BOOST_TEST(view(*a).int64("id").value() == view(*b).int64("id").value());
  BOOST_TEST(entries() == 1u);
  BOOST_TEST(events.size() == 1u);
  // Another principal's key is another request.
  BOOST_TEST(call("log_hours", log_params(id, 2), "town-admin:nancun", {}, "k-1").ok());
  BOOST_TEST(entries() == 2u);
}

BOOST_AUTO_TEST_CASE(bad_input_names_the_field_and_writes_nothing) {
  const auto id = volunteer("陈小红", "nancun", "13812345678");
  auto field_of = [&](const std::string& params) { return call("log_hours", params).status().field(); };
  BOOST_TEST(field_of(log_params(id, 0)) == "params.hours");
  BOOST_TEST(field_of(log_params(id, -2)) == "params.hours");
  BOOST_TEST(field_of(log_params(id, 24.5)) == "params.hours");
  BOOST_TEST(field_of(log_params(id, 1.255)) == "params.hours");
  BOOST_TEST(field_of(log_params(id, 2, "2025-02-30")) == "params.date");
  BOOST_TEST(field_of(log_params(id, 2, "3000-01-01")) == "params.date");
  auto unknown = call("log_hours", log_params(4242, 2));
  BOOST_TEST(unknown.status().code() == StatusCode::kNotFound);
  BOOST_TEST(unknown.status().field() == "params.volunteer_id");
  BOOST_TEST(field_of(mp::MapBuilder().set("volunteer_id", id).set("date", "2025-03-01").set("hours", 1).bytes()) ==
             "params.activity");
  BOOST_TEST(field_of(mp::MapBuilder().set("volunteer_id", id).set("activity", "x").set("date", "2025-03-01")
                          .set("hours", 1).set("course_id", -3).bytes()) == "params.course_id");
  BOOST_TEST(field_of(mp::MapBuilder().set("volunteer_id", id).set("activity", "x").set("date", "2025-03-01")
                          .set("hours", 1).set("minutes", 3).bytes()) == "params.minutes");
  // A day has 24 hours across entries.
  BOOST_TEST(call("log_hours", log_params(id, 20)).ok());
  BOOST_TEST(field_of(log_params(id, 5)) == "params.hours");
  BOOST_TEST(entries() == 1u);

  auto level = call("add_training", mp::MapBuilder().set("volunteer_id", id).set("level", "expert")
                                        .set("date", "2025-03-01").set("title", "急救").set("hours", 3).bytes());
  BOOST_TEST(level.status().field() == "params.level");
  auto audit = call("audit", mp::MapBuilder().set("record_id", id).bytes());
  BOOST_TEST(view(*audit).array("entries").value()->via.array.size == 2u);  // create, one log
}

BOOST_AUTO_TEST_CASE(archived_volunteers_log_nothing) {
  const auto id = volunteer("陈小红", "nancun", "13812345678");
  BOOST_REQUIRE(call("archive", mp::MapBuilder().set("id", id).set("version", 1).bytes()).ok());
  BOOST_TEST(call("log_hours", log_params(id, 2)).status().code() == StatusCode::kFailedPrecondition);
}

BOOST_AUTO_TEST_CASE(trainings_by_level) {
  const auto id = volunteer("陈小红", "nancun", "13812345678");
  auto add = [&](const std::string& level, const std::string& date, double hours) {
    return call("add_training", mp::MapBuilder().set("volunteer_id", id).set("level", level).set("date", date)
                                    .set("title", "志愿服务通识").set("hours", hours).bytes());
  };
  auto a = add("basic", "2025-01-10", 4);
  BOOST_REQUIRE_MESSAGE(a.ok(), a.status().to_string());
  BOOST_TEST(view(*a).string("level_label").value() == "初级");
  BOOST_REQUIRE(add("中级", "2025-02-10", 16).ok());
  BOOST_TEST(add("basic", "2025-01-10", 201).status().field() == "params.hours");
  auto list = call("trainings", mp::MapBuilder().set("volunteer_id", id).bytes());
  BOOST_REQUIRE(list.ok());
  BOOST_TEST(view(*list).array("items").value()->via.array.size == 2u);
  BOOST_TEST(view(*list).string("highest_level").value() == "intermediate");
  BOOST_TEST(view(*list).int64("total_minutes").value() == 20 * 60);
}

BOOST_AUTO_TEST_CASE(a_certificate_states_name_hours_and_a_stable_number) {
  const auto id = volunteer("陈小红", "nancun", "13812345678");
  auto e = call("log_hours", log_params(id, 6.5));
  BOOST_REQUIRE(review(view(*e).int64("id").value(), "approve").ok());
  auto nothing = call("certificate", mp::MapBuilder().set("volunteer_id", id).set("year", 2024).bytes());
  BOOST_TEST(nothing.status().code() == StatusCode::kFailedPrecondition);

  auto c = call("certificate", mp::MapBuilder().set("volunteer_id", id).set("year", 2025).bytes(),
                "town-admin:nancun", {});
  BOOST_REQUIRE_MESSAGE(c.ok(), c.status().to_string());
  const std::string md = view(*c).string("content").value();
  BOOST_TEST(md.find("# 志愿服务时长证明") == 0u);
  BOOST_TEST(md.find("陈小红") != std::string::npos);
  BOOST_TEST(md.find("6.5 小时") != std::string::npos);
  BOOST_TEST(md.find("南村镇") != std::string::npos);
  BOOST_TEST(md.find("三星级志愿者") != std::string::npos);  // 6.5 h ≥ 6
  BOOST_TEST(md.find("11010519491231002X") == std::string::npos);
  BOOST_TEST(md.find(certificate_number(id, 2025)) != std::string::npos);
  BOOST_TEST(view(*c).string("number").value() == certificate_number(id, 2025));
  BOOST_TEST(certificate_number(id, 2025) != certificate_number(id, 2024));
  BOOST_TEST(certificate_number(id, std::nullopt).rfind("ZYFW-ALL-", 0) == 0u);

  auto with_pii = call("certificate", mp::MapBuilder().set("volunteer_id", id).bytes(), "district-admin", {"pii"});
  BOOST_TEST(view(*with_pii).string("content").value().find("11010519491231002X") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(markdown_in_names_is_escaped) {
  CertificateData c;
  c.volunteer_id = 1;
  c.name = "王*五|**";
  c.town_name = "南村镇";
  c.issued_on = "2026-03-05";
  c.issuer = "番禺区社区教育中心";
  c.certified_minutes = 60;
  const std::string md = render_certificate(c);
  BOOST_TEST(md.find("王\\*五\\|\\*\\*") != std::string::npos);
  BOOST_TEST(md.find("2026年3月5日") != std::string::npos);
  BOOST_TEST(md.find("未评星") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(volunteers_per_thousand_residents_by_town) {
  volunteer("甲", "nancun", "13800000001");
  volunteer("乙", "nancun", "13800000002");
  const auto gone = volunteer("丙", "shiqiao", "13800000003");
  BOOST_REQUIRE(call("archive", mp::MapBuilder().set("id", gone).set("version", 1).bytes()).ok());
  auto r = call("per_thousand", mp::empty_map());
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  const auto* towns = view(*r).array("towns").value();
  BOOST_TEST(towns->via.array.size == shipped_network()->towns.size());
  bool seen = false;
  for (std::uint32_t i = 0; i < towns->via.array.size; ++i) {
    auto t = mp::MapView::of(towns->via.array.ptr[i]).value();
    if (t.string("town").value() == "nancun") {
      seen = true;
      BOOST_TEST(t.int64("volunteers").value() == 2);
      BOOST_TEST(t.int64("residents").value() == shipped_network()->town("nancun")->population);
    }
    if (t.string("town").value() == "shiqiao") BOOST_TEST(t.int64("volunteers").value() == 0);
  }
  BOOST_TEST(seen);
  auto total = view(*r).map("total").value();
  BOOST_TEST(total.int64("volunteers").value() == 2);
  BOOST_TEST(total.int64("residents").value() == shipped_network()->population());
  BOOST_TEST(view(*r).number("target_share_percent").value() == 10.0);

  cedu::config::Network small;
  small.district_name = "测试区";
  small.towns.push_back({"a", "甲镇", cedu::config::TownKind::kTown, 1000, 100, {}});
  small.towns.push_back({"b", "乙镇", cedu::config::TownKind::kTown, 3000, 100, {}});
  auto shares = volunteer_shares(small, {{"a", 100}, {"b", 3}, {"elsewhere", 7}});
  BOOST_REQUIRE_EQUAL(shares.size(), 3u);
  BOOST_TEST(shares[0].per_thousand == 100.0);
  BOOST_TEST(shares[0].share_percent == 10.0);
  BOOST_TEST(shares[0].meets_target);
  BOOST_TEST(shares[1].per_thousand == 1.0);
  BOOST_TEST(!shares[1].meets_target);
  BOOST_TEST(shares[2].volunteers == 103);
  BOOST_TEST(shares[2].residents == 4000);
  BOOST_TEST(shares[2].per_thousand == 25.75);
}

BOOST_AUTO_TEST_CASE(a_birth_year_in_the_future_is_refused) {
  mp::MapBuilder b;
  b.set("name", "未来人").set("town", "nancun").set("phone", "13812340000").set("birth_year", 2099);
  BOOST_TEST(call("create", b.bytes()).status().field() == "params.birth_year");
}

BOOST_AUTO_TEST_CASE(yearly_figures_count_a_town_or_station_and_its_approved_hours) {
  const auto a = volunteer("黄志愿", "nancun", "13800000101", "nancun-01");
  const auto b = volunteer("李志愿", "nancun", "13800000102", "nancun-02");
  volunteer("何志愿", "nancun", "13800000103", "nancun-01");  // serves no hours
  volunteer("陈志愿", "shiqiao", "13800000104");
  auto entry = [&](std::int64_t id, double hours, const std::string& date) {
    auto r = call("log_hours", log_params(id, hours, date));
    BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
    return view(*r).int64("id").value();
  };
  BOOST_REQUIRE(review(entry(a, 2.5, "2025-03-01"), "approve").ok());
  BOOST_REQUIRE(review(entry(a, 1, "2025-04-01"), "approve").ok());
  BOOST_REQUIRE(review(entry(a, 3, "2024-04-01"), "approve").ok());  // another year
  BOOST_REQUIRE(review(entry(b, 4, "2025-03-01"), "reject").ok());
  entry(b, 2, "2025-05-01");                                          // not reviewed yet
  BOOST_REQUIRE(review(entry(b, 1.5, "2025-06-01"), "approve").ok());

  auto figures = [&](mp::MapBuilder params) {
    auto r = call("yearly", params.bytes());
    BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
    return std::move(r).value();
  };
  auto station = figures(std::move(mp::MapBuilder().set("year", 2025).set("town", "南村镇")
                                       .set("station", "nancun-01")));
  BOOST_TEST(view(station).int64("volunteers").value() == 2);
  BOOST_TEST(view(station).int64("serving").value() == 1);
  BOOST_TEST(view(station).int64("approved_minutes").value() == 210);
  BOOST_TEST(view(station).number("approved_hours").value() == 3.5);
  auto town = figures(std::move(mp::MapBuilder().set("year", 2025).set("town", "nancun")));
  BOOST_TEST(view(town).int64("volunteers").value() == 3);
  BOOST_TEST(view(town).int64("serving").value() == 2);
  BOOST_TEST(view(town).number("approved_hours").value() == 5.0);
  BOOST_TEST(view(town).string("town").value() == "nancun");
  auto district = figures(std::move(mp::MapBuilder().set("year", 2024)));
  BOOST_TEST(view(district).int64("volunteers").value() == 4);
  BOOST_TEST(view(district).number("approved_hours").value() == 3.0);

  BOOST_TEST(call("yearly", mp::MapBuilder().set("station", "nancun-01").bytes()).status().field() ==
             "params.station");
  BOOST_TEST(call("yearly", mp::MapBuilder().set("town", "shiqiao").set("station", "nancun-01").bytes())
                 .status().field() == "params.station");
  BOOST_TEST(call("yearly", mp::MapBuilder().set("town", "atlantis").bytes()).status().field() ==
             "params.town");
  BOOST_TEST(call("yearly", mp::MapBuilder().set("year", 1999).bytes()).status().field() ==
             "params.year");
}

BOOST_AUTO_TEST_SUITE_END()
