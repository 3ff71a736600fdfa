// A service killed and restarted by `cedu up`'s supervisor while a client keeps calling
// (issue 8): the real `cedu up` runs cedu-bus and cedu-teacher from a config; the teacher
// process is killed with SIGKILL (its pid from bus.services) while calls with a 2 s
// deadline keep going. Every call in the gap comes back within its deadline, either OK or
// UNAVAILABLE — none hangs — and calls succeed again once the supervisor has started a new
// cedu-teacher (a new pid) that serves the same file.
#define BOOST_TEST_MODULE supervised_restart
#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <fstream>
#include <map>
#include <optional>
#include <thread>

#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"
#include "tests/faults/fault_support.h"
#include "tests/support/library_services.h"

using namespace std::chrono_literals;
using namespace cedu::testing;
using Clock = std::chrono::steady_clock;

namespace {

// The pid bus.services reports for the first worker of `service`, 0 when none.
std::uint64_t worker_pid(cedu::Client& client, const std::string& service) {
  auto r = client.call("bus", "services", cedu::mp::empty_map());
  if (!r.ok()) return 0;
  const msgpack::object* list = cedu::mp::MapView::of(r->result()).value().find("services");
  for (std::uint32_t i = 0; list != nullptr && i < list->via.array.size; ++i) {
    auto s = cedu::mp::MapView::of(list->via.array.ptr[i]).value();
    if (s.string("name").value() != service) continue;
    const msgpack::object* workers = s.find("workers");
    if (workers->via.array.size == 0) return 0;
    return cedu::mp::MapView::of(workers->via.array.ptr[0]).value().uint64("pid").value();
  }
  return 0;
}

}  // namespace

BOOST_AUTO_TEST_CASE(calls_in_the_gap_fail_fast_or_succeed_and_none_hangs) {
  TempDir dir("cedu-supervised");
  const std::string endpoint = free_endpoint();
  const std::string config = dir.file("cedu.yaml");
  std::ofstream(config) << "data_dir: " << dir.file("var") << "\n"
                        << "bus:\n  endpoint: " << endpoint << "\n  insecure: true\n"
                        << "  heartbeat_interval_ms: 200\n"
                        << "services:\n  teacher:\n    instances: 1\n    threads: 2\n";
  // `cedu up` runs from the source tree: the libraries read configs/network.yaml from there.
  Process up = Process::spawn({"/bin/sh", "-c", "cd '" + source_path("") + "' && exec '" +
                                                   binary("cedu") + "' up --config '" + config + "'"},
                              dir.file("cedu-up.log"));
  auto client = plain_client(endpoint);
  BOOST_REQUIRE_MESSAGE(wait_for_count(*client, "teacher", 30s) == 0, read_file(dir.file("cedu-up.log")));
  cedu::mp::MapBuilder t;
  t.set("name", "监护测试").set("town", "nancun").set("kind", "part-time").set("phone", "13600000001");
  BOOST_REQUIRE(client->call("teacher", "create", t.bytes()).ok());
  const std::uint64_t first = worker_pid(*client, "teacher");
  BOOST_REQUIRE(first > 0);

  BOOST_REQUIRE_EQUAL(::kill(static_cast<pid_t>(first), SIGKILL), 0);
  const auto killed_at = Clock::now();
  std::map<std::string, int> outcomes;
  std::chrono::milliseconds slowest{0};
  int pending = 0, total_after = 0;
  std::optional<Clock::time_point> back_at;
  cedu::mp::MapBuilder count;
  count.set("group_by", "town");
  cedu::CallOptions o;
  o.timeout = 2s;
  // A call every 20 ms until a second after the new process served one.
  auto next_send = Clock::now();
  while ((!back_at || Clock::now() - *back_at < 1s || pending > 0) && Clock::now() - killed_at < 60s) {
    if (Clock::now() >= next_send && (!back_at || Clock::now() - *back_at < 1s)) {
      const auto start = Clock::now();
      ++pending;
      client->call_async("teacher", "count", count.bytes(), [&, start](cedu::Result<cedu::Reply> r) {
        --pending;
        const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
        slowest = std::max(slowest, took);
        ++outcomes[std::string(cedu::code_name(r.status().code()))];
        if (r.ok()) {
          BOOST_TEST(cedu::mp::MapView::of(r->result()).value().int64("total").value() == 1);
          ++total_after;
        }
      }, o);
      next_send = start + 20ms;
    }
    (void)client->poll(5ms);
    if (!back_at && outcomes["OK"] > 0 && pending == 0) {
      // Ask the broker in a lull (a synchronous call would run the callbacks above).
      const std::uint64_t now_pid = worker_pid(*client, "teacher");
      if (now_pid != 0 && now_pid != first) back_at = Clock::now();
    }
  }
  const bool back = back_at.has_value();
  BOOST_TEST(slowest < 2500ms, "the slowest call took " << slowest.count() << " ms");
  BOOST_TEST(total_after > 0);
  std::string seen;
  for (const auto& [code, n] : outcomes) seen += code + " " + std::to_string(n) + "; ";
  BOOST_TEST_MESSAGE("outcomes: " << seen << "slowest " << slowest.count() << " ms");
  BOOST_TEST(back, "the supervisor did not bring cedu-teacher back: " << read_file(dir.file("cedu-up.log")));
  for (const auto& [code, n] : outcomes) {
    BOOST_TEST((code == "OK" || code == "UNAVAILABLE"), code << " " << n);
  }
  BOOST_TEST(read_file(dir.file("cedu-up.log")).find("cedu-teacher-1 started") != std::string::npos);

  up.signal(SIGTERM);  // cedu up stops its children in order
  BOOST_TEST(up.wait(20s).value_or(-1) == 0);
}
