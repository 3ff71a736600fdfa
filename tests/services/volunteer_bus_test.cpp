// Integration: cedu-volunteer behind a CURVE cedu-bus. Hours reported, reviewed by the
// volunteer's town and added up to stars (the shipped configs/volunteer.yaml); a retried
// report with the same idempotency key is one entry; another town's admin cannot review;
// personal data is masked for principals without the `pii` right in replies, exports and
// events; the certificate; volunteers per 1,000 residents from the network's populations.
#define BOOST_TEST_MODULE volunteer_bus
#include <boost/test/unit_test.hpp>

#include <cmath>

#include "common/config/network.h"
#include "tests/support/bus_fixture.h"
#include "tests/support/library_services.h"
#include "tests/support/library_test_helpers.h"

using namespace std::chrono_literals;
using cedu::StatusCode;
using namespace cedu::testing;
namespace mp = cedu::mp;

namespace {

const std::vector<GrantSpec> kGrants = {
    {"service:volunteer", {}, {}},
    {"town-admin:nancun", {"volunteer.*"}, {"volunteer.*"}},
    {"town-admin:zhongcun", {"volunteer.*"}, {}},
    {"org:red-cross", {"volunteer.get", "volunteer.list", "volunteer.search", "volunteer.export"},
     {"volunteer.*"}},
};

// A volunteer with personal data of every kind (phone, ID card, address).
std::string volunteer(const std::string& name, const std::string& town, const std::string& phone) {
  return volunteer_params(name, town, phone)
      .set("id_card", "11010519491231002X")
      .set("address", "广州市番禺区南村镇兴业大道1号")
      .set("skills", "急救、手语")
      .set("service_area", std::vector<std::string>{"南村村", "员岗村"})
      .bytes();
}

std::string hours(std::int64_t id, const std::string& date, double h) {
  return mp::MapBuilder().set("volunteer_id", id).set("activity", "长者学堂助教").set("date", date)
      .set("hours", h).bytes();
}

}  // namespace

BOOST_AUTO_TEST_CASE(reported_hours_reviewed_by_the_town_add_up_to_stars) {
  BusFixture bus(kGrants);
  auto svc = cedu::testing::start_library_service(bus, "volunteer");
  auto nancun = bus.client_as("town-admin:nancun");
  auto zhongcun = bus.client_as("town-admin:zhongcun");
  const auto id = id_of(nancun->call("volunteer", "create", volunteer("陈小红", "nancun", "13812345678")));

  // 5 × 20 h = 100 h: the first star of the shipped thresholds (100, 300, …).
  std::vector<std::int64_t> entries;
  for (int day = 1; day <= 5; ++day) {
    auto e = nancun->call("volunteer", "log_hours", hours(id, "2025-03-0" + std::to_string(day), 20));
    entries.push_back(id_of(e));
    BOOST_TEST(view(*e).string("status").value() == "reported");
  }
  auto pending = nancun->call("volunteer", "hours", mp::MapBuilder().set("volunteer_id", id).set("year", 2025).bytes());
  BOOST_REQUIRE(pending.ok());
  BOOST_TEST(view(*pending).number("pending_hours").value() == 100.0);
  BOOST_TEST(view(*pending).int64("stars").value() == 0);

  // Another town's admin cannot review, and the refusal is audited.
  auto foreign = zhongcun->call("volunteer", "review_hours",
                                mp::MapBuilder().set("entry_id", entries[0]).set("decision", "approve").bytes());
  BOOST_TEST(foreign.status().code() == StatusCode::kPermissionDenied);
  for (auto entry : entries) {
    auto r = nancun->call("volunteer", "review_hours",
                          mp::MapBuilder().set("entry_id", entry).set("decision", "approve").bytes());
    BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
    BOOST_TEST(view(*r).string("status").value() == "approved");
    BOOST_TEST(view(*r).string("reviewed_by").value() == "town-admin:nancun");
  }
  auto twice = nancun->call("volunteer", "review_hours",
                            mp::MapBuilder().set("entry_id", entries[0]).set("decision", "reject").bytes());
  BOOST_TEST(twice.status().code() == StatusCode::kFailedPrecondition);

  auto totals = nancun->call("volunteer", "hours", mp::MapBuilder().set("volunteer_id", id).set("year", 2025).bytes());
  BOOST_REQUIRE(totals.ok());
  BOOST_TEST(view(*totals).number("year_hours").value() == 100.0);
  BOOST_TEST(view(*totals).number("total_hours").value() == 100.0);
  BOOST_TEST(view(*totals).number("pending_hours").value() == 0.0);
  BOOST_TEST(view(*totals).int64("stars").value() == 1);
  BOOST_TEST(view(*totals).number("next_star_hours").value() == 200.0);
  auto in_2024 = nancun->call("volunteer", "hours", mp::MapBuilder().set("volunteer_id", id).set("year", 2024).bytes());
  BOOST_TEST(view(*in_2024).number("year_hours").value() == 0.0);

  auto denied = bus.client()->call("volunteer", "audit", mp::MapBuilder().set("outcome", "denied").bytes());
  BOOST_REQUIRE(denied.ok());
  BOOST_REQUIRE_EQUAL(items_of(*denied, "entries"), 1u);
  BOOST_TEST(item(*denied, "entries", 0).string("principal").value() == "town-admin:zhongcun");
  BOOST_TEST(item(*denied, "entries", 0).string("method").value() == "volunteer.review_hours");

  // The certificate of 2025 names the volunteer and the hours; the ID is masked.
  auto cert = nancun->call("volunteer", "certificate", mp::MapBuilder().set("volunteer_id", id).set("year", 2025).bytes());
  BOOST_REQUIRE_MESSAGE(cert.ok(), cert.status().to_string());
  const std::string md = view(*cert).string("content").value();
  BOOST_TEST(md.find("志愿服务时长证明") != std::string::npos);
  BOOST_TEST(md.find("陈小红") != std::string::npos);
  BOOST_TEST(md.find("100 小时") != std::string::npos);
  BOOST_TEST(md.find("一星级志愿者") != std::string::npos);
  BOOST_TEST(md.find("11010519491231002X") == std::string::npos);
  BOOST_TEST(view(*cert).string("filename").value().find(".md") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_retried_report_with_the_same_key_is_one_entry) {
  BusFixture bus(kGrants);
  auto svc = cedu::testing::start_library_service(bus, "volunteer");
  auto nancun = bus.client_as("town-admin:nancun");
  const auto id = id_of(nancun->call("volunteer", "create", volunteer("陈小红", "nancun", "13812345678")));
  cedu::CallOptions keyed;
  keyed.idempotency_key = "report-2025-03-01-陈小红";
  auto first = nancun->call("volunteer", "log_hours", hours(id, "2025-03-01", 2.5), keyed);
  auto second = nancun->call("volunteer", "log_hours", hours(id, "2025-03-01", 2.5), keyed);
  BOOST_TEST(id_of(first) == id_of(second));
  BOOST_TEST(view(*second).int64("minutes").value() == 150);
  auto list = nancun->call("volunteer", "hours_entries", mp::MapBuilder().set("volunteer_id", id).bytes());
  BOOST_REQUIRE(list.ok());
  BOOST_TEST(items_of(*list) == 1u);
  // Without a key a second report is a second entry.
  BOOST_TEST(nancun->call("volunteer", "log_hours", hours(id, "2025-03-01", 2.5)).ok());
  auto after = nancun->call("volunteer", "hours_entries", mp::MapBuilder().set("volunteer_id", id).bytes());
  BOOST_TEST(items_of(*after) == 2u);
}

BOOST_AUTO_TEST_CASE(personal_data_is_masked_without_the_pii_right) {
  BusFixture bus(kGrants);
  auto svc = cedu::testing::start_library_service(bus, "volunteer");
  auto admin = bus.client();  // district-admin, with pii
  auto org = bus.client_as("org:red-cross");
  auto nancun = bus.client_as("town-admin:nancun");

  std::vector<std::pair<std::string, std::string>> seen;  // topic, phone in the payload
  BOOST_REQUIRE(org->subscribe("volunteer.", 0, [&](const cedu::Event& e) {
                     auto h = mp::unpack(e.payload, "event").value();
                     auto payload = mp::MapView::of(h.get()).value();
                     std::string phone;
                     if (auto p = payload.optional_string("phone").value()) phone = *p;
                     if (auto v = payload.optional_map("volunteer").value()) phone = v->string("phone").value();
                     seen.emplace_back(e.topic, phone);
                   }).is_ok());

  const auto id = id_of(admin->call("volunteer", "create", volunteer("陈小红", "nancun", "13812345678")));
  BOOST_REQUIRE(nancun->call("volunteer", "log_hours", hours(id, "2025-03-01", 3)).ok());

  auto get = mp::MapBuilder().set("id", id).bytes();
  BOOST_TEST(view(*admin->call("volunteer", "get", get)).string("phone").value() == "13812345678");
  auto by_org = org->call("volunteer", "get", get);
  BOOST_REQUIRE(by_org.ok());
  BOOST_TEST(view(*by_org).string("phone").value() == "138****5678");
  BOOST_TEST(view(*by_org).string("id_card").value() == "1101**********002X");
  BOOST_TEST(view(*by_org).string("address").value() == "广州市番禺区****");
  auto listed = org->call("volunteer", "list", mp::empty_map());
  BOOST_TEST(item(*listed, "items", 0).string("phone").value() == "138****5678");
  auto found = org->call("volunteer", "search", mp::MapBuilder().set("q", "急救").bytes());
  BOOST_REQUIRE_MESSAGE(found.ok(), found.status().to_string());
  BOOST_REQUIRE_EQUAL(items_of(*found), 1u);
  BOOST_TEST(item(*found, "items", 0).string("id_card").value() == "1101**********002X");
  auto csv = org->call("volunteer", "export", mp::MapBuilder().set("format", "csv").bytes());
  BOOST_REQUIRE(csv.ok());
  const msgpack::object* content = view(*csv).find("content");
  const std::string text(content->via.bin.ptr, content->via.bin.size);
  BOOST_TEST(text.find("138****5678") != std::string::npos);
  BOOST_TEST(text.find("13812345678") == std::string::npos);
  BOOST_TEST(text.find("11010519491231002X") == std::string::npos);
  BOOST_TEST(text.find("技能特长") != std::string::npos);

  (void)poll_until(*org, [&] { return seen.size() >= 2; }, 5s, 50ms);
  BOOST_REQUIRE_EQUAL(seen.size(), 2u);
  BOOST_TEST(seen[0].first == "volunteer.created");
  BOOST_TEST(seen[0].second == "138****5678");
  BOOST_TEST(seen[1].first == "volunteer.hours_logged");
  BOOST_TEST(seen[1].second == "138****5678");
}

BOOST_AUTO_TEST_CASE(bad_reports_name_the_field_and_write_nothing) {
  BusFixture bus(kGrants);
  auto svc = cedu::testing::start_library_service(bus, "volunteer");
  auto nancun = bus.client_as("town-admin:nancun");
  const auto id = id_of(nancun->call("volunteer", "create", volunteer("陈小红", "nancun", "13812345678")));
  BOOST_TEST(nancun->call("volunteer", "log_hours", hours(id, "2025-03-01", -1)).status().field() == "params.hours");
  BOOST_TEST(nancun->call("volunteer", "log_hours", hours(id, "2025-03-01", 0)).status().field() == "params.hours");
  BOOST_TEST(nancun->call("volunteer", "log_hours", hours(id, "2025-03-01", 25)).status().field() == "params.hours");
  BOOST_TEST(nancun->call("volunteer", "log_hours", hours(id, "2025-02-29", 2)).status().field() == "params.date");
  auto unknown = nancun->call("volunteer", "log_hours", hours(id + 100, "2025-03-01", 2));
  BOOST_TEST(unknown.status().code() == StatusCode::kNotFound);
  BOOST_TEST(unknown.status().field() == "params.volunteer_id");
  auto level = nancun->call("volunteer", "add_training",
                            mp::MapBuilder().set("volunteer_id", id).set("level", "master").set("date", "2025-03-01")
                                .set("title", "急救培训").set("hours", 4).bytes());
  BOOST_TEST(level.status().field() == "params.level");
  auto list = nancun->call("volunteer", "hours_entries", mp::empty_map());
  BOOST_TEST(items_of(*list) == 0u);
  auto trainings = nancun->call("volunteer", "trainings", mp::MapBuilder().set("volunteer_id", id).bytes());
  BOOST_TEST(items_of(*trainings) == 0u);
}

BOOST_AUTO_TEST_CASE(volunteers_per_thousand_residents_use_the_network_populations) {
  BusFixture bus(kGrants);
  auto svc = cedu::testing::start_library_service(bus, "volunteer");
  auto admin = bus.client();
  id_of(admin->call("volunteer", "create", volunteer("甲", "nancun", "13800000001")));
  id_of(admin->call("volunteer", "create", volunteer("乙", "nancun", "13800000002")));
  id_of(admin->call("volunteer", "create", volunteer("丙", "zhongcun", "13800000003")));
  const auto network = cedu::config::load_network(cedu::testing::network_file());

  auto r = admin->call("volunteer", "per_thousand", mp::empty_map());
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  const auto* towns = view(*r).array("towns").value();
  BOOST_REQUIRE_EQUAL(towns->via.array.size, network.towns.size());
  for (std::uint32_t i = 0; i < towns->via.array.size; ++i) {
    auto t = item(towns, i);
    const auto* town = network.town(t.string("town").value());
    BOOST_REQUIRE(town != nullptr);
    BOOST_TEST(t.string("name").value() == town->name);
    BOOST_TEST(t.int64("residents").value() == town->population);
    const std::int64_t want = town->slug == "nancun" ? 2 : town->slug == "zhongcun" ? 1 : 0;
    BOOST_TEST(t.int64("volunteers").value() == want);
    BOOST_TEST(t.number("per_thousand").value() ==
               std::round(want * 1000.0 / static_cast<double>(town->population) * 1000.0) / 1000.0);
  }
  auto total = view(*r).map("total").value();
  BOOST_TEST(total.int64("volunteers").value() == 3);
  BOOST_TEST(total.int64("residents").value() == network.population());
  BOOST_TEST(!total.boolean("meets_target").value());
  BOOST_TEST(view(*r).number("target_share_percent").value() == 10.0);
}
