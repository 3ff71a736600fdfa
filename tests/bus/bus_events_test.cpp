// Integration: events published by a real service, kept in the broker's durable log, and
// delivered to subscribers that resume from a sequence number with no gap and no duplicate.
#define BOOST_TEST_MODULE bus_events
#include <boost/test/unit_test.hpp>

#include <thread>

#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"
#include "tests/support/bus_fixture.h"

using namespace std::chrono_literals;
using cedu::testing::BusFixture;
namespace mp = cedu::mp;

namespace {

void publish(cedu::Client& c, const std::string& event, int n) {
  mp::MapBuilder payload;
  payload.set("n", n).set("title", "粤剧欣赏");
  mp::MapBuilder p;
  p.set("event", event).set("payload", mp::Raw{payload.bytes()});
  auto r = c.call("course", "publish", p.bytes());
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
}

struct Collector {
  std::vector<cedu::Event> events;
  cedu::Client::EventHandler handler() {
    return [this](const cedu::Event& e) { events.push_back(e); };
  }
};

bool poll_until(cedu::Client& c, const std::function<bool()>& done,
                std::chrono::milliseconds timeout = 5s) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (!done() && std::chrono::steady_clock::now() < until) c.poll(20ms);
  return done();
}

}  // namespace

BOOST_AUTO_TEST_CASE(subscriber_resumes_from_sequence_without_gap_or_duplicate) {
  BusFixture bus;
  auto svc = bus.start_service("course", "publisher");
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  auto pub = bus.client();
  for (int i = 0; i < 5; ++i) publish(*pub, "published", i);

  std::uint64_t last = 0;
  {
    auto sub = bus.client();
    Collector got;
    BOOST_REQUIRE(sub->subscribe("course.", 0, got.handler()).is_ok());
    BOOST_REQUIRE(poll_until(*sub, [&] { return got.events.size() == 5; }));
    for (std::size_t i = 0; i < got.events.size(); ++i) {
      BOOST_TEST(got.events[i].seq == i + 1);
      BOOST_TEST(got.events[i].topic == "course.published");
      BOOST_TEST(got.events[i].publisher == "course");
    }
    last = got.events.back().seq;
  }  // the subscriber goes away

  for (int i = 5; i < 12; ++i) publish(*pub, i % 2 ? "published" : "updated", i);

  auto sub = bus.client();
  Collector got;
  BOOST_REQUIRE(sub->subscribe("course.", last, got.handler()).is_ok());
  BOOST_REQUIRE(poll_until(*sub, [&] { return got.events.size() == 7; }));
  // Then live events, continuing the same sequence.
  publish(*pub, "published", 12);
  BOOST_REQUIRE(poll_until(*sub, [&] { return got.events.size() == 8; }));
  sub->poll(200ms);
  BOOST_REQUIRE_EQUAL(got.events.size(), 8u);
  for (std::size_t i = 0; i < got.events.size(); ++i) {
    BOOST_TEST(got.events[i].seq == last + 1 + i);
    auto payload = mp::unpack(got.events[i].payload, "payload").value();
    BOOST_TEST(mp::MapView::of(payload.get()).value().int64("n").value() ==
               static_cast<std::int64_t>(5 + i));
  }
  BOOST_TEST(!sub->gap_detected("course."));
}

BOOST_AUTO_TEST_CASE(prefix_filters_and_live_only_subscription) {
  BusFixture bus;
  auto svc = bus.start_service("course", "publisher");
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  auto pub = bus.client();
  publish(*pub, "published", 0);  // before the subscription: not delivered (live only)

  auto sub = bus.client();
  Collector published, all;
  BOOST_REQUIRE(sub->subscribe("course.published", std::nullopt, published.handler()).is_ok());
  BOOST_REQUIRE(sub->subscribe("", std::nullopt, all.handler()).is_ok());
  BOOST_TEST(sub->subscribe("", std::nullopt, all.handler()).code() ==
             cedu::StatusCode::kFailedPrecondition);
  sub->poll(200ms);
  publish(*pub, "updated", 1);
  publish(*pub, "published", 2);
  BOOST_REQUIRE(poll_until(*sub, [&] { return all.events.size() == 2 && published.events.size() == 1; }));
  BOOST_TEST(published.events[0].topic == "course.published");
  BOOST_TEST(published.events[0].seq == 3u);
}

BOOST_AUTO_TEST_CASE(event_log_survives_a_broker_restart_and_subscription_resumes) {
  BusFixture bus;
  auto svc = bus.start_service("course", "publisher");
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  auto pub = bus.client();
  for (int i = 0; i < 3; ++i) publish(*pub, "published", i);

  auto sub = bus.client();
  Collector got;
  BOOST_REQUIRE(sub->subscribe("course.", 0, got.handler()).is_ok());
  BOOST_REQUIRE(poll_until(*sub, [&] { return got.events.size() == 3; }));

  bus.restart_broker(/*kill_hard=*/true);
  BOOST_REQUIRE(bus.wait_for_workers("course", 1, 10s));
  // The subscriber reconnects by itself and resumes after seq 3.
  bool published = false;
  for (int i = 0; i < 20 && !published; ++i) {
    mp::MapBuilder p;
    p.set("event", "published").set("payload", mp::Raw{mp::empty_map()});
    published = pub->call("course", "publish", p.bytes()).ok();
  }
  BOOST_REQUIRE(published);
  BOOST_REQUIRE(poll_until(*sub, [&] { return got.events.size() >= 4; }, 10s));
  sub->poll(300ms);
  BOOST_REQUIRE_EQUAL(got.events.size(), 4u);
  BOOST_TEST(got.events[3].seq == 4u);  // sequence continues from the durable log
}

BOOST_AUTO_TEST_CASE(subscriber_with_a_slower_heartbeat_adopts_the_brokers_interval) {
  BusFixture bus(/*heartbeat_ms=*/200);
  auto svc = bus.start_service("course", "publisher");
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  cedu::ClientOptions o;
  o.endpoint = bus.endpoint();
  o.heartbeat_interval = 2000ms;  // alone, the broker (3 × 200 ms) would drop us
  auto sub = cedu::Client::connect(o).value();
  Collector got;
  BOOST_REQUIRE(sub->subscribe("course.", std::nullopt, got.handler()).is_ok());
  sub->poll(1500ms);  // well past the broker's liveness window
  publish(*bus.client(), "published", 1);
  BOOST_REQUIRE(poll_until(*sub, [&] { return got.events.size() == 1; }));
  auto stats = bus.client()->call("bus", "stats", mp::empty_map());
  BOOST_REQUIRE(stats.ok());
  BOOST_TEST(mp::MapView::of(stats->result()).value().uint64("subscriptions").value() == 1u);
}

BOOST_AUTO_TEST_CASE(resuming_past_the_retained_log_reports_a_gap) {
  BusFixture bus(200, "bus:\n  events:\n    retain: 3\n");
  auto svc = bus.start_service("course", "publisher");
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  auto pub = bus.client();
  for (int i = 0; i < 6; ++i) publish(*pub, "published", i);  // keeps seq 4..6 only

  auto sub = bus.client();
  Collector got;
  BOOST_REQUIRE(sub->subscribe("course.", 1, got.handler()).is_ok());  // saw up to seq 1
  BOOST_REQUIRE(poll_until(*sub, [&] { return got.events.size() == 3; }));
  BOOST_TEST(sub->gap_detected("course."));  // seq 2 and 3 are gone
  BOOST_TEST(got.events.front().seq == 4u);

  auto fresh = bus.client();
  Collector all;
  BOOST_REQUIRE(fresh->subscribe("course.", 3, all.handler()).is_ok());  // nothing lost
  BOOST_REQUIRE(poll_until(*fresh, [&] { return all.events.size() == 3; }));
  BOOST_TEST(!fresh->gap_detected("course."));
}
