// The library core over the real bus, through cedu-teacher with CURVE: principals come
// from the broker's stamp, town admins write only their town, personal data is masked
// for principals without the `pii` right in replies, exports and events, every write and
// every denial lands in the audit trail.
#define BOOST_TEST_MODULE library_bus
#include <boost/test/unit_test.hpp>

#include <thread>

#include "tests/support/bus_fixture.h"
#include "tests/support/library_services.h"
#include "tests/support/library_test_helpers.h"

using namespace std::chrono_literals;
using namespace cedu::testing;
namespace mp = cedu::mp;

namespace {

const std::vector<GrantSpec> kGrants = {
    {"service:teacher", {}, {}},
    {"town-admin:nancun", {"teacher.*"}, {"teacher.*"}},
    {"org:panyu-art-school", {"teacher.get", "teacher.list", "teacher.search", "teacher.export"},
     {"teacher.*"}},
};

// A teacher with personal data of every kind (phone, ID card, address).
std::string teacher(const std::string& name, const std::string& town, const std::string& phone) {
  return teacher_params(name, town, phone)
      .set("id_card", "11010519491231002X")
      .set("address", "广州市番禺区南村镇兴业大道1号")
      .set("specialties", std::vector<std::string>{"health"})
      .bytes();
}

}  // namespace

BOOST_AUTO_TEST_CASE(rules_masking_and_audit_hold_over_the_bus) {
  BusFixture bus(kGrants);
  auto svc = cedu::testing::start_library_service(bus, "teacher");
  auto admin = bus.client();  // district-admin, with pii
  auto town = bus.client_as("town-admin:nancun");
  auto org = bus.client_as("org:panyu-art-school");

  // Events of the library reach the organisation with personal data masked.
  std::vector<std::string> event_phones;
  BOOST_REQUIRE(org->subscribe("teacher.", 0, [&](const cedu::Event& e) {
                     auto h = mp::unpack(e.payload, "event").value();
                     auto phone = mp::MapView::of(h.get()).value().optional_string("phone").value();
                     event_phones.push_back(phone.value_or(""));
                   }).is_ok());

  auto created = town->call("teacher", "create", teacher("李老师", "nancun", "13812345678"));
  BOOST_REQUIRE_MESSAGE(created.ok(), created.status().to_string());
  const auto id = view(*created).int64("id").value();
  BOOST_TEST(view(*created).string("created_by").value() == "town-admin:nancun");
  // Without the pii right the creator itself sees the masked form.
  BOOST_TEST(view(*created).string("phone").value() == "138****5678");
  BOOST_TEST(view(*created).string("id_card").value() == "1101**********002X");

  auto elsewhere = town->call("teacher", "create", teacher("王老师", "zhongcun", "13912345678"));
  BOOST_TEST(elsewhere.status().code() == cedu::StatusCode::kPermissionDenied);

  // An organisation is not granted writes at the broker: denied before the service.
  auto org_write = org->call("teacher", "create", teacher("赵老师", "nancun", "13712345678"));
  BOOST_TEST(org_write.status().code() == cedu::StatusCode::kPermissionDenied);
  BOOST_TEST(org_write.status().message().find("teacher.create") != std::string::npos);

  mp::MapBuilder get;
  get.set("id", id);
  auto by_admin = admin->call("teacher", "get", get.bytes());
  BOOST_REQUIRE(by_admin.ok());
  BOOST_TEST(view(*by_admin).string("phone").value() == "13812345678");
  BOOST_TEST(view(*by_admin).string("address").value() == "广州市番禺区南村镇兴业大道1号");
  auto by_org = org->call("teacher", "get", get.bytes());
  BOOST_TEST(view(*by_org).string("phone").value() == "138****5678");
  BOOST_TEST(view(*by_org).string("address").value() == "广州市番禺区****");

  mp::MapBuilder search;
  search.set("q", "李");
  auto found = org->call("teacher", "search", search.bytes());
  BOOST_REQUIRE_MESSAGE(found.ok(), found.status().to_string());
  auto hit = item(*found, "items", 0);
  BOOST_TEST(hit.string("phone").value() == "138****5678");

  mp::MapBuilder exp;
  exp.set("format", "csv");
  auto csv = org->call("teacher", "export", exp.bytes());
  BOOST_REQUIRE(csv.ok());
  const msgpack::object* content = view(*csv).find("content");
  const std::string text(content->via.bin.ptr, content->via.bin.size);
  BOOST_TEST(text.find("138****5678") != std::string::npos);
  BOOST_TEST(text.find("13812345678") == std::string::npos);

  (void)poll_until(*org, [&] { return !event_phones.empty(); }, 5s, 50ms);
  BOOST_REQUIRE_EQUAL(event_phones.size(), 1u);
  BOOST_TEST(event_phones[0] == "138****5678");

  // The audit trail names the stamped principals: the write and the denial.
  auto audit = admin->call("teacher", "audit", mp::empty_map());
  BOOST_REQUIRE(audit.ok());
  const auto* entries = view(*audit).array("entries").value();
  BOOST_REQUIRE_EQUAL(entries->via.array.size, 2u);
  auto write = item(entries, 0);
  auto denial = item(entries, 1);
  BOOST_TEST(write.string("outcome").value() == "ok");
  BOOST_TEST(write.string("principal").value() == "town-admin:nancun");
  BOOST_TEST(denial.string("outcome").value() == "denied");
  BOOST_TEST(denial.string("method").value() == "teacher.create");
}

BOOST_AUTO_TEST_CASE(a_stale_version_and_bad_input_leave_the_service_serving) {
  BusFixture bus(kGrants);
  auto svc = cedu::testing::start_library_service(bus, "teacher");
  auto admin = bus.client();
  auto created = admin->call("teacher", "create", teacher("李老师", "nancun", "13812345678"));
  BOOST_REQUIRE(created.ok());
  mp::MapBuilder stale;
  stale.set("id", view(*created).int64("id").value()).set("version", 7).set("title", "高级讲师");
  auto conflict = admin->call("teacher", "update", stale.bytes());
  BOOST_TEST(conflict.status().code() == cedu::StatusCode::kConflict);
  BOOST_TEST(conflict.status().field() == "params.version");

  mp::MapBuilder bad;
  bad.set("name", 42).set("town", "nancun");
  auto wrong = admin->call("teacher", "create", bad.bytes());
  BOOST_TEST(wrong.status().code() == cedu::StatusCode::kInvalidArgument);
  BOOST_TEST(wrong.status().field() == "params.name");
  mp::MapBuilder enum_bad;
  enum_bad.set("name", "王").set("town", "nancun").set("kind", "boss").set("phone", "13912345678");
  BOOST_TEST(admin->call("teacher", "create", enum_bad.bytes()).status().field() == "params.kind");

  mp::MapBuilder count;
  count.set("group_by", "town");
  auto c = admin->call("teacher", "count", count.bytes());
  BOOST_REQUIRE(c.ok());
  BOOST_TEST(view(*c).int64("total").value() == 1);
}

BOOST_AUTO_TEST_CASE(an_export_too_big_for_the_bus_is_refused_at_once) {
  BusFixture bus(kGrants);
  // The service is told the bus carries at most 4 KiB (bus.max_message_bytes).
  auto svc = start_library_service(bus, "teacher", {}, {}, "  max_message_bytes: 4096\n");
  auto admin = bus.client();
  for (int i = 0; i < 40; ++i) {
    const std::string phone = "1381234" + std::to_string(1000 + i);
    BOOST_REQUIRE(admin->call("teacher", "create", teacher("李老师" + std::to_string(i), "nancun", phone)).ok());
  }
  mp::MapBuilder exp;
  exp.set("format", "csv");
  cedu::CallOptions o;
  o.timeout = 20s;
  const auto t0 = std::chrono::steady_clock::now();
  auto big = admin->call("teacher", "export", exp.bytes(), o);
  BOOST_TEST(big.status().code() == cedu::StatusCode::kResourceExhausted);
  BOOST_TEST(big.status().message().find("bus.max_message_bytes") != std::string::npos);
  BOOST_TEST((std::chrono::steady_clock::now() - t0 < 5s));  // not the 20 s deadline
  // The service serves on; a narrower request fits.
  mp::MapBuilder one;
  one.set("limit", 1);
  BOOST_TEST(admin->call("teacher", "list", one.bytes()).ok());
}
