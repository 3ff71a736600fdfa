// Reading and writing CEDU01 messages on ZeroMQ sockets. Parsing validates the frame
// layout and the header's MessagePack; it never throws on bad input (a malformed message
// is a Status). Thread-safety: stateless functions; sockets follow ZeroMQ's rules (one
// thread per socket).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <msgpack.hpp>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "bus/protocol/protocol.h"
#include "common/msgpack/fields.h"
#include "common/result.h"

namespace cedu::protocol {

// A parsed message. The header lives in the zone given to parse() (or in `own_zone`);
// use header(), valid while that zone is neither cleared nor destroyed.
struct Message {
  Command command = Command::kHeartbeat;
  msgpack::object header_object;
  std::unique_ptr<msgpack::zone> own_zone;
  zmq::message_t body;  // empty unless has_body(command)

  // REQUIRES: built by parse(). Never fails: parse() checked the header is a map.
  mp::MapView header() const { return *mp::MapView::of(header_object, "header"); }
  std::string_view body_view() const {
    return {static_cast<const char*>(body.data()), body.size()};
  }
};

// Why a message was refused, for counting and for the ERROR answer.
enum class ParseFailure {
  kNone,
  kForeign,    // too few frames or not our protocol id: dropped silently
  kMalformed,  // ours, but bad command/header/body layout: answered with ERROR
};

struct ParseError {
  ParseFailure kind;
  Status status;
};

// Parses frames[first..] as [signature + header, (body)]. Moves the body out of
// `frames`. Returns the message, or the failure and its reason.
// With `scratch`, the header is unpacked into it (cleared first): no allocation per message;
// without, the message owns a zone of its own.
std::variant<Message, ParseError> parse(std::vector<zmq::message_t>& frames, std::size_t first,
                                        msgpack::zone* scratch = nullptr);

// Outcome of a non-blocking send.
enum class SendResult { kSent, kWouldBlock, kUnroutable, kFailed };

// Sends [routing_id?] signature (protocol id + command) with the header, and (for commands
// with a body) the body —
// the empty body is sent as MessagePack nil. Never blocks (ZMQ_DONTWAIT): a full
// high-water mark is kWouldBlock, an unknown routing id under router_mandatory is
// kUnroutable.
SendResult send(zmq::socket_t& socket, std::string_view routing_id, Command command,
                std::string_view header, zmq::message_t* body = nullptr);
// Same with a body given as bytes (copied).
SendResult send(zmq::socket_t& socket, std::string_view routing_id, Command command,
                std::string_view header, std::string_view body);

// Headers used in several places.
std::string empty_header();
std::string error_header(const Status& status);  // ERROR: {code, message, field?}
// REPLY header: {id, ok, error?}
std::string reply_header(std::uint64_t id, const Status& status);
// Same, written into `out` (replacing its content) so a caller can reuse the buffer.
void reply_header_into(std::string& out, std::uint64_t id, const Status& status);

// The status a REPLY header reports: OK iff `ok` is true, else its `error`. A header whose
// `ok` or error code is missing or wrong yields INTERNAL saying so.
Status reply_status(const mp::MapView& header);

// The packed MessagePack nil (0xc0): the body of a reply without result.
inline std::string_view nil_body() { return {"\xc0", 1}; }

// True iff `bytes` starts with a MessagePack map marker (fixmap, map16, map32).
bool looks_like_map(std::string_view bytes);

}  // namespace cedu::protocol
