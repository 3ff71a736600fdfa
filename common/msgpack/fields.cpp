#include "common/msgpack/fields.h"

#include "common/msgpack/flat_map.h"

#include <limits>

namespace cedu::mp {
namespace {
constexpr std::size_t kZoneChunk = 512;
constexpr std::size_t kMaxDepth = 64;  // nesting deeper than this is refused, not recursed
}  // namespace

Result<msgpack::object> unpack_into(msgpack::zone& zone, std::string_view bytes,
                                    std::string_view what, bool borrow) {
  if (bytes.empty()) {
    return Status::invalid_argument(std::string(what) + " is empty; expected MessagePack",
                                    std::string(what));
  }
  try {
    if (borrow) {
      // The bus's headers: small flat maps, decoded without the general unpacker.
      if (auto flat = unpack_flat_map(zone, bytes)) return *flat;
    }
    std::size_t offset = 0;
    // Every element takes at least one byte: no container may claim more than the input
    // has, or msgpack would reserve memory for elements that are not there.
    const std::size_t n = bytes.size();
    const msgpack::unpack_limit limit(n, n / 2 + 1, n, n, n, kMaxDepth);
    msgpack::unpack_reference_func reference = nullptr;
    if (borrow) reference = [](msgpack::type::object_type, std::size_t, void*) { return true; };
    msgpack::object obj =
        msgpack::unpack(zone, bytes.data(), bytes.size(), offset, reference, nullptr, limit);
    if (offset != bytes.size()) {
      return Status::invalid_argument(
          std::string(what) + " has " + std::to_string(bytes.size() - offset) +
              " trailing bytes after one MessagePack value",
          std::string(what));
    }
    return obj;
  } catch (const msgpack::insufficient_bytes&) {
    return Status::invalid_argument(std::string(what) + " is truncated MessagePack",
                                    std::string(what));
  } catch (const std::exception& e) {
    return Status::invalid_argument(
        std::string(what) + " is not valid MessagePack (" + e.what() + ")", std::string(what));
  }
}

Result<msgpack::object_handle> unpack(std::string_view bytes, std::string_view what) {
  // A zone sized for the small messages of the bus (msgpack's default is 8 KiB per
  // message); it grows by itself for larger ones.
  auto zone = std::make_unique<msgpack::zone>(kZoneChunk);
  auto obj = unpack_into(*zone, bytes, what);
  if (!obj.ok()) return obj.status();
  return msgpack::object_handle(*obj, std::move(zone));
}

std::string_view type_name(const msgpack::object& o) {
  switch (o.type) {
    case msgpack::type::NIL: return "nil";
    case msgpack::type::BOOLEAN: return "boolean";
    case msgpack::type::POSITIVE_INTEGER:
    case msgpack::type::NEGATIVE_INTEGER: return "integer";
    case msgpack::type::FLOAT32:
    case msgpack::type::FLOAT64: return "float";
    case msgpack::type::STR: return "string";
    case msgpack::type::BIN: return "binary";
    case msgpack::type::ARRAY: return "array";
    case msgpack::type::MAP: return "map";
    case msgpack::type::EXT: return "extension";
  }
  return "unknown";
}

Result<MapView> MapView::of(const msgpack::object& o, std::string path) {
  if (o.type != msgpack::type::MAP) {
    std::string name = path.empty() ? std::string("value") : path;
    return Status::invalid_argument(
        "expected map, got " + std::string(type_name(o)), name);
  }
  return MapView(&o, std::move(path));
}

const msgpack::object* MapView::find(std::string_view key) const {
  const auto& m = map_->via.map;
  for (std::uint32_t i = 0; i < m.size; ++i) {
    const auto& k = m.ptr[i].key;
    if (k.type == msgpack::type::STR && std::string_view(k.via.str.ptr, k.via.str.size) == key) {
      return &m.ptr[i].val;
    }
  }
  return nullptr;
}

std::vector<std::string> MapView::keys() const {
  std::vector<std::string> out;
  const auto& m = map_->via.map;
  for (std::uint32_t i = 0; i < m.size; ++i) {
    const auto& k = m.ptr[i].key;
    if (k.type == msgpack::type::STR) out.emplace_back(k.via.str.ptr, k.via.str.size);
  }
  return out;
}

std::string MapView::path_of(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

Status MapView::missing(std::string_view key) const {
  return Status::invalid_argument("required field is missing", path_of(key));
}

Status MapView::wrong_type(std::string_view key, std::string_view expected,
                           const msgpack::object& got) const {
  return Status::invalid_argument(
      "expected " + std::string(expected) + ", got " + std::string(type_name(got)), path_of(key));
}

namespace {
// Present and not nil.
bool present(const msgpack::object* o) { return o != nullptr && o->type != msgpack::type::NIL; }
}  // namespace

Result<std::optional<std::string>> MapView::optional_string(std::string_view key) const {
  const msgpack::object* o = find(key);
  if (!present(o)) return std::optional<std::string>{};
  if (o->type != msgpack::type::STR) return wrong_type(key, "string", *o);
  return std::optional<std::string>(std::string(o->via.str.ptr, o->via.str.size));
}

Result<std::optional<std::int64_t>> MapView::optional_int64(std::string_view key) const {
  const msgpack::object* o = find(key);
  if (!present(o)) return std::optional<std::int64_t>{};
  if (o->type == msgpack::type::NEGATIVE_INTEGER) return std::optional<std::int64_t>(o->via.i64);
  if (o->type == msgpack::type::POSITIVE_INTEGER) {
    if (o->via.u64 > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return Status::invalid_argument("integer out of range for int64", path_of(key));
    }
    return std::optional<std::int64_t>(static_cast<std::int64_t>(o->via.u64));
  }
  return wrong_type(key, "integer", *o);
}

Result<std::optional<std::uint64_t>> MapView::optional_uint64(std::string_view key) const {
  const msgpack::object* o = find(key);
  if (!present(o)) return std::optional<std::uint64_t>{};
  if (o->type == msgpack::type::POSITIVE_INTEGER) return std::optional<std::uint64_t>(o->via.u64);
  if (o->type == msgpack::type::NEGATIVE_INTEGER) {
    return Status::invalid_argument("expected a non-negative integer", path_of(key));
  }
  return wrong_type(key, "integer", *o);
}

Result<std::optional<bool>> MapView::optional_boolean(std::string_view key) const {
  const msgpack::object* o = find(key);
  if (!present(o)) return std::optional<bool>{};
  if (o->type != msgpack::type::BOOLEAN) return wrong_type(key, "boolean", *o);
  return std::optional<bool>(o->via.boolean);
}

Result<std::optional<MapView>> MapView::optional_map(std::string_view key) const {
  const msgpack::object* o = find(key);
  if (!present(o)) return std::optional<MapView>{};
  if (o->type != msgpack::type::MAP) return wrong_type(key, "map", *o);
  return std::optional<MapView>(MapView(o, path_of(key)));
}

namespace {
template <typename T>
Result<T> required(Result<std::optional<T>> r, const MapView& view, std::string_view key) {
  if (!r.ok()) return r.status();
  if (!r->has_value()) return Status::invalid_argument("required field is missing", view.path_of(key));
  return std::move(**r);
}
}  // namespace

Result<std::string> MapView::string(std::string_view key) const {
  return required(optional_string(key), *this, key);
}
Result<std::int64_t> MapView::int64(std::string_view key) const {
  return required(optional_int64(key), *this, key);
}
Result<std::uint64_t> MapView::uint64(std::string_view key) const {
  return required(optional_uint64(key), *this, key);
}
Result<bool> MapView::boolean(std::string_view key) const {
  return required(optional_boolean(key), *this, key);
}
Result<MapView> MapView::map(std::string_view key) const {
  return required(optional_map(key), *this, key);
}

Result<double> MapView::number(std::string_view key) const {
  const msgpack::object* o = find(key);
  if (!present(o)) return missing(key);
  switch (o->type) {
    case msgpack::type::FLOAT32:
    case msgpack::type::FLOAT64: return o->via.f64;
    case msgpack::type::POSITIVE_INTEGER: return static_cast<double>(o->via.u64);
    case msgpack::type::NEGATIVE_INTEGER: return static_cast<double>(o->via.i64);
    default: return wrong_type(key, "number", *o);
  }
}

Result<const msgpack::object*> MapView::array(std::string_view key) const {
  const msgpack::object* o = find(key);
  if (!present(o)) return missing(key);
  if (o->type != msgpack::type::ARRAY) return wrong_type(key, "array", *o);
  return o;
}

Status MapView::only_keys(std::initializer_list<std::string_view> allowed) const {
  const auto& m = map_->via.map;
  for (std::uint32_t i = 0; i < m.size; ++i) {
    const auto& k = m.ptr[i].key;
    if (k.type != msgpack::type::STR) {
      return Status::invalid_argument("map keys must be strings, got " +
                                          std::string(type_name(k)),
                                      path_.empty() ? "value" : path_);
    }
    std::string_view name(k.via.str.ptr, k.via.str.size);
    bool known = false;
    for (auto a : allowed) known = known || a == name;
    if (!known) return Status::invalid_argument("unknown field", path_of(name));
  }
  return Status::ok();
}

}  // namespace cedu::mp
