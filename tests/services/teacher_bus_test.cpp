// Integration: cedu-teacher behind a CURVE cedu-bus. The staff question "part-time
// teachers of health education in zhongcun free on Saturday morning" answered by the
// library core's list filters, and the teacher domain methods (trainings, appraisals,
// exchanges) with their row rules over the real bus.
#define BOOST_TEST_MODULE teacher_bus
#include <boost/test/unit_test.hpp>

#include <set>

#include "tests/support/bus_fixture.h"
#include "tests/support/library_services.h"
#include "tests/support/library_test_helpers.h"

using cedu::StatusCode;
using namespace cedu::testing;
namespace mp = cedu::mp;

namespace {

const std::vector<GrantSpec> kGrants = {
    {"service:teacher", {}, {}},
    {"town-admin:zhongcun", {"teacher.*"}, {}},
    {"town-admin:nancun", {"teacher.*"}, {}},
};

std::int64_t create(cedu::Client& c, const std::string& name, const std::string& town,
                    const std::string& kind, const std::vector<std::string>& specialties,
                    const std::vector<std::string>& availability, const std::string& phone) {
  return id_of(c.call("teacher", "create",
                      teacher_params(name, town, phone, kind)
                          .set("specialties", specialties)
                          .set("availability", availability)
                          .bytes()));
}

std::set<std::int64_t> ids_of(const cedu::Reply& r) {
  std::set<std::int64_t> ids;
  for (std::uint32_t i = 0, n = items_of(r); i < n; ++i) {
    ids.insert(item(r, "items", i).int64("id").value());
  }
  return ids;
}

}  // namespace

BOOST_AUTO_TEST_CASE(part_time_health_teachers_of_zhongcun_free_on_saturday_morning) {
  BusFixture bus(kGrants);
  auto svc = cedu::testing::start_library_service(bus, "teacher");
  auto admin = bus.client();
  const auto wanted = create(*admin, "陈医生", "zhongcun", "part-time", {"health", "leisure"},
                             {"sat-am", "sun-pm"}, "13800000001");
  const auto also = create(*admin, "何护士", "zhongcun", "part-time", {"health"}, {"sat-am"}, "13800000002");
  // Each of these misses exactly one condition.
  create(*admin, "全职老师", "zhongcun", "full-time", {"health"}, {"sat-am"}, "13800000003");
  create(*admin, "南村老师", "nancun", "part-time", {"health"}, {"sat-am"}, "13800000004");
  create(*admin, "书法老师", "zhongcun", "part-time", {"culture"}, {"sat-am"}, "13800000005");
  create(*admin, "下午老师", "zhongcun", "part-time", {"health"}, {"sat-pm", "sun-am"}, "13800000006");
  create(*admin, "没空老师", "zhongcun", "part-time", {"health"}, {}, "13800000007");
  const auto gone = create(*admin, "退出老师", "zhongcun", "part-time", {"health"}, {"sat-am"}, "13800000008");
  BOOST_REQUIRE(admin->call("teacher", "archive", mp::MapBuilder().set("id", gone).set("version", 1).bytes()).ok());

  mp::MapBuilder where;
  where.set("kind", "part-time").set("specialties", "health").set("availability", "sat-am");
  mp::MapBuilder q;
  q.set("town", "zhongcun").set("where", where);
  auto r = bus.client_as("town-admin:nancun")->call("teacher", "list", q.bytes());
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  BOOST_TEST((ids_of(*r) == std::set<std::int64_t>{wanted, also}));

  // The same filters count.
  mp::MapBuilder c;
  c.set("group_by", "town").set("town", "zhongcun").set("where", where);
  auto counted = admin->call("teacher", "count", c.bytes());
  BOOST_REQUIRE(counted.ok());
  BOOST_TEST(view(*counted).int64("total").value() == 2);

  // A field that is not filterable is refused, naming it.
  mp::MapBuilder bad_where;
  bad_where.set("name", "陈医生");
  mp::MapBuilder bad;
  bad.set("where", bad_where);
  BOOST_TEST(admin->call("teacher", "list", bad.bytes()).status().field() == "where.name");
}

BOOST_AUTO_TEST_CASE(domain_records_follow_the_teachers_town_over_the_bus) {
  BusFixture bus(kGrants);
  auto svc = cedu::testing::start_library_service(bus, "teacher");
  auto admin = bus.client();
  auto zhongcun = bus.client_as("town-admin:zhongcun");
  auto nancun = bus.client_as("town-admin:nancun");
  const auto id = create(*admin, "陈医生", "zhongcun", "part-time", {"health"}, {"sat-am"}, "13800000001");
  std::vector<std::string> topics;
  BOOST_REQUIRE(admin->subscribe("teacher.", std::nullopt,
                                 [&](const cedu::Event& e) { topics.push_back(e.topic); }).is_ok());

  auto training = zhongcun->call("teacher", "add_training",
                                 mp::MapBuilder().set("teacher_id", id).set("date", "2025-04-12")
                                     .set("kind", "research").set("title", "健康教育教研活动").set("hours", 2.5).bytes());
  BOOST_REQUIRE_MESSAGE(training.ok(), training.status().to_string());
  BOOST_TEST(view(*training).int64("minutes").value() == 150);

  auto appraisal = mp::MapBuilder().set("teacher_id", id).set("year", 2024).set("grade", "excellent").bytes();
  BOOST_TEST(nancun->call("teacher", "appraise", appraisal).status().code() == StatusCode::kPermissionDenied);
  BOOST_REQUIRE(zhongcun->call("teacher", "appraise", appraisal).ok());
  auto again = zhongcun->call("teacher", "appraise", appraisal);
  BOOST_TEST(again.status().code() == StatusCode::kAlreadyExists);
  BOOST_TEST(again.status().field() == "params.year");

  auto out = zhongcun->call("teacher", "assign_exchange",
                            mp::MapBuilder().set("teacher_id", id).set("to_town", "南村镇")
                                .set("start_date", "2026-03-01").set("end_date", "2026-06-30").bytes());
  BOOST_REQUIRE_MESSAGE(out.ok(), out.status().to_string());
  auto into_nancun = nancun->call("teacher", "exchanges", mp::MapBuilder().set("town", "nancun").bytes());
  BOOST_REQUIRE(into_nancun.ok());
  BOOST_TEST(ids_of(*into_nancun).size() == 1u);

  // Each side record written is announced.
  poll_until(*admin, [&] { return topics.size() >= 3; });
  BOOST_TEST(topics == std::vector<std::string>({"teacher.training_added", "teacher.appraised",
                                                 "teacher.exchange_assigned"}));

  auto denied = admin->call("teacher", "audit", mp::MapBuilder().set("outcome", "denied").bytes());
  const auto* entries = view(*denied).array("entries").value();
  BOOST_REQUIRE_EQUAL(entries->via.array.size, 1u);
  auto entry = item(entries, 0);
  BOOST_TEST(entry.string("method").value() == "teacher.appraise");
  BOOST_TEST(entry.string("principal").value() == "town-admin:nancun");
}
