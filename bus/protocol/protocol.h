// The cedu bus wire protocol, version CEDU01 (docs/protocol.md is the normative text).
//
// Every message, as a peer sends it on its DEALER socket:
//   frame 0  the protocol id "CEDU01", one command byte (Command below), then the header:
//            a MessagePack map (fields per command, see docs/protocol.md)
//   frame 1  body: one MessagePack value — only for REQUEST, REPLY, PUBLISH and EVENT
// Signature and header share a frame because every frame is a message operation for
// libzmq on the broker's hot path (docs/performance.md); the body has a frame of its own
// so the broker forwards it without copying or decoding it.
// The broker's ROUTER socket sees one more frame in front: the peer's routing id.
// Thread-safety: constants and pure functions only.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace cedu::protocol {

inline constexpr std::string_view kProtocolId = "CEDU01";
// Protocol id and command byte: the header starts at this offset of frame 0.
inline constexpr std::size_t kSignatureSize = kProtocolId.size() + 1;

enum class Command : std::uint8_t {
  kRequest = 0x01,      // client → broker, broker → worker
  kReply = 0x02,        // worker → broker, broker → client
  kReady = 0x03,        // worker → broker: serve a service
  kHeartbeat = 0x04,    // any direction
  kDisconnect = 0x05,   // any direction
  kPublish = 0x06,      // worker → broker: an event
  kSubscribe = 0x07,    // subscriber → broker
  kUnsubscribe = 0x08,  // subscriber → broker
  kEvent = 0x09,        // broker → subscriber
  kSubscribed = 0x0A,   // broker → subscriber: acknowledges SUBSCRIBE
  kError = 0x0B,        // broker → peer: a protocol error not tied to a request id
};

std::string_view command_name(Command c);
// Returns the command for the signature's last byte, or nullopt for an unknown command.
std::optional<Command> command_from_byte(std::uint8_t b);
// True iff the command carries a body frame (frame 1).
bool has_body(Command c);

// Header field names (kept here so every component spells them the same way).
namespace field {
inline constexpr std::string_view kId = "id";
inline constexpr std::string_view kService = "service";
inline constexpr std::string_view kMethod = "method";
inline constexpr std::string_view kTimeoutMs = "timeout_ms";
inline constexpr std::string_view kDeadlineMs = "deadline_ms";
inline constexpr std::string_view kIdempotencyKey = "idempotency_key";
inline constexpr std::string_view kIdempotent = "idempotent";
inline constexpr std::string_view kPrincipal = "principal";
inline constexpr std::string_view kRights = "rights";
inline constexpr std::string_view kAttempt = "attempt";
inline constexpr std::string_view kOk = "ok";
inline constexpr std::string_view kError = "error";
inline constexpr std::string_view kCode = "code";
inline constexpr std::string_view kMessage = "message";
inline constexpr std::string_view kField = "field";
inline constexpr std::string_view kCapacity = "capacity";
inline constexpr std::string_view kInstance = "instance";
inline constexpr std::string_view kVersion = "version";
inline constexpr std::string_view kTopic = "topic";
inline constexpr std::string_view kPrefix = "prefix";
inline constexpr std::string_view kFrom = "from";
inline constexpr std::string_view kSeq = "seq";
inline constexpr std::string_view kTimeMs = "time_ms";
inline constexpr std::string_view kPublisher = "publisher";
inline constexpr std::string_view kHead = "head";
inline constexpr std::string_view kOldest = "oldest";
inline constexpr std::string_view kGap = "gap";
inline constexpr std::string_view kEpoch = "epoch";
inline constexpr std::string_view kHeartbeatMs = "heartbeat_ms";
inline constexpr std::string_view kPid = "pid";                // READY: the process id
inline constexpr std::string_view kStartedMs = "started_ms";  // READY: process start, Unix ms
}  // namespace field

// Defaults shared by broker, client and runtime.
inline constexpr std::uint32_t kDefaultTimeoutMs = 5000;
inline constexpr std::uint32_t kMaxTimeoutMs = 600000;
inline constexpr std::uint32_t kDefaultHeartbeatIntervalMs = 1000;
inline constexpr std::uint32_t kDefaultHeartbeatLiveness = 3;

// The broker's own service name.
inline constexpr std::string_view kBusService = "bus";

}  // namespace cedu::protocol
