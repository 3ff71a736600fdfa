#include "common/msgpack/flat_map.h"

#include <cstdint>
#include <cstring>

namespace cedu::mp {
namespace {

// Reads big-endian integers from a bounded cursor; every read checks the bounds.
class Cursor {
 public:
  explicit Cursor(std::string_view in) : p_(in.data()), end_(in.data() + in.size()) {}
  bool at_end() const { return p_ == end_; }
  bool byte(std::uint8_t& out) {
    if (p_ == end_) return false;
    out = static_cast<std::uint8_t>(*p_++);
    return true;
  }
  template <typename T>
  bool big_endian(T& out) {
    if (static_cast<std::size_t>(end_ - p_) < sizeof(T)) return false;
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i) v = (v << 8) | static_cast<std::uint8_t>(p_[i]);
    p_ += sizeof(T);
    out = static_cast<T>(v);
    return true;
  }
  bool bytes(std::size_t n, const char*& out) {
    if (static_cast<std::size_t>(end_ - p_) < n) return false;
    out = p_;
    p_ += n;
    return true;
  }

 private:
  const char* p_;
  const char* end_;
};

void set_int(msgpack::object& o, std::int64_t v) {
  if (v < 0) {
    o.type = msgpack::type::NEGATIVE_INTEGER;
    o.via.i64 = v;
  } else {
    o.type = msgpack::type::POSITIVE_INTEGER;
    o.via.u64 = static_cast<std::uint64_t>(v);
  }
}

bool read_str(Cursor& c, std::uint8_t tag, msgpack::object& o) {
  std::uint32_t n = 0;
  if (tag >= 0xa0 && tag <= 0xbf) {
    n = tag & 0x1f;
  } else if (tag == 0xd9) {
    std::uint8_t n8 = 0;
    if (!c.big_endian(n8)) return false;
    n = n8;
  } else if (tag == 0xda) {
    std::uint16_t n16 = 0;
    if (!c.big_endian(n16)) return false;
    n = n16;
  } else {
    return false;
  }
  const char* p = nullptr;
  if (!c.bytes(n, p)) return false;
  o.type = msgpack::type::STR;
  o.via.str.size = n;
  o.via.str.ptr = p;
  return true;
}

bool read_scalar(Cursor& c, msgpack::object& o) {
  std::uint8_t tag = 0;
  if (!c.byte(tag)) return false;
  if (tag <= 0x7f) {
    set_int(o, tag);
    return true;
  }
  if (tag >= 0xe0) {
    set_int(o, static_cast<std::int8_t>(tag));
    return true;
  }
  switch (tag) {
    case 0xc0: o.type = msgpack::type::NIL; return true;
    case 0xc2: o.type = msgpack::type::BOOLEAN; o.via.boolean = false; return true;
    case 0xc3: o.type = msgpack::type::BOOLEAN; o.via.boolean = true; return true;
    case 0xcc: { std::uint8_t v = 0; if (!c.big_endian(v)) return false; set_int(o, v); return true; }
    case 0xcd: { std::uint16_t v = 0; if (!c.big_endian(v)) return false; set_int(o, v); return true; }
    case 0xce: { std::uint32_t v = 0; if (!c.big_endian(v)) return false; set_int(o, v); return true; }
    case 0xcf: {
      std::uint64_t v = 0;
      if (!c.big_endian(v)) return false;
      o.type = msgpack::type::POSITIVE_INTEGER;
      o.via.u64 = v;
      return true;
    }
    case 0xd0: { std::int8_t v = 0; if (!c.big_endian(v)) return false; set_int(o, v); return true; }
    case 0xd1: { std::int16_t v = 0; if (!c.big_endian(v)) return false; set_int(o, v); return true; }
    case 0xd2: { std::int32_t v = 0; if (!c.big_endian(v)) return false; set_int(o, v); return true; }
    case 0xd3: { std::int64_t v = 0; if (!c.big_endian(v)) return false; set_int(o, v); return true; }
    default: return read_str(c, tag, o);
  }
}

}  // namespace

std::optional<msgpack::object> unpack_flat_map(msgpack::zone& zone, std::string_view bytes) {
  Cursor c(bytes);
  std::uint8_t tag = 0;
  if (!c.byte(tag) || tag < 0x80 || tag > 0x8f) return std::nullopt;
  const std::uint32_t n = tag & 0x0f;
  msgpack::object map;
  map.type = msgpack::type::MAP;
  map.via.map.size = n;
  map.via.map.ptr = nullptr;
  if (n > 0) {
    auto* kv = static_cast<msgpack::object_kv*>(
        zone.allocate_align(sizeof(msgpack::object_kv) * n, alignof(msgpack::object_kv)));
    for (std::uint32_t i = 0; i < n; ++i) {
      std::uint8_t key_tag = 0;
      if (!c.byte(key_tag) || !read_str(c, key_tag, kv[i].key)) return std::nullopt;
      if (!read_scalar(c, kv[i].val)) return std::nullopt;
    }
    map.via.map.ptr = kv;
  }
  if (!c.at_end()) return std::nullopt;
  return map;
}

bool same_value(const msgpack::object& a, const msgpack::object& b) {
  if (a.type != b.type) return false;
  switch (a.type) {
    case msgpack::type::STR:
    case msgpack::type::BIN:
      return std::string_view(a.via.str.ptr, a.via.str.size) ==
             std::string_view(b.via.str.ptr, b.via.str.size);
    case msgpack::type::MAP:
      if (a.via.map.size != b.via.map.size) return false;
      for (std::uint32_t i = 0; i < a.via.map.size; ++i) {
        if (!same_value(a.via.map.ptr[i].key, b.via.map.ptr[i].key) ||
            !same_value(a.via.map.ptr[i].val, b.via.map.ptr[i].val)) {
          return false;
        }
      }
      return true;
    case msgpack::type::ARRAY:
      if (a.via.array.size != b.via.array.size) return false;
      for (std::uint32_t i = 0; i < a.via.array.size; ++i) {
        if (!same_value(a.via.array.ptr[i], b.via.array.ptr[i])) return false;
      }
      return true;
    case msgpack::type::NIL: return true;
    case msgpack::type::BOOLEAN: return a.via.boolean == b.via.boolean;
    case msgpack::type::POSITIVE_INTEGER: return a.via.u64 == b.via.u64;
    case msgpack::type::NEGATIVE_INTEGER: return a.via.i64 == b.via.i64;
    case msgpack::type::FLOAT32:
    case msgpack::type::FLOAT64: return a.via.f64 == b.via.f64;
    case msgpack::type::EXT:
      return std::string_view(a.via.ext.ptr, a.via.ext.size) ==
             std::string_view(b.via.ext.ptr, b.via.ext.size);
  }
  return false;
}

}  // namespace cedu::mp
