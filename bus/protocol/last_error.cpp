#include "bus/protocol/last_error.h"

#include <chrono>

namespace cedu::protocol {

bool is_own_failure(StatusCode code) {
  return code == StatusCode::kInternal || code == StatusCode::kUnavailable ||
         code == StatusCode::kResourceExhausted || code == StatusCode::kDeadlineExceeded;
}

std::uint64_t unix_now_ms() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

LastError last_error_of(const Status& status, std::string_view method) {
  return {std::string(code_name(status.code())), status.message(), std::string(method), unix_now_ms()};
}

void set_last_error(mp::MapBuilder& map, std::string_view key, const std::optional<LastError>& e) {
  if (!e) {
    map.set_nil(key);
    return;
  }
  mp::MapBuilder m;
  m.set("code", e->code).set("message", e->message).set("method", e->method).set("at_ms", e->at_ms);
  map.set(key, m);
}

}  // namespace cedu::protocol
