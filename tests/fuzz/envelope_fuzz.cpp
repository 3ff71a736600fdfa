// Fuzz target: MessagePack decoding of envelopes and params — the general unpacker with
// its limits, typed access by field, and the fast flat-map decoder, which must agree with
// the general one whenever it accepts an input.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/msgpack/fields.h"
#include "common/msgpack/flat_map.h"

namespace {

void read_everything(const cedu::mp::MapView& v, int depth) {
  for (const auto& key : v.keys()) {
    (void)v.optional_string(key);
    (void)v.optional_int64(key);
    (void)v.optional_uint64(key);
    (void)v.optional_boolean(key);
    (void)v.number(key);
    (void)v.array(key);
    if (auto child = v.optional_map(key); child.ok() && child->has_value() && depth < 8) {
      read_everything(**child, depth + 1);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto general = cedu::mp::unpack(bytes, "params");
  if (general.ok()) {
    if (auto view = cedu::mp::MapView::of(general->get(), "params"); view.ok()) {
      read_everything(*view, 0);
    }
  }
  msgpack::zone zone(512);
  auto flat = cedu::mp::unpack_flat_map(zone, bytes);
  if (flat.has_value()) {
    // The fast path may only accept what the general unpacker reads the same way.
    if (!general.ok() || !cedu::mp::same_value(*flat, general->get())) std::abort();
  }
  return 0;
}
