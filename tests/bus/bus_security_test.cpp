// Integration: cedu-bus with CURVE and an access list, real processes on loopback. Who gets
// in, who may call what, whose events reach whom, and what a reload changes.
#define BOOST_TEST_MODULE bus_security
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <csignal>
#include <fstream>
#include <thread>

#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "bus/protocol/frames.h"
#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"
#include "tests/support/bus_fixture.h"

using namespace std::chrono_literals;
using cedu::StatusCode;
using cedu::testing::BusFixture;
using cedu::testing::GrantSpec;
namespace mp = cedu::mp;

namespace {

const std::vector<GrantSpec> kGrants = {
    {"service:course", {}, {}},
    {"org:panyu-art-school", {"course.echo", "course.whoami", "bus.ping"}, {"course.published"}},
    {"town-admin:nancun", {"course.*"}, {}},
};

std::string principal_seen(cedu::Client& c) {
  auto r = c.call("course", "whoami", mp::empty_map());
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  return mp::MapView::of(r->result()).value().string("principal").value();
}

cedu::CallOptions quick() {
  cedu::CallOptions o;
  o.timeout = 500ms;
  return o;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_registered_key_is_served_with_its_principal) {
  BusFixture bus(kGrants);
  auto svc = bus.start_service("course", "c1");
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  auto org = bus.client_as("org:panyu-art-school");
  BOOST_TEST(principal_seen(*org) == "org:panyu-art-school");
  BOOST_TEST(bus.client_as("town-admin:nancun")->call("course", "echo", mp::empty_map()).ok());
}

BOOST_AUTO_TEST_CASE(an_unknown_key_is_refused) {
  BusFixture bus(kGrants);
  auto stranger = bus.client_as("org:not-registered");  // a valid key nobody listed
  auto r = stranger->call("bus", "ping", mp::empty_map(), quick());
  BOOST_TEST(r.status().code() == StatusCode::kUnavailable, r.status().to_string());
  // The broker itself is fine.
  BOOST_TEST(bus.client()->call("bus", "ping", mp::empty_map()).ok());
}

BOOST_AUTO_TEST_CASE(a_client_without_curve_is_refused) {
  BusFixture bus(kGrants);
  cedu::ClientOptions o;
  o.endpoint = bus.endpoint();
  auto plain = cedu::Client::connect(o).value();
  BOOST_TEST(plain->call("bus", "ping", mp::empty_map(), quick()).status().code() ==
             StatusCode::kUnavailable);
}

BOOST_AUTO_TEST_CASE(an_ungranted_method_is_permission_denied_naming_it) {
  BusFixture bus(kGrants);
  auto svc = bus.start_service("course", "c1");
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  auto org = bus.client_as("org:panyu-art-school");
  auto r = org->call("course", "sleep", mp::MapBuilder().set("ms", 1).bytes());
  BOOST_TEST(r.status().code() == StatusCode::kPermissionDenied);
  BOOST_TEST(r.status().message().find("course.sleep") != std::string::npos);
  auto stats = org->call("bus", "stats", mp::empty_map());  // only bus.ping is granted
  BOOST_TEST(stats.status().code() == StatusCode::kPermissionDenied);
  BOOST_TEST(org->call("bus", "ping", mp::empty_map()).ok());
}

BOOST_AUTO_TEST_CASE(a_principal_claimed_in_the_envelope_is_ignored) {
  BusFixture bus(kGrants);
  auto svc = bus.start_service("course", "c1");
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  // A raw CURVE client that writes its own "principal" into the REQUEST header.
  const auto creds = bus.credentials("org:panyu-art-school");
  zmq::context_t ctx(1);
  zmq::socket_t s(ctx, zmq::socket_type::dealer);
  s.set(zmq::sockopt::curve_serverkey, creds.server_public_key);
  s.set(zmq::sockopt::curve_publickey, creds.public_key);
  s.set(zmq::sockopt::curve_secretkey, creds.secret_key);
  s.set(zmq::sockopt::rcvtimeo, 5000);
  s.set(zmq::sockopt::linger, 0);
  s.connect(bus.endpoint());
  mp::MapBuilder h;
  h.set("id", 1u)
      .set("service", "course")
      .set("method", "whoami")
      .set("principal", "district-admin")
      .set("rights", std::vector<std::string>{"pii"});
  cedu::protocol::send(s, {}, cedu::protocol::Command::kRequest, h.bytes(), mp::empty_map());
  std::vector<zmq::message_t> frames;
  BOOST_REQUIRE(zmq::recv_multipart(s, std::back_inserter(frames)));
  auto parsed = cedu::protocol::parse(frames, 0);
  auto* m = std::get_if<cedu::protocol::Message>(&parsed);
  BOOST_REQUIRE(m != nullptr);
  auto body = mp::unpack(m->body_view(), "result").value();
  auto seen = mp::MapView::of(body.get()).value();
  BOOST_TEST(seen.string("principal").value() == "org:panyu-art-school");
  // Nor can it claim rights it was not granted.
  BOOST_TEST(seen.array("rights").value()->via.array.size == 0u);
}

BOOST_AUTO_TEST_CASE(the_broker_stamps_the_principals_rights) {
  BusFixture bus(kGrants);
  auto svc = bus.start_service("course", "c1");
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  auto r = bus.client()->call("course", "whoami", mp::empty_map());  // district-admin: pii
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  const msgpack::object* rights = mp::MapView::of(r->result()).value().array("rights").value();
  BOOST_REQUIRE_EQUAL(rights->via.array.size, 1u);
  BOOST_TEST(rights->via.array.ptr[0].as<std::string>() == "pii");
}

BOOST_AUTO_TEST_CASE(only_the_services_own_key_may_serve_it) {
  BusFixture bus(kGrants);
  // The organisation's key tries to register as the course service.
  auto impostor = bus.start_service("course", "impostor",
                                    {"--curve-keys", bus.dir().file("keys"), "--curve-name",
                                     "org-panyu-art-school"});
  std::this_thread::sleep_for(1s);
  BOOST_TEST(!bus.wait_for_workers("course", 1, 500ms));
  // Refused, it retries with a growing delay instead of flooding the broker.
  auto stats = bus.client()->call("bus", "stats", mp::empty_map());
  BOOST_REQUIRE(stats.ok());
  const auto denied = mp::MapView::of(stats->result())
                          .value()
                          .map("errors")
                          .value()
                          .optional_uint64("PERMISSION_DENIED")
                          .value()
                          .value_or(0);
  BOOST_TEST(denied >= 1u);
  BOOST_TEST(denied < 20u);
  auto real = bus.start_service("course", "real");
  BOOST_TEST(bus.wait_for_workers("course", 1));
}

BOOST_AUTO_TEST_CASE(events_reach_only_principals_granted_their_topic) {
  BusFixture bus(kGrants);
  auto svc = bus.start_service("course", "c1");
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  auto org = bus.client_as("org:panyu-art-school");
  std::vector<std::string> topics;
  BOOST_REQUIRE(org->subscribe("course.", 0, [&](const cedu::Event& e) {
                     topics.push_back(e.topic);
                   }).is_ok());
  auto admin = bus.client();
  for (const char* ev : {"archived", "published", "updated", "published"}) {
    mp::MapBuilder p;
    p.set("event", ev);
    BOOST_REQUIRE(admin->call("course", "publish", p.bytes()).ok());
  }
  const auto until = std::chrono::steady_clock::now() + 3s;
  while (topics.size() < 2 && std::chrono::steady_clock::now() < until) org->poll(20ms);
  org->poll(300ms);
  BOOST_REQUIRE_EQUAL(topics.size(), 2u);
  BOOST_TEST(topics[0] == "course.published");
  BOOST_TEST(topics[1] == "course.published");
}

BOOST_AUTO_TEST_CASE(reload_revokes_a_key_without_a_restart) {
  BusFixture bus(kGrants);
  auto svc = bus.start_service("course", "c1");
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  auto org = bus.client_as("org:panyu-art-school");
  BOOST_REQUIRE(org->call("course", "echo", mp::empty_map()).ok());
  const auto pid = bus.broker().pid();

  bus.reload_acl({{"service:course", {}, {}}});  // the organisation is gone
  // Its open connection is refused on the next request...
  bool denied = false;
  for (int i = 0; i < 50 && !denied; ++i) {
    denied = org->call("course", "echo", mp::empty_map()).status().code() ==
             StatusCode::kPermissionDenied;
    if (!denied) std::this_thread::sleep_for(50ms);
  }
  BOOST_TEST(denied);
  // ...and a new connection with the key does not get in at all.
  auto again = bus.client_as("org:panyu-art-school");
  BOOST_TEST(again->call("bus", "ping", mp::empty_map(), quick()).status().code() ==
             StatusCode::kUnavailable);
  BOOST_TEST(bus.broker().pid() == pid);
  BOOST_TEST(bus.broker().running());
  BOOST_TEST(bus.client()->call("course", "echo", mp::empty_map()).ok());  // others unaffected
}

BOOST_AUTO_TEST_CASE(a_bad_access_list_on_reload_keeps_the_old_one) {
  BusFixture bus(kGrants);
  std::ofstream(bus.dir().file("acl.yaml")) << "principals:\n  - principal: nobody\n";
  bus.broker().signal(SIGHUP);
  std::this_thread::sleep_for(300ms);
  BOOST_TEST(bus.broker().running());
  BOOST_TEST(bus.client_as("org:panyu-art-school")->call("bus", "ping", mp::empty_map()).ok());
}

BOOST_AUTO_TEST_CASE(a_flooding_organisation_does_not_slow_the_others_down) {
  BusFixture bus({{"service:course", {}, {}},
                  {"org:flood", {"course.*"}, {}},
                  {"org:quiet", {"course.*"}, {}}},
                 200, "bus:\n  rate_limit_per_second: 50\n  rate_limit_burst: 20\n");
  auto svc = bus.start_service("course", "c1", {"--threads", "2"});
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  auto flood = bus.client_as("org:flood");
  auto quiet = bus.client_as("org:quiet");
  int exhausted = 0, served = 0;
  for (int i = 0; i < 2000; ++i) {
    flood->call_async("course", "echo", mp::empty_map(), [&](cedu::Result<cedu::Reply> r) {
      if (r.ok()) ++served;
      if (r.status().code() == StatusCode::kResourceExhausted) ++exhausted;
    });
  }
  // While the flood is being refused, the quiet organisation is served promptly.
  for (int i = 0; i < 20; ++i) {
    flood->poll(std::chrono::milliseconds(0));
    const auto t0 = std::chrono::steady_clock::now();
    auto r = quiet->call("course", "echo", mp::empty_map());
    BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
    BOOST_TEST((std::chrono::steady_clock::now() - t0 < 500ms));
  }
  BOOST_REQUIRE(flood->wait_all(20s).is_ok());
  BOOST_TEST(exhausted > 1500);            // the flood hit its limit...
  BOOST_TEST(served >= 20);                // ...after its burst went through
  BOOST_TEST(exhausted + served == 2000);  // and nothing was lost or left hanging
}

BOOST_AUTO_TEST_CASE(a_connection_may_have_only_so_many_requests_in_flight) {
  BusFixture bus(200, "bus:\n  max_in_flight_per_client: 10\n");
  auto svc = bus.start_service("course", "c1", {"--threads", "4", "--capacity", "40"});
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  auto c = bus.client();
  int exhausted = 0, served = 0;
  for (int i = 0; i < 30; ++i) {
    c->call_async("course", "sleep", mp::MapBuilder().set("ms", 200).bytes(),
                  [&](cedu::Result<cedu::Reply> r) {
                    if (r.ok()) ++served;
                    if (r.status().code() == StatusCode::kResourceExhausted) {
                      ++exhausted;
                      BOOST_TEST(r.status().message().find("cap is 10") != std::string::npos);
                    }
                  });
  }
  BOOST_REQUIRE(c->wait_all(10s).is_ok());
  BOOST_TEST(served == 10);
  BOOST_TEST(exhausted == 20);
  // Slots come back as answers go out.
  BOOST_TEST(c->call("course", "echo", mp::empty_map()).ok());
}

BOOST_AUTO_TEST_CASE(a_refused_client_gets_in_once_its_key_is_registered) {
  BusFixture bus(kGrants);
  auto late = bus.client_as("org:late-comer");  // not registered yet
  BOOST_TEST(late->call("bus", "ping", mp::empty_map(), quick()).status().code() ==
             StatusCode::kUnavailable);
  auto again = late->call("bus", "ping", mp::empty_map(), quick());  // no hang, no surprise
  BOOST_TEST(again.status().code() == StatusCode::kUnavailable, again.status().to_string());

  auto grants = kGrants;
  grants.push_back({"org:late-comer", {"bus.ping"}, {}});
  bus.reload_acl(grants);
  // The client reconnects and handshakes again on its own; under the sanitizers that takes
  // several of the quick calls' timeouts, so the bound is time, not a number of tries.
  bool in = false;
  const auto give_up = std::chrono::steady_clock::now() + 15s;
  while (!in && std::chrono::steady_clock::now() < give_up) {
    in = late->call("bus", "ping", mp::empty_map(), quick()).ok();
  }
  BOOST_TEST(in);  // the same client object, once its key is listed
}

BOOST_AUTO_TEST_CASE(revoking_a_principal_ends_its_subscriptions) {
  BusFixture bus(kGrants);
  auto svc = bus.start_service("course", "c1");
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  auto org = bus.client_as("org:panyu-art-school");
  int received = 0;
  BOOST_REQUIRE(org->subscribe("course.", std::nullopt, [&](const cedu::Event&) { ++received; })
                    .is_ok());
  org->poll(200ms);
  auto subscriptions = [&] {
    auto r = bus.client()->call("bus", "stats", mp::empty_map());
    return mp::MapView::of(r->result()).value().uint64("subscriptions").value();
  };
  BOOST_REQUIRE_EQUAL(subscriptions(), 1u);
  bus.reload_acl({{"service:course", {}, {}}});
  const auto until = std::chrono::steady_clock::now() + 5s;
  while (subscriptions() != 0 && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(50ms);
  }
  BOOST_TEST(subscriptions() == 0u);
  BOOST_REQUIRE(bus.client()->call("course", "publish", mp::MapBuilder().set("event", "published").bytes()).ok());
  org->poll(500ms);
  BOOST_TEST(received == 0);
}
