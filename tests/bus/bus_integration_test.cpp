// Integration: real cedu-bus and cedu-test-service processes on loopback, ephemeral ports,
// driven through the C++ client SDK.
#define BOOST_TEST_MODULE bus_integration
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <map>
#include <thread>

#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"
#include "tests/support/bus_fixture.h"

using namespace std::chrono_literals;
using cedu::StatusCode;
using cedu::testing::BusFixture;
using cedu::testing::params;
namespace mp = cedu::mp;

namespace {

using Clock = std::chrono::steady_clock;

std::string ms_params(std::uint64_t ms) {
  mp::MapBuilder b;
  b.set("ms", ms);
  return b.bytes();
}

cedu::CallOptions timeout(std::chrono::milliseconds t) {
  cedu::CallOptions o;
  o.timeout = t;
  return o;
}

std::string str(const cedu::Reply& r, const char* key) {
  return mp::MapView::of(r.result()).value().string(key).value_or("<missing>");
}

std::uint64_t num(const cedu::Reply& r, const char* key) {
  return mp::MapView::of(r.result()).value().uint64(key).value_or(999999);
}

}  // namespace

BOOST_AUTO_TEST_CASE(call_round_trips_through_broker_to_a_service) {
  BusFixture bus;
  auto svc = bus.start_service("course", "course-1");
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  auto c = bus.client();
  auto r = c->call("course", "echo", params({{"title", "书法入门"}, {"town", "nancun"}}));
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  BOOST_TEST(str(*r, "title") == "书法入门");
  BOOST_TEST(str(*r, "town") == "nancun");

  auto who = c->call("course", "whoami", mp::empty_map());
  BOOST_REQUIRE(who.ok());
  BOOST_TEST(str(*who, "principal") == "anonymous");
  BOOST_TEST(num(*who, "attempt") == 1u);

  auto health = c->call("course", "health", mp::empty_map());
  BOOST_REQUIRE(health.ok());
  BOOST_TEST(str(*health, "status") == "ok");
  BOOST_TEST(str(*health, "instance") == "course-1");
}

BOOST_AUTO_TEST_CASE(service_errors_reach_the_client_with_code_and_field) {
  BusFixture bus;
  auto svc = bus.start_service("course", "course-1");
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  auto c = bus.client();

  auto r = c->call("course", "fail",
                   params({{"code", "CONFLICT"}, {"message", "stale version"}, {"field", "version"}}));
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.status().code() == StatusCode::kConflict);
  BOOST_TEST(r.status().message() == "stale version");
  BOOST_TEST(r.status().field() == "version");

  auto unknown = c->call("course", "no_such_method", mp::empty_map());
  BOOST_TEST(unknown.status().code() == StatusCode::kNotFound);
  BOOST_TEST(unknown.status().field() == "method");

  // Wrong type in params: INVALID_ARGUMENT naming the field, service keeps serving.
  auto bad = c->call("course", "sleep", params({{"ms", "ten"}}));
  BOOST_TEST(bad.status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(bad.status().field() == "params.ms");
  auto missing = c->call("course", "sleep", mp::empty_map());
  BOOST_TEST(missing.status().field() == "params.ms");
  BOOST_TEST(c->call("course", "echo", mp::empty_map()).ok());
}

BOOST_AUTO_TEST_CASE(several_workers_share_the_load) {
  BusFixture bus;
  auto a = bus.start_service("course", "w-a");
  auto b = bus.start_service("course", "w-b");
  auto d = bus.start_service("course", "w-c");
  BOOST_REQUIRE(bus.wait_for_workers("course", 3));
  auto c = bus.client();
  std::map<std::string, int> served;
  int done = 0;
  for (int i = 0; i < 30; ++i) {
    c->call_async("course", "sleep", ms_params(30), [&](cedu::Result<cedu::Reply> r) {
      ++done;
      BOOST_REQUIRE(r.ok());
    });
  }
  BOOST_REQUIRE(c->wait_all(10s).is_ok());
  BOOST_TEST(done == 30);
  // Ask each worker how much it handled via bus.services.
  auto s = c->call("bus", "services", mp::empty_map());
  BOOST_REQUIRE(s.ok());
  auto list = mp::MapView::of(s->result()).value().array("services").value();
  BOOST_REQUIRE_EQUAL(list->via.array.size, 1u);
  auto workers = mp::MapView::of(list->via.array.ptr[0]).value().array("workers").value();
  BOOST_REQUIRE_EQUAL(workers->via.array.size, 3u);
  for (std::uint32_t i = 0; i < 3; ++i) {
    auto w = mp::MapView::of(workers->via.array.ptr[i]).value();
    // 30 requests of 30 ms over 3 workers: each must have taken a real share.
    BOOST_TEST(w.uint64("served").value() >= 5u, w.string("instance").value() << " served "
                                                   << w.uint64("served").value());
  }
}

BOOST_AUTO_TEST_CASE(pipelined_calls_on_one_socket_all_complete) {
  BusFixture bus;
  auto svc = bus.start_service("course", "course-1", {"--threads", "2"});
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  auto c = bus.client();
  int ok = 0;
  for (int i = 0; i < 500; ++i) {
    mp::MapBuilder p;
    p.set("i", i);
    c->call_async("course", "echo", p.bytes(), [&ok, i](cedu::Result<cedu::Reply> r) {
      if (r.ok() && mp::MapView::of(r->result()).value().int64("i").value_or(-1) == i) ++ok;
    });
  }
  BOOST_REQUIRE(c->wait_all(20s).is_ok());
  BOOST_TEST(ok == 500);
}

BOOST_AUTO_TEST_CASE(killed_worker_mid_request_yields_unavailable_within_heartbeat_window) {
  BusFixture bus;
  auto victim = bus.start_service("course", "victim");
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  auto c = bus.client();
  cedu::testing::PendingCall got(*c, "course", "sleep", ms_params(20000), timeout(30s));
  BOOST_REQUIRE(c->poll(300ms).is_ok());  // the request reaches the worker
  const auto killed = Clock::now();
  victim.signal(SIGKILL);
  BOOST_REQUIRE(got.wait(10s));
  const auto waited = Clock::now() - killed;
  BOOST_TEST(got->status().code() == StatusCode::kUnavailable, got->status().to_string());
  // Detected within liveness × interval (3 × 200 ms), plus the 10 ms tick and slack for a
  // loaded CI machine.
  BOOST_TEST(waited < std::chrono::milliseconds(3 * bus.heartbeat_ms() + 1000),
             std::chrono::duration_cast<std::chrono::milliseconds>(waited).count() << " ms");

  // It is never sent new work: the next calls go to a fresh worker and succeed.
  auto fresh = bus.start_service("course", "fresh");
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  for (int i = 0; i < 5; ++i) {
    auto r = c->call("course", "whoami", mp::empty_map());
    BOOST_REQUIRE(r.ok());
    BOOST_TEST(str(*r, "instance") == "fresh");
  }
}

BOOST_AUTO_TEST_CASE(idempotent_request_is_redispatched_once_when_its_worker_dies) {
  BusFixture bus;
  auto first = bus.start_service("course", "first");
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  auto c = bus.client();
  cedu::CallOptions opts = timeout(20s);
  opts.idempotent = true;
  cedu::testing::PendingCall got(*c, "course", "sleep", ms_params(3000), opts);
  BOOST_REQUIRE(c->poll(300ms).is_ok());
  auto second = bus.start_service("course", "second");
  BOOST_REQUIRE(bus.wait_for_workers("course", 2));
  first.signal(SIGKILL);
  BOOST_REQUIRE(got.wait());
  BOOST_REQUIRE_MESSAGE(got->ok(), got->status().to_string());
  BOOST_TEST(num(got.result().value(), "attempt") == 2u);
}

BOOST_AUTO_TEST_CASE(deadline_exceeded_and_late_reply_dropped) {
  BusFixture bus;
  auto svc = bus.start_service("course", "slow", {"--threads", "2"});
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  auto c = bus.client();
  const auto t0 = Clock::now();
  auto r = c->call("course", "sleep", ms_params(1500), timeout(300ms));
  const auto took = Clock::now() - t0;
  BOOST_TEST(r.status().code() == StatusCode::kDeadlineExceeded, r.status().to_string());
  BOOST_TEST(took >= 300ms);
  BOOST_TEST(took < 1500ms);
  // The service keeps serving; the late reply is dropped by the broker, not delivered.
  auto next = c->call("course", "echo", params({{"x", "y"}}));
  BOOST_TEST(next.ok());
  std::this_thread::sleep_for(1500ms);
  auto stats = c->call("bus", "stats", mp::empty_map());
  BOOST_REQUIRE(stats.ok());
  BOOST_TEST(num(*stats, "late_replies") >= 1u);
}

BOOST_AUTO_TEST_CASE(unknown_service_is_unavailable_after_the_deadline) {
  BusFixture bus;
  auto c = bus.client();
  const auto t0 = Clock::now();
  auto r = c->call("nosuch", "search", mp::empty_map(), timeout(250ms));
  const auto took = Clock::now() - t0;
  BOOST_TEST(r.status().code() == StatusCode::kUnavailable, r.status().to_string());
  BOOST_TEST(took >= 250ms);
  BOOST_TEST(took < 1500ms);
}

BOOST_AUTO_TEST_CASE(request_waits_for_a_worker_that_arrives_before_the_deadline) {
  BusFixture bus;
  auto c = bus.client();
  cedu::testing::PendingCall got(*c, "late", "echo", params({{"k", "v"}}), timeout(8s));
  BOOST_REQUIRE(c->poll(200ms).is_ok());
  auto svc = bus.start_service("late", "late-1");
  BOOST_REQUIRE(got.wait());
  BOOST_TEST(got->ok(), got->status().to_string());
}

BOOST_AUTO_TEST_CASE(bus_service_answers_ping_services_and_stats) {
  BusFixture bus;
  auto c = bus.client();
  auto ping = c->call("bus", "ping", mp::empty_map());
  BOOST_REQUIRE(ping.ok());
  BOOST_TEST(mp::MapView::of(ping->result()).value().boolean("pong").value());
  auto stats = c->call("bus", "stats", mp::empty_map());
  BOOST_REQUIRE(stats.ok());
  BOOST_TEST(num(*stats, "requests") >= 2u);
  auto nope = c->call("bus", "reboot", mp::empty_map());
  BOOST_TEST(nope.status().code() == StatusCode::kNotFound);
  BOOST_TEST(nope.status().field() == "method");
}

BOOST_AUTO_TEST_CASE(broker_restart_worker_and_client_recover) {
  BusFixture bus;
  auto svc = bus.start_service("course", "survivor");
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  auto c = bus.client();
  BOOST_REQUIRE(c->call("course", "echo", mp::empty_map()).ok());

  bus.restart_broker(/*kill_hard=*/true);
  // The worker notices (DISCONNECT for its heartbeat, or silence) and registers again; the
  // client's next calls succeed without being rebuilt.
  BOOST_REQUIRE(bus.wait_for_workers("course", 1, 10s));
  bool ok = false;
  for (int i = 0; i < 20 && !ok; ++i) {
    ok = c->call("course", "echo", params({{"after", "restart"}}), timeout(1s)).ok();
  }
  BOOST_TEST(ok);
}

BOOST_AUTO_TEST_CASE(client_call_in_flight_during_broker_death_fails_unavailable) {
  BusFixture bus;
  auto svc = bus.start_service("course", "w");
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  auto c = bus.client();
  cedu::testing::PendingCall got(*c, "course", "sleep", ms_params(5000), timeout(30s));
  BOOST_REQUIRE(c->poll(200ms).is_ok());
  bus.broker().signal(SIGKILL);
  BOOST_REQUIRE(got.wait(10s));
  BOOST_TEST(got->status().code() == StatusCode::kUnavailable);
  BOOST_TEST(c->reconnects() >= 1u);
}

BOOST_AUTO_TEST_CASE(sigterm_drains_in_flight_work_before_the_worker_exits) {
  BusFixture bus;
  auto svc = bus.start_service("course", "drainer");
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  auto c = bus.client();
  cedu::testing::PendingCall got(*c, "course", "sleep", ms_params(600), timeout(10s));
  BOOST_REQUIRE(c->poll(150ms).is_ok());
  svc.signal(SIGTERM);
  BOOST_REQUIRE(got.wait());
  BOOST_TEST(got->ok(), got->status().to_string());
  BOOST_TEST(svc.wait(5s).value_or(-1) == 0);
}

BOOST_AUTO_TEST_CASE(broker_sigterm_answers_pending_requests_and_exits_cleanly) {
  BusFixture bus;
  auto svc = bus.start_service("course", "w");
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  auto c = bus.client();
  cedu::testing::PendingCall in_flight(*c, "course", "sleep", ms_params(5000), timeout(30s));
  cedu::testing::PendingCall queued(*c, "nosuch", "echo", mp::empty_map(), timeout(30s));
  BOOST_REQUIRE(c->poll(300ms).is_ok());
  const auto t0 = Clock::now();
  bus.broker().signal(SIGTERM);
  BOOST_REQUIRE(in_flight.wait(5s));
  BOOST_REQUIRE(queued.wait(5s));
  BOOST_TEST((Clock::now() - t0 < 2s));
  BOOST_TEST(in_flight->status().code() == StatusCode::kUnavailable);
  BOOST_TEST(in_flight->status().message().find("shutting down") != std::string::npos);
  BOOST_TEST(queued->status().code() == StatusCode::kUnavailable);
  BOOST_TEST(bus.broker().wait(5s).value_or(-1) == 0);
}

BOOST_AUTO_TEST_CASE(worker_with_a_slower_heartbeat_adopts_the_brokers_interval) {
  BusFixture bus(/*heartbeat_ms=*/200);
  // Alone, a 2 s heartbeat would get the worker declared dead after 3 × 200 ms.
  auto svc = bus.start_service("course", "slow-beat", {"--heartbeat-ms", "2000"});
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  std::this_thread::sleep_for(1500ms);
  auto c = bus.client();
  BOOST_TEST(c->call("course", "echo", mp::empty_map()).ok());
  auto stats = c->call("bus", "stats", mp::empty_map());
  BOOST_REQUIRE(stats.ok());
  BOOST_TEST(num(*stats, "workers_expired") == 0u);
}

BOOST_AUTO_TEST_CASE(a_throwing_handler_is_an_internal_error_and_the_service_goes_on) {
  BusFixture bus;
  auto svc = bus.start_service("course", "c1");
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  auto c = bus.client();
  auto r = c->call("course", "throw", mp::empty_map());
  BOOST_TEST(r.status().code() == StatusCode::kInternal);
  // The exception's text stays in the service's log; the caller learns which method failed.
  BOOST_TEST(r.status().message().find("handler bug") == std::string::npos);
  BOOST_TEST(r.status().message().find("course.throw") != std::string::npos);
  BOOST_TEST(cedu::testing::read_file(bus.dir().file("c1.log")).find("handler bug") !=
             std::string::npos);
  BOOST_TEST(c->call("course", "echo", mp::empty_map()).ok());
  BOOST_TEST(svc.running());
}

BOOST_AUTO_TEST_CASE(client_refuses_a_malformed_endpoint) {
  cedu::ClientOptions o;
  o.endpoint = "not-an-endpoint";
  auto c = cedu::Client::connect(o);
  BOOST_TEST(c.status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(c.status().field() == "endpoint");
}
