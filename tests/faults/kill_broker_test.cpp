// kill -9 of the broker under load (issue 8): a client keeps 16 volunteer.log_hours calls
// in flight, each with its own idempotency key and retried with the same key until it is
// acknowledged; cedu-bus is killed with SIGKILL twice and restarted on the same endpoint
// and event log. The client and cedu-volunteer reconnect by themselves (the same Client
// object, the same service process), the calls cut off fail UNAVAILABLE at once (not at
// their deadlines), every write is acknowledged in the end, and each key's entry is in the
// volunteer's file exactly once.
#define BOOST_TEST_MODULE kill_broker
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <map>

#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"
#include "tests/faults/fault_support.h"
#include "tests/support/bus_fixture.h"
#include "tests/support/library_services.h"

using namespace std::chrono_literals;
using namespace cedu::testing;

namespace {

// Day `i` after 2025-01-01 as YYYY-MM-DD: one entry per day keeps each day under 24 h.
std::string day(int i) {
  const std::chrono::year_month_day d{std::chrono::sys_days{std::chrono::year{2025} / 1 / 1} +
                                      std::chrono::days{i}};
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(writes_retried_with_their_key_apply_once_across_broker_kills) {
  BusFixture bus(200);
  const std::string db = bus.dir().file("volunteer.db");
  Process volunteer = start_library_service(bus, "volunteer", {}, db);
  auto client = bus.client();
  cedu::mp::MapBuilder v;
  v.set("name", "志愿者乙").set("town", "nancun").set("phone", "13700000002");
  auto created = client->call("volunteer", "create", v.bytes());
  BOOST_REQUIRE_MESSAGE(created.ok(), created.status().to_string());
  const std::int64_t volunteer_id = cedu::mp::MapView::of(created->result()).value().int64("id").value();

  constexpr int kWrites = 150;
  int next = 0, pending = 0, done = 0, retries = 0, kills = 0;
  std::vector<int> to_retry;
  std::map<std::string, int> failures;  // by code
  auto send = [&](int i) {
    cedu::mp::MapBuilder p;
    p.set("volunteer_id", volunteer_id).set("activity", "社区课堂服务").set("date", day(i)).set("hours", 1);
    cedu::CallOptions o;
    o.timeout = 3s;
    o.idempotency_key = "fault-test-" + std::to_string(i);
    ++pending;
    client->call_async("volunteer", "log_hours", p.bytes(), [&, i](cedu::Result<cedu::Reply> r) {
      --pending;
      if (r.ok()) {
        ++done;
      } else {
        ++failures[std::string(cedu::code_name(r.status().code()))];
        to_retry.push_back(i);
      }
    }, o);
  };
  const auto until = std::chrono::steady_clock::now() + 120s;
  while (done < kWrites && std::chrono::steady_clock::now() < until) {
    while (pending < 16 && !to_retry.empty()) {
      const int i = to_retry.back();
      to_retry.pop_back();
      ++retries;
      send(i);
    }
    while (pending < 16 && next < kWrites) send(next++);
    (void)client->poll(5ms);
    if ((kills == 0 && done >= 40) || (kills == 1 && done >= 90)) {
      bus.restart_broker(true);  // SIGKILL, then a new cedu-bus on the same endpoint
      ++kills;
    }
  }
  BOOST_REQUIRE_EQUAL(kills, 2);
  BOOST_REQUIRE_EQUAL(done, kWrites);
  std::string seen;
  for (const auto& [code, n] : failures) seen += code + " " + std::to_string(n) + "; ";
  BOOST_TEST_MESSAGE(retries << " retries; failures: " << seen << client->reconnects() << " reconnects");
  BOOST_TEST(retries > 0);                 // the kills did cut writes off
  // Cut-off calls fail fast: the client sees the new broker's epoch and gives them up at
  // once instead of waiting for their deadlines.
  BOOST_TEST(failures.count("DEADLINE_EXCEEDED") == 0u);
  BOOST_TEST(volunteer.running());         // the same service process registered again

  BOOST_TEST(sqlite_int(db, "SELECT count(*) FROM volunteer_hours") == kWrites);
  BOOST_TEST(sqlite_int(db, "SELECT count(DISTINCT request_key) FROM volunteer_hours") == kWrites);
  BOOST_TEST(sqlite_int(db, "SELECT sum(minutes) FROM volunteer_hours") == 60 * kWrites);
  BOOST_TEST(sqlite_integrity(db) == "ok");
}
