#define BOOST_TEST_MODULE protocol_frames
#include <boost/test/unit_test.hpp>

#include "bus/protocol/frames.h"
#include "common/msgpack/builder.h"

namespace protocol = cedu::protocol;
namespace mp = cedu::mp;
using protocol::Command;

namespace {

std::vector<zmq::message_t> frames_of(std::vector<std::string> parts) {
  std::vector<zmq::message_t> out;
  for (auto& p : parts) out.emplace_back(p.data(), p.size());
  return out;
}

const std::string kId(protocol::kProtocolId);
std::string sig(Command c) { return kId + static_cast<char>(c); }

protocol::ParseError failure(std::vector<std::string> parts) {
  auto frames = frames_of(std::move(parts));
  auto r = protocol::parse(frames, 0);
  BOOST_REQUIRE(std::holds_alternative<protocol::ParseError>(r));
  return std::get<protocol::ParseError>(r);
}

}  // namespace

BOOST_AUTO_TEST_CASE(command_bytes_round_trip) {
  for (int b = 1; b <= 0x0B; ++b) {
    auto c = protocol::command_from_byte(static_cast<std::uint8_t>(b));
    BOOST_REQUIRE(c.has_value());
    BOOST_TEST(protocol::command_name(*c) != "UNKNOWN");
  }
  BOOST_TEST(!protocol::command_from_byte(0).has_value());
  BOOST_TEST(!protocol::command_from_byte(0x0C).has_value());
  BOOST_TEST(protocol::has_body(Command::kRequest));
  BOOST_TEST(!protocol::has_body(Command::kHeartbeat));
}

BOOST_AUTO_TEST_CASE(parses_a_request_with_body) {
  mp::MapBuilder h;
  h.set("id", 3u).set("service", "course");
  auto frames = frames_of({"routing", sig(Command::kRequest) + h.bytes(), mp::empty_map()});
  auto r = protocol::parse(frames, 1);
  BOOST_REQUIRE(std::holds_alternative<protocol::Message>(r));
  auto& m = std::get<protocol::Message>(r);
  BOOST_TEST(int(m.command) == int(Command::kRequest));
  BOOST_TEST(m.header().uint64("id").value() == 3u);
  BOOST_TEST(m.body_view() == mp::empty_map());
}

BOOST_AUTO_TEST_CASE(foreign_messages_are_told_apart_from_malformed_ones) {
  BOOST_TEST(int(failure({"HTTP/1.1", "x", "y"}).kind) == int(protocol::ParseFailure::kForeign));
  BOOST_TEST(int(failure({}).kind) == int(protocol::ParseFailure::kForeign));
  BOOST_TEST(int(failure({"CEDU02\x04\x80"}).kind) == int(protocol::ParseFailure::kForeign));
  BOOST_TEST(int(failure({"CEDU"}).kind) == int(protocol::ParseFailure::kForeign));
  auto unknown = failure({kId + "\x42\x80"});
  BOOST_TEST(int(unknown.kind) == int(protocol::ParseFailure::kMalformed));
  BOOST_TEST(unknown.status.field() == "frame0");
  auto no_cmd = failure({kId});
  BOOST_TEST(no_cmd.status.field() == "frame0");
  auto no_body = failure({sig(Command::kRequest) + mp::empty_map()});
  BOOST_TEST(no_body.status.message().find("REQUEST takes 2 frame(s), got 1") != std::string::npos);
  auto extra = failure({sig(Command::kHeartbeat) + mp::empty_map(), "x"});
  BOOST_TEST(extra.status.message().find("HEARTBEAT takes 1 frame(s), got 2") != std::string::npos);
  auto no_header = failure({sig(Command::kHeartbeat)});
  BOOST_TEST(no_header.status.field() == "header");
  auto bad_header = failure({sig(Command::kHeartbeat) + "\xc1"});
  BOOST_TEST(bad_header.status.field() == "header");
  auto trailing = failure({sig(Command::kHeartbeat) + mp::empty_map() + "x"});
  BOOST_TEST(trailing.status.field() == "header");
  auto not_map = failure({sig(Command::kHeartbeat) + mp::pack(std::string("x"))});
  BOOST_TEST(not_map.status.field() == "header");
}

BOOST_AUTO_TEST_CASE(reply_and_error_headers_carry_code_message_field) {
  auto h = mp::unpack(protocol::reply_header(9, cedu::Status::conflict("stale", "version")), "h")
               .value();
  auto v = mp::MapView::of(h.get()).value();
  BOOST_TEST(v.uint64("id").value() == 9u);
  BOOST_TEST(v.boolean("ok").value() == false);
  auto e = v.map("error").value();
  BOOST_TEST(e.string("code").value() == "CONFLICT");
  BOOST_TEST(e.string("message").value() == "stale");
  BOOST_TEST(e.string("field").value() == "version");

  auto ok = mp::unpack(protocol::reply_header(1, cedu::Status::ok()), "h").value();
  auto okv = mp::MapView::of(ok.get()).value();
  BOOST_TEST(okv.boolean("ok").value());
  BOOST_TEST(!okv.has("error"));
}

BOOST_AUTO_TEST_CASE(looks_like_map_recognises_map_markers_only) {
  BOOST_TEST(protocol::looks_like_map(mp::empty_map()));
  BOOST_TEST(protocol::looks_like_map(std::string("\xde\x00\x00", 3)));
  BOOST_TEST(protocol::looks_like_map(std::string("\xdf", 1)));
  BOOST_TEST(!protocol::looks_like_map(""));
  BOOST_TEST(!protocol::looks_like_map(mp::pack(1)));
  BOOST_TEST(!protocol::looks_like_map(std::string("\x90", 1)));
}

BOOST_AUTO_TEST_CASE(send_and_parse_over_real_sockets) {
  zmq::context_t ctx;
  zmq::socket_t router(ctx, zmq::socket_type::router);
  zmq::socket_t dealer(ctx, zmq::socket_type::dealer);
  router.set(zmq::sockopt::router_mandatory, 1);
  router.bind("inproc://frames-test");
  dealer.set(zmq::sockopt::routing_id, "peer-1");
  dealer.connect("inproc://frames-test");

  mp::MapBuilder h;
  h.set("topic", "course.published");
  BOOST_TEST(int(protocol::send(dealer, {}, Command::kPublish, h.bytes(), mp::empty_map())) ==
             int(protocol::SendResult::kSent));
  std::vector<zmq::message_t> frames;
  BOOST_REQUIRE(zmq::recv_multipart(router, std::back_inserter(frames)));
  auto r = protocol::parse(frames, 1);
  BOOST_REQUIRE(std::holds_alternative<protocol::Message>(r));
  BOOST_TEST(std::get<protocol::Message>(r).header().string("topic").value() == "course.published");

  // A body-less send of a body command carries nil.
  BOOST_TEST(int(protocol::send(router, "peer-1", Command::kReply,
                                protocol::reply_header(1, cedu::Status::ok()))) ==
             int(protocol::SendResult::kSent));
  frames.clear();
  BOOST_REQUIRE(zmq::recv_multipart(dealer, std::back_inserter(frames)));
  BOOST_REQUIRE_EQUAL(frames.size(), 2u);
  BOOST_TEST(frames[0].to_string().substr(0, 7) == kId + "\x02");
  BOOST_TEST(frames[1].to_string() == std::string("\xc0"));

  BOOST_TEST(int(protocol::send(router, "nobody", Command::kHeartbeat, protocol::empty_header())) ==
             int(protocol::SendResult::kUnroutable));
}
