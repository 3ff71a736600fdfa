// Fuzz target: the broker's frame parser and the header reads every command handler does.
// The input is cut into frames: each frame is a length byte followed by that many bytes.
#include <cstdint>
#include <string>
#include <vector>

#include "bus/protocol/frames.h"
#include "common/msgpack/builder.h"

namespace {

std::vector<zmq::message_t> split(const std::uint8_t* data, std::size_t size) {
  std::vector<zmq::message_t> frames;
  std::size_t i = 0;
  while (i < size && frames.size() < 8) {
    const std::size_t n = std::min<std::size_t>(data[i], size - i - 1);
    frames.emplace_back(data + i + 1, n);
    i += n + 1;
  }
  return frames;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace field = cedu::protocol::field;
  static msgpack::zone zone(1024);
  for (bool reuse : {true, false}) {
    auto frames = split(data, size);
    auto parsed = cedu::protocol::parse(frames, 0, reuse ? &zone : nullptr);
    auto* m = std::get_if<cedu::protocol::Message>(&parsed);
    if (m == nullptr) continue;
    const cedu::mp::MapView h = m->header();
    // What the broker, client and runtime read from headers.
    (void)h.uint64(field::kId);
    (void)h.string(field::kService);
    (void)h.optional_uint64(field::kTimeoutMs);
    (void)h.optional_string(field::kIdempotencyKey);
    (void)h.optional_boolean(field::kIdempotent);
    (void)h.optional_uint64(field::kCapacity);
    (void)h.optional_map(field::kError);
    (void)h.only_keys({"id", "service", "method"});
    (void)cedu::protocol::reply_status(h);
    (void)cedu::protocol::looks_like_map(m->body_view());
  }
  return 0;
}
