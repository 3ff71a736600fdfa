#include "bus/protocol/frames.h"

#include <cerrno>

#include "common/msgpack/builder.h"

namespace cedu::protocol {
namespace {

std::string_view view(const zmq::message_t& m) {
  return {static_cast<const char*>(m.data()), m.size()};
}

ParseError malformed(std::string msg, std::string field = {}) {
  return {ParseFailure::kMalformed, Status::invalid_argument(std::move(msg), std::move(field))};
}

}  // namespace

std::variant<Message, ParseError> parse(std::vector<zmq::message_t>& frames, std::size_t first,
                                        msgpack::zone* scratch) {
  if (frames.size() < first + 1 || frames[first].size() < kProtocolId.size() ||
      view(frames[first]).substr(0, kProtocolId.size()) != kProtocolId) {
    return ParseError{ParseFailure::kForeign,
                      Status::invalid_argument("not a CEDU01 message", "frame0")};
  }
  const std::string_view frame0 = view(frames[first]);
  if (frame0.size() < kSignatureSize) return malformed("command byte is missing", "frame0");
  auto cmd = command_from_byte(static_cast<std::uint8_t>(frame0[kProtocolId.size()]));
  if (!cmd) return malformed("unknown command", "frame0");

  const std::size_t expected = first + (has_body(*cmd) ? 2 : 1);
  if (frames.size() != expected) {
    return malformed(std::string(command_name(*cmd)) + " takes " +
                     std::to_string(expected - first) + " frame(s), got " +
                     std::to_string(frames.size() - first));
  }
  Message m;
  if (scratch == nullptr) {
    m.own_zone = std::make_unique<msgpack::zone>(512);
    scratch = m.own_zone.get();
  } else {
    scratch->clear();
  }
  // With a caller's zone the header borrows from its frame, which stays in `frames`.
  auto header = mp::unpack_into(*scratch, frame0.substr(kSignatureSize), "header",
                                /*borrow=*/m.own_zone == nullptr);
  if (!header.ok()) return ParseError{ParseFailure::kMalformed, header.status()};
  if (header->type != msgpack::type::MAP) {
    return malformed("header must be a MessagePack map", "header");
  }
  m.command = *cmd;
  m.header_object = *header;
  if (has_body(*cmd)) m.body = std::move(frames[first + 1]);
  return m;
}

namespace {

// Sends one frame; translates ZeroMQ's errors into SendResult.
SendResult send_frame(zmq::socket_t& s, zmq::message_t& frame, bool more) {
  try {
    auto flags = zmq::send_flags::dontwait;
    if (more) flags = flags | zmq::send_flags::sndmore;
    auto r = s.send(frame, flags);
    return r ? SendResult::kSent : SendResult::kWouldBlock;
  } catch (const zmq::error_t& e) {
    return e.num() == EHOSTUNREACH ? SendResult::kUnroutable : SendResult::kFailed;
  }
}

SendResult send_parts(zmq::socket_t& s, std::string_view routing_id, Command command,
                      std::string_view header, zmq::message_t& body, bool with_body) {
  // Once the first frame is accepted ZeroMQ queues the rest of a multipart message
  // atomically, so in practice only the first send can block or be unroutable.
  SendResult r = SendResult::kSent;
  if (!routing_id.empty()) {
    zmq::message_t id(routing_id.data(), routing_id.size());
    if ((r = send_frame(s, id, true)) != SendResult::kSent) return r;
  }
  // Frame 0: signature and header together, assembled straight into the frame.
  zmq::message_t frame0(kSignatureSize + header.size());
  char* out = static_cast<char*>(frame0.data());
  kProtocolId.copy(out, kProtocolId.size());
  out[kProtocolId.size()] = static_cast<char>(command);
  header.copy(out + kSignatureSize, header.size());
  if ((r = send_frame(s, frame0, with_body)) != SendResult::kSent || !with_body) return r;
  return send_frame(s, body, false);
}

}  // namespace

SendResult send(zmq::socket_t& socket, std::string_view routing_id, Command command,
                std::string_view header, zmq::message_t* body) {
  const bool with_body = has_body(command);
  zmq::message_t nil;
  if (with_body && (body == nullptr || body->size() == 0)) {
    nil.rebuild(nil_body().data(), nil_body().size());
    body = &nil;
  }
  zmq::message_t none;
  return send_parts(socket, routing_id, command, header, body ? *body : none, with_body);
}

SendResult send(zmq::socket_t& socket, std::string_view routing_id, Command command,
                std::string_view header, std::string_view body) {
  zmq::message_t b(body.data(), body.size());
  return send(socket, routing_id, command, header, &b);
}

std::string empty_header() { return mp::empty_map(); }

namespace {
mp::MapBuilder error_map(const Status& status) {
  mp::MapBuilder e;
  e.set(field::kCode, code_name(status.code())).set(field::kMessage, status.message());
  if (!status.field().empty()) e.set(field::kField, status.field());
  return e;
}
}  // namespace

std::string error_header(const Status& status) { return error_map(status).bytes(); }

void reply_header_into(std::string& out, std::uint64_t id, const Status& status) {
  out.clear();
  mp::StringStream stream(out);
  msgpack::packer<mp::StringStream> p(stream);
  p.pack_map(status.is_ok() ? 2 : 3);
  p.pack(field::kId);
  p.pack(id);
  p.pack(field::kOk);
  p.pack(status.is_ok());
  if (!status.is_ok()) {
    p.pack(field::kError);
    out.append(error_map(status).bytes());
  }
}

std::string reply_header(std::uint64_t id, const Status& status) {
  mp::MapBuilder h;
  h.set(field::kId, id).set(field::kOk, status.is_ok());
  if (!status.is_ok()) h.set(field::kError, error_map(status));
  return h.bytes();
}

Status reply_status(const mp::MapView& header) {
  auto ok = header.boolean(field::kOk);
  if (!ok.ok()) return Status::internal("malformed REPLY: " + ok.status().to_string());
  if (*ok) return Status::ok();
  auto err = header.map(field::kError);
  if (!err.ok()) return Status::internal("malformed REPLY: " + err.status().to_string());
  auto code = err->string(field::kCode);
  if (!code.ok()) return Status::internal("malformed REPLY: " + code.status().to_string());
  const StatusCode parsed = code_from_name(*code).value_or(StatusCode::kOk);
  if (parsed == StatusCode::kOk) {
    return Status::internal("malformed REPLY: error code '" + *code + "' is not an error");
  }
  auto message = err->optional_string(field::kMessage);
  auto fld = err->optional_string(field::kField);
  return Status(parsed, message.ok() ? message->value_or("") : "",
                fld.ok() ? fld->value_or("") : "");
}

bool looks_like_map(std::string_view bytes) {
  if (bytes.empty()) return false;
  const auto b = static_cast<std::uint8_t>(bytes[0]);
  return (b >= 0x80 && b <= 0x8f) || b == 0xde || b == 0xdf;
}

}  // namespace cedu::protocol
