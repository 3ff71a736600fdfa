// Fuzz target: MessagePack decoding of envelopes and params — the general unpacker with
// its limits, typed access by field, and the fast flat-map decoder, which must agree with
// the general one whenever it accepts an input.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/msgpack/fields.h"
#include "common/msgpack/flat_map.h"

namespace {

// msgpack-cxx's operator== passes a null pointer to memcmp for empty strings (UB that
// UBSan reports), so the fuzz target compares trees itself.
bool same(const msgpack::object& a, const msgpack::object& b) {
  if (a.type != b.type) return false;
  switch (a.type) {
    case msgpack::type::STR:
    case msgpack::type::BIN:
      return std::string_view(a.via.str.ptr, a.via.str.size) ==
             std::string_view(b.via.str.ptr, b.via.str.size);
    case msgpack::type::MAP:
      if (a.via.map.size != b.via.map.size) return false;
      for (std::uint32_t i = 0; i < a.via.map.size; ++i) {
        if (!same(a.via.map.ptr[i].key, b.via.map.ptr[i].key) ||
            !same(a.via.map.ptr[i].val, b.via.map.ptr[i].val)) {
          return false;
        }
      }
      return true;
    case msgpack::type::ARRAY:
      if (a.via.array.size != b.via.array.size) return false;
      for (std::uint32_t i = 0; i < a.via.array.size; ++i) {
        if (!same(a.via.array.ptr[i], b.via.array.ptr[i])) return false;
      }
      return true;
    case msgpack::type::NIL: return true;
    case msgpack::type::BOOLEAN: return a.via.boolean == b.via.boolean;
    case msgpack::type::POSITIVE_INTEGER: return a.via.u64 == b.via.u64;
    case msgpack::type::NEGATIVE_INTEGER: return a.via.i64 == b.via.i64;
    default: return false;  // the fast path produces no other type
  }
}

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
    if (!general.ok() || !same(*flat, general->get())) std::abort();
  }
  return 0;
}
