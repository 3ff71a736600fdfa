// A fast decoder for the one shape every bus header has: a small flat map (fixmap, up to
// 15 entries) with string keys and scalar values (nil, booleans, integers, strings). It
// builds the same msgpack::object tree the general unpacker would, in the caller's zone,
// with strings borrowed from the input — without the general unpacker's per-call set-up,
// which dominated the broker's header parsing (docs/performance.md).
// Thread-safety: a pure function; the zone belongs to the caller.
#pragma once

#include <optional>
#include <string_view>

#include <msgpack.hpp>

namespace cedu::mp {

// Returns the map iff `bytes` is exactly one flat map of the supported shape; nullopt for
// anything else (other types, nesting, truncation, trailing bytes), in which case the
// caller uses the general unpacker, which also words the error.
// REQUIRES: `bytes` outlives every use of the result (strings point into it).
std::optional<msgpack::object> unpack_flat_map(msgpack::zone& zone, std::string_view bytes);

// Deep equality of two MessagePack trees. msgpack-cxx's operator== hands memcmp a null
// pointer for empty strings (undefined behaviour that UBSan reports); this does not.
bool same_value(const msgpack::object& a, const msgpack::object& b);

}  // namespace cedu::mp
