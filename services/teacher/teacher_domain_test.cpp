// Unit tests of the teacher domain methods without a bus: a Library over a temp SQLite
// file, the shipped district network, and the methods of domain.h called directly.
#define BOOST_TEST_MODULE teacher_domain
#include <boost/test/unit_test.hpp>

#include "common/msgpack/builder.h"
#include "common/testing/temp_dir.h"
#include "services/library/calendar.h"
#include "services/library/library_test_support.h"
#include "services/library/places.h"
#include "services/teacher/domain.h"
#include "services/teacher/teacher_domain.h"
#include "services/teacher/teacher_spec.h"

using namespace cedu::teacher;
using cedu::StatusCode;
namespace mp = cedu::mp;
namespace library = cedu::library;
using library::testing::shipped_network;

namespace {

struct Fixture {
  cedu::testing::TempDir dir;
  std::unique_ptr<library::Library> lib;
  std::unique_ptr<Domain> domain;

  Fixture() {
    auto opened = library::testing::open_library(dir.file("teacher.db"), teacher_service(),
                                                 library::places_from(shipped_network()));
    BOOST_REQUIRE_MESSAGE(opened.ok(), opened.status().to_string());
    lib = std::move(opened).value();
    domain = std::make_unique<Domain>(Domain{*lib, shipped_network()});
  }

  cedu::Result<msgpack::object_handle> call(const std::string& method, const std::string& params,
                                            const std::string& principal = "district-admin") {
    auto handle = mp::unpack(params, "params").value();
    auto view = mp::MapView::of(handle.get(), "params").value();
    return library::testing::serve(*lib, *domain, domain_methods(),
                                   library::testing::request("teacher", method, view, principal, {}));
  }

  static mp::MapView view(const msgpack::object_handle& h) { return mp::MapView::of(h.get()).value(); }
  static std::size_t items(const msgpack::object_handle& h) {
    return view(h).array("items").value()->via.array.size;
  }

  std::int64_t teacher(const std::string& name, const std::string& town, const std::string& phone) {
    auto r = call("create", mp::MapBuilder().set("name", name).set("town", town).set("phone", phone)
                                .set("kind", "part-time").bytes());
    BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
    return view(*r).int64("id").value();
  }

  std::size_t audited(std::int64_t id, const std::string& outcome = "ok") {
    auto r = call("audit", mp::MapBuilder().set("record_id", id).set("outcome", outcome).bytes());
    return view(*r).array("entries").value()->via.array.size;
  }
};

std::string exchange(std::int64_t id, const std::string& to, const std::string& start, const std::string& end) {
  return mp::MapBuilder().set("teacher_id", id).set("to_town", to).set("start_date", start)
      .set("end_date", end).bytes();
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(teacher_domain, Fixture)

BOOST_AUTO_TEST_CASE(trainings_and_research_are_listed_by_year_with_totals) {
  const auto id = teacher("黄老师", "nancun", "13812345678");
  auto add = [&](const std::string& date, const std::string& kind, double hours) {
    return call("add_training", mp::MapBuilder().set("teacher_id", id).set("date", date).set("kind", kind)
                                    .set("title", "社区教育课程开发").set("hours", hours).bytes());
  };
  auto a = add("2024-05-10", "training", 6);
  BOOST_REQUIRE_MESSAGE(a.ok(), a.status().to_string());
  BOOST_TEST(view(*a).string("kind_label").value() == "培训");
  BOOST_REQUIRE(add("2025-03-02", "教研", 2.5).ok());
  BOOST_REQUIRE(add("2025-04-02", "training", 3).ok());
  BOOST_TEST(add("2025-04-02", "party", 3).status().field() == "params.kind");
  BOOST_TEST(add("2025-04-31", "training", 3).status().field() == "params.date");
  BOOST_TEST(add("2025-04-02", "training", 0).status().field() == "params.hours");

  auto all = call("trainings", mp::MapBuilder().set("teacher_id", id).bytes());
  BOOST_TEST(items(*all) == 3u);
  BOOST_TEST(view(*all).number("total_hours").value() == 11.5);
  auto y2025 = call("trainings", mp::MapBuilder().set("teacher_id", id).set("year", 2025).bytes());
  BOOST_TEST(items(*y2025) == 2u);
  BOOST_TEST(view(*y2025).number("research_hours").value() == 2.5);
  BOOST_TEST(view(*y2025).number("training_hours").value() == 3.0);
  BOOST_TEST(call("trainings", mp::MapBuilder().set("teacher_id", 999).bytes()).status().code() ==
             StatusCode::kNotFound);
  BOOST_TEST(audited(id) == 4u);  // create + three trainings
}

BOOST_AUTO_TEST_CASE(one_appraisal_per_teacher_and_year) {
  const auto a = teacher("黄老师", "nancun", "13812345678");
  const auto b = teacher("林老师", "zhongcun", "13912345678");
  auto appraise = [&](std::int64_t id, int year, const std::string& grade,
                      const std::string& who = "district-admin") {
    return call("appraise", mp::MapBuilder().set("teacher_id", id).set("year", year).set("grade", grade).bytes(),
                who);
  };
  auto first = appraise(a, 2024, "excellent");
  BOOST_REQUIRE_MESSAGE(first.ok(), first.status().to_string());
  BOOST_TEST(view(*first).string("grade_label").value() == "优秀");
  BOOST_TEST(view(*first).string("town").value() == "nancun");
  auto twice = appraise(a, 2024, "competent");
  BOOST_TEST(twice.status().code() == StatusCode::kAlreadyExists);
  BOOST_TEST(twice.status().field() == "params.year");
  BOOST_REQUIRE(appraise(a, 2025, "合格").ok());
  BOOST_REQUIRE(appraise(b, 2024, "基本合格", "town-admin:zhongcun").ok());
  BOOST_TEST(appraise(b, 2025, "excellent", "town-admin:nancun").status().code() ==
             StatusCode::kPermissionDenied);
  BOOST_TEST(audited(b, "denied") == 1u);
  BOOST_TEST(appraise(a, 2023, "great").status().field() == "params.grade");
  BOOST_TEST(appraise(a, 1999, "excellent").status().field() == "params.year");
  BOOST_TEST(appraise(a, library::current_year() + 1, "excellent").status().field() == "params.year");
  BOOST_TEST(call("appraise", mp::MapBuilder().set("teacher_id", a).set("grade", "excellent").bytes())
                 .status().field() == "params.year");

  auto y2024 = call("appraisals", mp::MapBuilder().set("year", 2024).bytes());
  BOOST_TEST(items(*y2024) == 2u);
  BOOST_TEST(view(*y2024).map("grades").value().int64("excellent").value() == 1);
  BOOST_TEST(view(*y2024).map("grades").value().int64("basic").value() == 1);
  BOOST_TEST(items(*call("appraisals", mp::MapBuilder().set("town", "南村镇").bytes())) == 2u);
  BOOST_TEST(items(*call("appraisals", mp::MapBuilder().set("teacher_id", b).bytes())) == 1u);
  BOOST_TEST(call("appraisals", mp::MapBuilder().set("town", "atlantis").bytes()).status().field() ==
             "params.town");
}

BOOST_AUTO_TEST_CASE(exchanges_go_to_another_town_without_overlap) {
  const auto id = teacher("黄老师", "nancun", "13812345678");
  auto first = call("assign_exchange", exchange(id, "zhongcun", "2025-03-01", "2025-06-30"));
  BOOST_REQUIRE_MESSAGE(first.ok(), first.status().to_string());
  BOOST_TEST(view(*first).string("from_town").value() == "nancun");
  BOOST_TEST(view(*first).string("to_town_name").value() == "钟村街");

  auto clash = call("assign_exchange", exchange(id, "shiqiao", "2025-06-30", "2025-09-30"));
  BOOST_TEST(clash.status().code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(clash.status().message().find("exchange " + std::to_string(view(*first).int64("id").value())) !=
             std::string::npos);
  BOOST_TEST(call("assign_exchange", exchange(id, "石楼镇", "2025-07-01", "2025-09-30")).ok());
  BOOST_TEST(call("assign_exchange", exchange(id, "nancun", "2026-01-01", "2026-02-01")).status().field() ==
             "params.to_town");
  BOOST_TEST(call("assign_exchange", exchange(id, "atlantis", "2026-01-01", "2026-02-01")).status().field() ==
             "params.to_town");
  BOOST_TEST(call("assign_exchange", exchange(id, "shiqiao", "2026-02-01", "2026-01-01")).status().field() ==
             "params.end_date");
  BOOST_TEST(call("assign_exchange", exchange(id, "shiqiao", "2026-02-30", "2026-03-01")).status().field() ==
             "params.start_date");
  BOOST_TEST(call("assign_exchange", exchange(id, "shiqiao", "2026-01-01", "2026-02-01"), "town-admin:shiqiao")
                 .status().code() == StatusCode::kPermissionDenied);

  BOOST_TEST(items(*call("exchanges", mp::MapBuilder().set("teacher_id", id).bytes())) == 2u);
  BOOST_TEST(items(*call("exchanges", mp::MapBuilder().set("town", "zhongcun").bytes())) == 1u);
  BOOST_TEST(items(*call("exchanges", mp::MapBuilder().set("town", "nancun").bytes())) == 2u);  // out of it
  BOOST_TEST(items(*call("exchanges", mp::MapBuilder().set("town", "dashi").bytes())) == 0u);
}

BOOST_AUTO_TEST_CASE(archived_teachers_get_no_new_records) {
  const auto id = teacher("黄老师", "nancun", "13812345678");
  BOOST_REQUIRE(call("archive", mp::MapBuilder().set("id", id).set("version", 1).bytes()).ok());
  BOOST_TEST(call("assign_exchange", exchange(id, "zhongcun", "2025-03-01", "2025-06-30")).status().code() ==
             StatusCode::kFailedPrecondition);
  BOOST_TEST(call("appraise", mp::MapBuilder().set("teacher_id", id).set("year", 2024).set("grade", "excellent")
                                  .bytes()).status().code() == StatusCode::kFailedPrecondition);
}

BOOST_AUTO_TEST_SUITE_END()
