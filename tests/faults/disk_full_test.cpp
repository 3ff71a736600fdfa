// Disk full (issue 8): cedu-teacher runs under a file-size limit (RLIMIT_FSIZE, set by
// prlimit(1) as systemd's LimitFSIZE= or a full disk would), a little above the size of
// its database. Writes go on until they no longer fit: then each write fails with
// RESOURCE_EXHAUSTED saying the disk is full, and nothing of it is kept; the process keeps
// running, reads keep working, and after it stops the file passes integrity_check with
// exactly the acknowledged records (each with its audit entry).
// Skips (exit 77) where prlimit is not installed.
#define BOOST_TEST_MODULE disk_full
#include <boost/test/unit_test.hpp>

#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"
#include "tests/faults/fault_support.h"
#include "tests/support/bus_fixture.h"
#include "tests/support/library_services.h"

using namespace std::chrono_literals;
using namespace cedu::testing;

namespace {

constexpr const char* kPrlimit = "/usr/bin/prlimit";

std::string teacher(int i) {
  cedu::mp::MapBuilder p;
  p.set("name", "满盘教师" + std::to_string(i)).set("town", "nancun").set("kind", "part-time")
      .set("phone", "135" + std::to_string(10000000 + i))
      .set("intro", std::string(1500, 'x'));  // a few pages per write: the limit comes soon
  return p.bytes();
}

}  // namespace

BOOST_AUTO_TEST_CASE(writes_fail_clearly_reads_go_on_and_nothing_is_corrupted) {
  if (::access(kPrlimit, X_OK) != 0) {
    std::cout << "SKIPPED: " << kPrlimit << " (util-linux) is not installed; cannot set a "
                 "file-size limit on the service" << std::endl;
    std::exit(77);
  }
  BusFixture bus(200);
  const std::string db = bus.dir().file("teacher.db");
  {
    // Created and migrated without a limit, then stopped (its WAL checkpointed).
    Process first = start_library_service(bus, "teacher", {}, db);
    first.stop();
  }
  const auto limit = std::filesystem::file_size(db) + 96 * 1024;
  Process limited = Process::spawn(
      {kPrlimit, "--fsize=" + std::to_string(limit), "--", binary("cedu-teacher"), "--endpoint",
       bus.endpoint(), "--insecure", "--network", network_file(), "--database", db},
      bus.dir().file("limited.log"));
  BOOST_REQUIRE(bus.wait_for_workers("teacher", 1, 10s));
  auto client = bus.client();

  std::vector<std::int64_t> acked;
  cedu::Status refused;
  for (int i = 0; i < 2000 && refused.is_ok(); ++i) {
    auto r = client->call("teacher", "create", teacher(i));
    if (r.ok()) {
      acked.push_back(cedu::mp::MapView::of(r->result()).value().int64("id").value());
    } else {
      refused = r.status();
    }
  }
  BOOST_TEST_MESSAGE(acked.size() << " writes fitted; then " << refused.to_string());
  BOOST_REQUIRE(!refused.is_ok());
  BOOST_REQUIRE(!acked.empty());
  BOOST_TEST(refused.code() == cedu::StatusCode::kResourceExhausted, refused.to_string());
  BOOST_TEST(refused.message().find("disk full") != std::string::npos, refused.to_string());
  BOOST_TEST(limited.running(), read_file(bus.dir().file("limited.log")));

  // Reads go on; a further write is refused the same way, at once.
  cedu::mp::MapBuilder get;
  get.set("id", acked.front());
  BOOST_TEST(client->call("teacher", "get", get.bytes()).ok());
  BOOST_TEST(wait_for_count(*client, "teacher", 5s) == static_cast<std::int64_t>(acked.size()));
  auto again = client->call("teacher", "create", teacher(100000));
  BOOST_TEST(again.status().code() == cedu::StatusCode::kResourceExhausted, again.status().to_string());
  BOOST_TEST(limited.running());

  limited.stop();
  BOOST_TEST(sqlite_integrity(db) == "ok");
  BOOST_TEST(sqlite_int(db, "SELECT count(*) FROM records") == static_cast<std::int64_t>(acked.size()));
  BOOST_TEST(sqlite_int(db, "SELECT count(*) FROM records r WHERE NOT EXISTS "
                            "(SELECT 1 FROM audit a WHERE a.record_id = r.id)") == 0);
  BOOST_TEST(sqlite_int(db, "SELECT count(*) FROM audit a WHERE a.outcome = 'ok' AND "
                            "NOT EXISTS (SELECT 1 FROM records r WHERE r.id = a.record_id)") == 0);
}
