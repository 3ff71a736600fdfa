// Builders for MessagePack maps and arrays whose size is not known up front (msgpack
// needs the count first). Values are anything msgpack-cxx can pack, or already-packed
// bytes (Raw). Builders write into a std::string (no 8 KiB sbuffer per message: they sit
// on the bus's hot path). Thread-safety: not thread-safe; a builder belongs to one thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include <msgpack.hpp>

namespace cedu::mp {

// Bytes that already hold exactly one packed MessagePack value.
struct Raw {
  std::string_view bytes;
};

// A msgpack-cxx output stream appending to a std::string.
class StringStream {
 public:
  explicit StringStream(std::string& out) : out_(&out) {}
  void write(const char* data, std::size_t size) { out_->append(data, size); }

 private:
  std::string* out_;
};

class MapBuilder;
class ArrayBuilder;

namespace detail {

template <typename T>
void pack_into(std::string& body, const T& v);

}  // namespace detail

class MapBuilder {
 public:
  MapBuilder() { body_.reserve(96); }  // one allocation for a typical bus header
  template <typename T>
  MapBuilder& set(std::string_view key, const T& value) {
    detail::pack_into(body_, key);
    detail::pack_into(body_, value);
    ++count_;
    return *this;
  }
  MapBuilder& set_nil(std::string_view key) {
    detail::pack_into(body_, key);
    body_.push_back('\xc0');
    ++count_;
    return *this;
  }
  std::uint32_t size() const { return count_; }
  // The packed map.
  std::string bytes() const;
  // Writes the packed map into `out` (replacing its content): with a builder and a string
  // kept across messages, building a header allocates nothing once warm.
  void bytes_into(std::string& out) const;
  // Empties the builder, keeping its buffer.
  void clear() {
    body_.clear();
    count_ = 0;
  }

 private:
  std::string body_;
  std::uint32_t count_ = 0;
};

class ArrayBuilder {
 public:
  template <typename T>
  ArrayBuilder& add(const T& value) {
    detail::pack_into(body_, value);
    ++count_;
    return *this;
  }
  std::uint32_t size() const { return count_; }
  std::string bytes() const;

 private:
  std::string body_;
  std::uint32_t count_ = 0;
};

namespace detail {

template <typename T>
void pack_into(std::string& body, const T& v) {
  if constexpr (std::is_same_v<T, Raw>) {
    body.append(v.bytes);
  } else if constexpr (std::is_same_v<T, MapBuilder> || std::is_same_v<T, ArrayBuilder>) {
    body.append(v.bytes());
  } else {
    StringStream out(body);
    msgpack::pack(out, v);
  }
}

}  // namespace detail

// Packs any msgpack-cxx value into bytes.
template <typename T>
std::string pack(const T& value) {
  std::string out;
  detail::pack_into(out, value);
  return out;
}

// The packed empty map (0x80).
inline std::string empty_map() { return std::string(1, '\x80'); }

}  // namespace cedu::mp
