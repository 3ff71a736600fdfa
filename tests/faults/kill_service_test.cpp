// kill -9 of a library service during a stream of acknowledged writes (issue 8): 32
// teacher.create calls always in flight through the real cedu-bus to a real cedu-teacher;
// SIGKILL after 150 acknowledgements. The file left behind passes integrity_check; every
// acknowledged record is in it; nothing is half-there (each record has its audit entry and
// its search-index row, each audit entry its record); a cedu-teacher restarted on the file
// serves every acknowledged record.
#define BOOST_TEST_MODULE kill_service
#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <set>

#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"
#include "tests/faults/fault_support.h"
#include "tests/support/bus_fixture.h"
#include "tests/support/library_services.h"

using namespace std::chrono_literals;
using namespace cedu::testing;

BOOST_AUTO_TEST_CASE(acknowledged_writes_survive_kill_9_and_nothing_is_half_there) {
  BusFixture bus(200);
  const std::string db = bus.dir().file("teacher.db");
  Process teacher = start_library_service(bus, "teacher", {}, db);
  auto client = bus.client();

  std::set<std::int64_t> acked;
  int sent = 0, pending = 0, failed = 0;
  bool killed = false;
  const auto until = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < until && (!killed || pending > 0)) {
    while (!killed && pending < 32) {
      cedu::mp::MapBuilder p;
      p.set("name", "压测教师" + std::to_string(sent)).set("town", "nancun").set("kind", "part-time")
          .set("phone", "138" + std::to_string(10000000 + sent));
      ++sent, ++pending;
      cedu::CallOptions o;
      o.timeout = 5s;
      client->call_async("teacher", "create", p.bytes(), [&](cedu::Result<cedu::Reply> r) {
        --pending;
        if (r.ok()) {
          acked.insert(cedu::mp::MapView::of(r->result()).value().int64("id").value());
        } else {
          ++failed;
        }
      }, o);
    }
    (void)client->poll(5ms);
    if (!killed && acked.size() >= 150) {
      teacher.signal(SIGKILL);
      killed = true;
    }
  }
  BOOST_REQUIRE(killed);
  BOOST_REQUIRE_EQUAL(pending, 0);  // every call came back, none hung
  BOOST_REQUIRE(teacher.wait(5s).has_value());
  BOOST_TEST_MESSAGE(sent << " sent, " << acked.size() << " acknowledged, " << failed << " failed");

  BOOST_TEST(sqlite_integrity(db) == "ok");
  std::string ids;
  for (auto id : acked) ids += (ids.empty() ? "" : ",") + std::to_string(id);
  BOOST_TEST(sqlite_int(db, "SELECT count(*) FROM records WHERE id IN (" + ids + ")") ==
             static_cast<std::int64_t>(acked.size()));
  const std::int64_t records = sqlite_int(db, "SELECT count(*) FROM records");
  BOOST_TEST(records >= static_cast<std::int64_t>(acked.size()));
  BOOST_TEST(records <= sent);
  BOOST_TEST(sqlite_int(db, "SELECT count(*) FROM records r WHERE NOT EXISTS "
                            "(SELECT 1 FROM audit a WHERE a.record_id = r.id AND a.method = 'teacher.create')") == 0);
  BOOST_TEST(sqlite_int(db, "SELECT count(*) FROM audit a WHERE a.outcome = 'ok' AND "
                            "NOT EXISTS (SELECT 1 FROM records r WHERE r.id = a.record_id)") == 0);
  BOOST_TEST(sqlite_int(db, "SELECT count(*) FROM records_search") == records);

  Process again = start_library_service(bus, "teacher", {}, db);
  for (auto id : acked) {
    cedu::mp::MapBuilder get;
    get.set("id", id);
    auto r = client->call("teacher", "get", get.bytes());
    BOOST_REQUIRE_MESSAGE(r.ok(), "teacher " << id << ": " << r.status().to_string());
  }
  BOOST_TEST(wait_for_count(*client, "teacher") == records);
}
