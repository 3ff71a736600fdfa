// Integration: the broker under bad input — foreign bytes, malformed CEDU01 messages, bad
// MessagePack, wrong types, oversized messages, duplicate routing ids. After each, the
// broker must still serve a normal call and count what it refused.
#define BOOST_TEST_MODULE bus_robustness
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <chrono>
#include <random>
#include <thread>
#include <zmq.hpp>

#include "bus/protocol/frames.h"
#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"
#include "tests/support/bus_fixture.h"

using namespace std::chrono_literals;
using cedu::StatusCode;
using cedu::testing::BusFixture;
namespace mp = cedu::mp;
namespace protocol = cedu::protocol;

namespace {

struct RawPeer {
  zmq::context_t ctx{1};
  zmq::socket_t sock{ctx, zmq::socket_type::dealer};
  explicit RawPeer(const std::string& endpoint, const std::string& routing_id = {}) {
    sock.set(zmq::sockopt::linger, 0);
    sock.set(zmq::sockopt::rcvtimeo, 3000);
    if (!routing_id.empty()) sock.set(zmq::sockopt::routing_id, routing_id);
    sock.connect(endpoint);
  }
  void send(std::vector<std::string> frames) {
    for (std::size_t i = 0; i < frames.size(); ++i) {
      sock.send(zmq::buffer(frames[i]),
                i + 1 < frames.size() ? zmq::send_flags::sndmore : zmq::send_flags::none);
    }
  }
  // Receives one message; returns its frames (empty on timeout).
  std::vector<std::string> recv() {
    std::vector<zmq::message_t> msgs;
    auto got = zmq::recv_multipart(sock, std::back_inserter(msgs));
    std::vector<std::string> out;
    if (!got) return out;
    for (auto& m : msgs) out.emplace_back(static_cast<const char*>(m.data()), m.size());
    return out;
  }
};

const std::string kId(protocol::kProtocolId);
// Frame 0 of a CEDU01 message: protocol id and command byte.
std::string sig(protocol::Command c) { return kId + static_cast<char>(c); }

mp::MapView header_of(const std::vector<std::string>& frames, msgpack::object_handle& keep) {
  keep = mp::unpack(frames.at(0).substr(protocol::kSignatureSize), "header").value();
  return mp::MapView::of(keep.get()).value();
}

std::string request_header(std::uint64_t id, const std::string& service, const std::string& method) {
  mp::MapBuilder h;
  h.set("id", id).set("service", service).set("method", method).set("timeout_ms", 2000u);
  return h.bytes();
}

void expect_still_serving(BusFixture& bus) {
  auto c = bus.client();
  auto r = c->call("bus", "ping", mp::empty_map());
  BOOST_REQUIRE_MESSAGE(r.ok(), "broker stopped serving: " << r.status().to_string());
  BOOST_REQUIRE(bus.broker().running());
}

std::uint64_t stat(BusFixture& bus, const char* key) {
  auto c = bus.client();
  auto r = c->call("bus", "stats", mp::empty_map());
  BOOST_REQUIRE(r.ok());
  return mp::MapView::of(r->result()).value().uint64(key).value();
}

}  // namespace

BOOST_AUTO_TEST_CASE(foreign_and_truncated_messages_are_dropped_and_counted) {
  BusFixture bus;
  RawPeer p(bus.endpoint());
  p.send({"HELLO", "world"});
  p.send({"x"});
  p.send({""});
  p.send({"CEDU"});                                 // shorter than the protocol id
  p.send({"CEDU99\x04" + mp::empty_map()});         // another protocol
  expect_still_serving(bus);
  // The raw peer's messages travel on a connection of their own, which the ping above may
  // overtake: wait (boundedly) until the broker has counted them.
  std::uint64_t dropped = 0;
  for (auto until = std::chrono::steady_clock::now() + 5s;
       (dropped = stat(bus, "dropped_frames")) < 5u && std::chrono::steady_clock::now() < until;) {
    std::this_thread::sleep_for(20ms);
  }
  BOOST_TEST(dropped >= 5u);
}

BOOST_AUTO_TEST_CASE(malformed_cedu_messages_get_an_error_naming_the_problem) {
  BusFixture bus;
  RawPeer p(bus.endpoint());
  msgpack::object_handle keep;

  p.send({kId + '\x7f' + mp::empty_map()});  // unknown command
  auto e = p.recv();
  BOOST_REQUIRE_EQUAL(e.size(), 1u);
  BOOST_TEST(e[0].substr(0, 7) == sig(protocol::Command::kError));
  BOOST_TEST(header_of(e, keep).string("field").value() == "frame0");

  p.send({sig(protocol::Command::kHeartbeat) + "\xc1\xc1"});  // bad MessagePack
  e = p.recv();
  BOOST_REQUIRE_EQUAL(e.size(), 1u);
  BOOST_TEST(header_of(e, keep).string("code").value() == "INVALID_ARGUMENT");
  BOOST_TEST(header_of(e, keep).string("field").value() == "header");

  p.send({sig(protocol::Command::kHeartbeat) + mp::pack(42)});  // header not a map
  e = p.recv();
  BOOST_TEST(header_of(e, keep).string("field").value() == "header");

  // REQUEST without the body frame.
  p.send({sig(protocol::Command::kRequest) + request_header(1, "bus", "ping")});
  e = p.recv();
  BOOST_TEST(e.at(0).substr(0, 7) == sig(protocol::Command::kError));

  // REQUEST without an id cannot be answered with a REPLY: ERROR naming the field.
  mp::MapBuilder noid;
  noid.set("service", "bus").set("method", "ping");
  p.send({sig(protocol::Command::kRequest) + noid.bytes(), mp::empty_map()});
  e = p.recv();
  BOOST_TEST(e.at(0).substr(0, 7) == sig(protocol::Command::kError));
  BOOST_TEST(header_of(e, keep).string("field").value() == "header.id");

  // Wrong type for service: a REPLY with INVALID_ARGUMENT and the field.
  mp::MapBuilder badtype;
  badtype.set("id", 7u).set("service", 12).set("method", "ping");
  p.send({sig(protocol::Command::kRequest) + badtype.bytes(), mp::empty_map()});
  e = p.recv();
  BOOST_REQUIRE_EQUAL(e.size(), 2u);
  BOOST_TEST(e[0].substr(0, 7) == sig(protocol::Command::kReply));
  auto h = header_of(e, keep);
  BOOST_TEST(h.uint64("id").value() == 7u);
  BOOST_TEST(h.boolean("ok").value() == false);
  BOOST_TEST(h.map("error").value().string("field").value() == "header.service");

  // Params that are not a map.
  p.send({sig(protocol::Command::kRequest) + request_header(8, "bus", "ping"), mp::pack(5)});
  e = p.recv();
  BOOST_TEST(header_of(e, keep).map("error").value().string("field").value() == "params");

  // Params that are not MessagePack at all (but start like a map): refused by the service,
  // not by a crash. For the bus service the broker never unpacks params, so use a worker.
  auto svc = bus.start_service("course", "c1");
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  p.send({sig(protocol::Command::kRequest) + request_header(9, "course", "echo"),
          std::string("\x82\xa1", 2)});
  e = p.recv();
  BOOST_REQUIRE_EQUAL(e.size(), 2u);
  h = header_of(e, keep);
  BOOST_TEST(h.uint64("id").value() == 9u);
  BOOST_TEST(h.map("error").value().string("code").value() == "INVALID_ARGUMENT");
  BOOST_TEST(h.map("error").value().string("field").value() == "params");

  // Commands only the broker sends.
  p.send({sig(protocol::Command::kEvent) + mp::empty_map(), mp::empty_map()});
  e = p.recv();
  BOOST_TEST(e.at(0).substr(0, 7) == sig(protocol::Command::kError));

  // Bad READY: service name invalid.
  mp::MapBuilder ready;
  ready.set("service", "Bad Name!");
  p.send({sig(protocol::Command::kReady) + ready.bytes()});
  e = p.recv();
  BOOST_TEST(header_of(e, keep).string("field").value() == "header.service");

  expect_still_serving(bus);
  // Refused without a REPLY: unknown command, bad MessagePack, non-map header, missing body,
  // missing id, EVENT from a peer, bad READY.
  BOOST_TEST(stat(bus, "malformed") >= 7u);
  BOOST_TEST(bus.client()->call("course", "echo", mp::empty_map()).ok());
}

BOOST_AUTO_TEST_CASE(oversized_request_is_refused_with_resource_exhausted) {
  BusFixture bus;  // default limit: 1 MiB
  auto svc = bus.start_service("course", "c1");
  BOOST_REQUIRE(bus.wait_for_workers("course", 1));
  auto c = bus.client();
  mp::MapBuilder big;
  big.set("blob", std::string(1200 * 1024, 'x'));
  auto r = c->call("course", "echo", big.bytes());
  BOOST_TEST(r.status().code() == StatusCode::kResourceExhausted, r.status().to_string());
  BOOST_TEST(r.status().field() == "params");
  // Far over the limit: libzmq cuts that connection; the broker carries on.
  {
    RawPeer p(bus.endpoint());
    p.send({sig(protocol::Command::kRequest) + request_header(1, "course", "echo"),
            std::string(3 * 1024 * 1024, '\x80')});
  }
  expect_still_serving(bus);
  BOOST_TEST(stat(bus, "oversized") >= 1u);
  BOOST_TEST(c->call("course", "echo", mp::empty_map()).ok());
}

BOOST_AUTO_TEST_CASE(random_bytes_on_the_tcp_port_do_not_hurt_the_broker) {
  BusFixture bus;
  const std::string ep = bus.endpoint();  // tcp://127.0.0.1:PORT
  const int port = std::stoi(ep.substr(ep.rfind(':') + 1));
  std::mt19937 rng(1234);
  for (int round = 0; round < 20; ++round) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    BOOST_REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0);
    std::string junk(static_cast<std::size_t>(rng() % 4096 + 1), '\0');
    for (auto& ch : junk) ch = static_cast<char>(rng());
    (void)!write(fd, junk.data(), junk.size());
    close(fd);
  }
  // Random multipart garbage through a real ZeroMQ peer too.
  RawPeer p(bus.endpoint());
  for (int i = 0; i < 200; ++i) {
    std::vector<std::string> frames(rng() % 6 + 1);
    for (auto& f : frames) {
      f.resize(rng() % 64);
      for (auto& ch : f) ch = static_cast<char>(rng());
    }
    if (i % 2 == 0) frames[0] = sig(protocol::Command(rng() % 12)) + frames[0];  // half look like ours
    p.send(frames);
  }
  expect_still_serving(bus);
}

BOOST_AUTO_TEST_CASE(duplicate_routing_ids_do_not_confuse_the_broker) {
  BusFixture bus;
  RawPeer a(bus.endpoint(), "same-id");
  RawPeer b(bus.endpoint(), "same-id");
  a.send({sig(protocol::Command::kRequest) + request_header(1, "bus", "ping"), mp::empty_map()});
  b.send({sig(protocol::Command::kRequest) + request_header(2, "bus", "ping"), mp::empty_map()});
  // One connection owns the id (no handover; which one wins the race is up to the
  // network): that one is answered, the other is refused by libzmq, the broker goes on.
  a.sock.set(zmq::sockopt::rcvtimeo, 1500);
  b.sock.set(zmq::sockopt::rcvtimeo, 1500);
  const std::size_t answered = (a.recv().size() == 2u ? 1 : 0) + (b.recv().size() == 2u ? 1 : 0);
  BOOST_TEST(answered <= 1u);
  expect_still_serving(bus);
}

BOOST_AUTO_TEST_CASE(bad_config_stops_the_broker_with_file_line_key) {
  cedu::testing::TempDir dir;
  const std::string cfg = dir.file("cedu.yaml");
  {
    std::ofstream out(cfg);
    out << "bus:\n  endpoint: tcp://127.0.0.1:0\n  heartbeat_liveness: three\n";
  }
  const std::string log = dir.file("bus.log");
  auto bus = cedu::testing::Process::spawn({cedu::testing::binary("cedu-bus"), "--config", cfg}, log);
  BOOST_TEST(bus.wait(10s).value_or(-1) == 2);
  const std::string out = cedu::testing::read_file(log);
  BOOST_TEST(out.find(cfg + ":3: bus.heartbeat_liveness: expected") != std::string::npos, out);

  {
    std::ofstream out2(cfg);
    out2 << "bus:\n  endpont: tcp://127.0.0.1:0\n";
  }
  auto bus2 = cedu::testing::Process::spawn({cedu::testing::binary("cedu-bus"), "--config", cfg}, log);
  BOOST_TEST(bus2.wait(10s).value_or(-1) == 2);
  BOOST_TEST(cedu::testing::read_file(log).find(cfg + ":2: bus.endpont: unknown key") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(curve_by_default_needs_an_access_list) {
  cedu::testing::TempDir dir;
  const std::string cfg = dir.file("cedu.yaml");
  const std::string acl = dir.file("acl.yaml");
  {
    std::ofstream out(cfg);
    out << "data_dir: " << dir.file("var") << "\nbus:\n  endpoint: tcp://127.0.0.1:0\n  acl: "
        << acl << "\n";
  }
  const std::string log = dir.file("bus.log");
  auto bus = cedu::testing::Process::spawn({cedu::testing::binary("cedu-bus"), "--config", cfg}, log);
  BOOST_TEST(bus.wait(10s).value_or(-1) == 2);
  const std::string out = cedu::testing::read_file(log);
  BOOST_TEST(out.find("the access list " + acl) != std::string::npos, out);
  BOOST_TEST(out.find("does not exist (bus.acl)") != std::string::npos, out);
  BOOST_TEST(out.find("bus.insecure: true or --insecure") != std::string::npos, out);

  // --insecure contradicts the CURVE flags.
  auto both = cedu::testing::Process::spawn(
      {cedu::testing::binary("cedu-bus"), "--config", cfg, "--insecure", "--acl", acl}, log);
  BOOST_TEST(both.wait(10s).value_or(-1) == 2);
  BOOST_TEST(cedu::testing::read_file(log).find("--insecure contradicts") != std::string::npos);
}
