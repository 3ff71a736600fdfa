// LastError: the most recent failure a process itself is to blame for, as `cedu status`
// shows it — kept by the broker per worker (from its replies) and for itself, and by the
// service runtime for `<service>.health`. Only codes that say "this process is in trouble"
// count: INTERNAL, UNAVAILABLE, RESOURCE_EXHAUSTED, DEADLINE_EXCEEDED; a caller's bad input
// (INVALID_ARGUMENT, NOT_FOUND, …) is not the process's error.
// Thread-safety: plain value; guard it as the owner guards its other state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/msgpack/builder.h"
#include "common/status.h"

namespace cedu::protocol {

struct LastError {
  std::string code;     // "INTERNAL"
  std::string message;  // the status message
  std::string method;   // "course.create", or what failed ("event log")
  std::uint64_t at_ms = 0;  // Unix time in ms
};

// True iff `code` blames the process that answered (see above).
bool is_own_failure(StatusCode code);

// Milliseconds since the Unix epoch, now.
std::uint64_t unix_now_ms();

// A LastError for `status` in `method`, stamped now.
LastError last_error_of(const Status& status, std::string_view method);

// Sets `key` of `map` to {code, message, method, at_ms}, or nil when there is none.
void set_last_error(mp::MapBuilder& map, std::string_view key, const std::optional<LastError>& e);

}  // namespace cedu::protocol
