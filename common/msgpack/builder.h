// Builders for MessagePack maps and arrays whose size is not known up front (msgpack
// needs the count first). Values are anything msgpack-cxx can pack, or already-packed
// bytes (Raw). Thread-safety: not thread-safe; a builder belongs to one thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <msgpack.hpp>

namespace cedu::mp {

// Bytes that already hold exactly one packed MessagePack value.
struct Raw {
  std::string_view bytes;
};

class ArrayBuilder;

class MapBuilder {
 public:
  template <typename T>
  MapBuilder& set(std::string_view key, const T& value) {
    packer().pack(key);
    pack_value(value);
    ++count_;
    return *this;
  }
  MapBuilder& set_nil(std::string_view key) {
    packer().pack(key);
    packer().pack_nil();
    ++count_;
    return *this;
  }
  std::uint32_t size() const { return count_; }
  // The packed map.
  std::string bytes() const;

 private:
  template <typename T>
  void pack_value(const T& v) {
    if constexpr (std::is_same_v<T, Raw>) {
      body_.write(v.bytes.data(), v.bytes.size());
    } else if constexpr (std::is_same_v<T, MapBuilder> || std::is_same_v<T, ArrayBuilder>) {
      std::string b = v.bytes();
      body_.write(b.data(), b.size());
    } else {
      packer().pack(v);
    }
  }
  // Built on demand (it holds a reference), so the builder stays movable.
  msgpack::packer<msgpack::sbuffer> packer() { return msgpack::packer<msgpack::sbuffer>(body_); }
  msgpack::sbuffer body_;
  std::uint32_t count_ = 0;
};

class ArrayBuilder {
 public:
  template <typename T>
  ArrayBuilder& add(const T& value) {
    if constexpr (std::is_same_v<T, Raw>) {
      body_.write(value.bytes.data(), value.bytes.size());
    } else if constexpr (std::is_same_v<T, MapBuilder> || std::is_same_v<T, ArrayBuilder>) {
      std::string b = value.bytes();
      body_.write(b.data(), b.size());
    } else {
      msgpack::packer<msgpack::sbuffer>(body_).pack(value);
    }
    ++count_;
    return *this;
  }
  std::uint32_t size() const { return count_; }
  std::string bytes() const;

 private:
  msgpack::sbuffer body_;
  std::uint32_t count_ = 0;
};

// Packs any msgpack-cxx value into bytes.
template <typename T>
std::string pack(const T& value) {
  msgpack::sbuffer buf;
  msgpack::pack(buf, value);
  return std::string(buf.data(), buf.size());
}

// The packed empty map (0x80).
inline std::string empty_map() { return std::string(1, '\x80'); }

}  // namespace cedu::mp
