// JSON ↔ MessagePack where the bus meets people (the `cedu` CLI). JSON has no binary type,
// so a MessagePack bin value is shown as {"$binary": "<base64>"} and an ext value as
// {"$binary": "<base64>", "$ext": <type>}; the same objects typed as JSON input pack back
// to bin/ext. Map keys that are not strings (legal MessagePack, rare on the bus) are shown
// as their JSON text. Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace cedu::cli {

// JSON whose objects keep their keys in the order they came (a service's result reads as
// the service wrote it).
using Json = nlohmann::ordered_json;

// Parses JSON typed by a person. `what` names the input in errors ("params").
// Returns INVALID_ARGUMENT naming `what` and the position (line, column) iff `text` is not
// exactly one JSON value.
Result<Json> parse_json(std::string_view text, std::string_view what);

// Packs `value` as one MessagePack value. Returns INVALID_ARGUMENT iff a {"$binary": …}
// marker holds something that is not padded base64 or an "$ext" outside -128..127.
Result<std::string> json_to_msgpack(const Json& value);

// Unpacks exactly one MessagePack value. Returns INVALID_ARGUMENT iff `bytes` is truncated,
// malformed or has trailing data.
Result<Json> msgpack_to_json(std::string_view bytes);

// Renders JSON for output. UTF-8 text stays as it is (no \u escapes); invalid UTF-8 in a
// string is replaced by U+FFFD. `indent` < 0 renders one line.
std::string render_json(const Json& value, int indent = -1);

}  // namespace cedu::cli
