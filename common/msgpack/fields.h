// Safe reading of MessagePack from the outside world. Unpacking never throws and a value
// of the wrong type is an INVALID_ARGUMENT that names the field — never a crash and never
// a silent default. Thread-safety: a MapView is a read-only view; it must not outlive the
// msgpack zone (object_handle) it looks into.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <msgpack.hpp>

#include "common/result.h"

namespace cedu::mp {

// Unpacks exactly one MessagePack value from `bytes`. `what` names the input in errors
// ("params", "header"). Returns INVALID_ARGUMENT for truncated, malformed or trailing data.
// Container sizes are bounded by the input's length, so a few bytes claiming a huge array
// cannot make the unpacker allocate for it.
Result<msgpack::object_handle> unpack(std::string_view bytes, std::string_view what);

// As unpack(), into a zone the caller owns and may reuse (clear()) between messages: the
// bus's hot path parses every header this way without allocating. With `borrow`, strings
// and binaries point into `bytes` instead of being copied.
// REQUIRES (borrow): `bytes` outlives every use of the result.
Result<msgpack::object> unpack_into(msgpack::zone& zone, std::string_view bytes,
                                    std::string_view what, bool borrow = false);

// "string", "integer", "map", ... — the MessagePack type of `o`, for error messages.
std::string_view type_name(const msgpack::object& o);

// A read-only view of a map with string keys. Field paths in errors are dotted
// ("params.address.town").
class MapView {
 public:
  // Returns INVALID_ARGUMENT iff `o` is not a map.
  static Result<MapView> of(const msgpack::object& o, std::string path = {});

  const msgpack::object* find(std::string_view key) const;
  bool has(std::string_view key) const { return find(key) != nullptr; }
  std::size_t size() const { return map_->via.map.size; }
  std::vector<std::string> keys() const;

  // Required fields: NOT present or wrong type → INVALID_ARGUMENT naming the field.
  Result<std::string> string(std::string_view key) const;
  Result<std::int64_t> int64(std::string_view key) const;
  Result<std::uint64_t> uint64(std::string_view key) const;
  Result<bool> boolean(std::string_view key) const;
  Result<double> number(std::string_view key) const;
  Result<MapView> map(std::string_view key) const;
  Result<const msgpack::object*> array(std::string_view key) const;

  // Optional fields: absent or nil → nullopt; present with a wrong type → error.
  Result<std::optional<std::string>> optional_string(std::string_view key) const;
  Result<std::optional<std::int64_t>> optional_int64(std::string_view key) const;
  Result<std::optional<std::uint64_t>> optional_uint64(std::string_view key) const;
  Result<std::optional<bool>> optional_boolean(std::string_view key) const;
  Result<std::optional<MapView>> optional_map(std::string_view key) const;

  // Returns OK iff every key is in `allowed`; else INVALID_ARGUMENT naming the first
  // unknown key.
  Status only_keys(std::initializer_list<std::string_view> allowed) const;

  std::string path_of(std::string_view key) const;
  const msgpack::object& object() const { return *map_; }

 private:
  MapView(const msgpack::object* map, std::string path) : map_(map), path_(std::move(path)) {}
  Status missing(std::string_view key) const;
  Status wrong_type(std::string_view key, std::string_view expected,
                    const msgpack::object& got) const;

  const msgpack::object* map_;
  std::string path_;
};

}  // namespace cedu::mp
