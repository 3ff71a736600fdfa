#include "bus/protocol/protocol.h"

namespace cedu::protocol {

std::string_view command_name(Command c) {
  switch (c) {
    case Command::kRequest: return "REQUEST";
    case Command::kReply: return "REPLY";
    case Command::kReady: return "READY";
    case Command::kHeartbeat: return "HEARTBEAT";
    case Command::kDisconnect: return "DISCONNECT";
    case Command::kPublish: return "PUBLISH";
    case Command::kSubscribe: return "SUBSCRIBE";
    case Command::kUnsubscribe: return "UNSUBSCRIBE";
    case Command::kEvent: return "EVENT";
    case Command::kSubscribed: return "SUBSCRIBED";
    case Command::kError: return "ERROR";
  }
  return "UNKNOWN";
}

std::optional<Command> command_from_byte(std::uint8_t b) {
  if (b >= 0x01 && b <= 0x0B) return static_cast<Command>(b);
  return std::nullopt;
}

bool has_body(Command c) {
  return c == Command::kRequest || c == Command::kReply || c == Command::kPublish ||
         c == Command::kEvent;
}

}  // namespace cedu::protocol
