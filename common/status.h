// Status: the one error model of cedu, on the wire and in code (DESIGN.md §5).
// A Status is a cheap value: OK carries nothing, an error carries a code, a human
// message and, for bad input, the field at fault. Thread-safety: a value type; distinct
// objects may be used from distinct threads.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

namespace cedu {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,
  kNotFound,
  kAlreadyExists,
  kConflict,  // stale version (optimistic concurrency)
  kFailedPrecondition,
  kPermissionDenied,
  kUnauthenticated,
  kResourceExhausted,
  kUnavailable,
  kDeadlineExceeded,
  kInternal,
};

// The wire name of a code: "OK", "INVALID_ARGUMENT", ...
std::string_view code_name(StatusCode code);
// Parses a wire name. Returns nullopt iff `name` is not one of the codes.
std::optional<StatusCode> code_from_name(std::string_view name);

class Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status ok() { return {}; }
  static Status invalid_argument(std::string msg, std::string field = {}) {
    return {StatusCode::kInvalidArgument, std::move(msg), std::move(field)};
  }
  static Status not_found(std::string msg, std::string field = {}) {
    return {StatusCode::kNotFound, std::move(msg), std::move(field)};
  }
  static Status already_exists(std::string msg, std::string field = {}) {
    return {StatusCode::kAlreadyExists, std::move(msg), std::move(field)};
  }
  static Status conflict(std::string msg, std::string field = {}) {
    return {StatusCode::kConflict, std::move(msg), std::move(field)};
  }
  static Status failed_precondition(std::string msg, std::string field = {}) {
    return {StatusCode::kFailedPrecondition, std::move(msg), std::move(field)};
  }
  static Status permission_denied(std::string msg) {
    return {StatusCode::kPermissionDenied, std::move(msg)};
  }
  static Status unauthenticated(std::string msg) {
    return {StatusCode::kUnauthenticated, std::move(msg)};
  }
  static Status resource_exhausted(std::string msg, std::string field = {}) {
    return {StatusCode::kResourceExhausted, std::move(msg), std::move(field)};
  }
  static Status unavailable(std::string msg) { return {StatusCode::kUnavailable, std::move(msg)}; }
  static Status deadline_exceeded(std::string msg) {
    return {StatusCode::kDeadlineExceeded, std::move(msg)};
  }
  static Status internal(std::string msg) { return {StatusCode::kInternal, std::move(msg)}; }

  bool is_ok() const { return code_ == StatusCode::kOk; }
  explicit operator bool() const { return is_ok(); }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& field() const { return field_; }

  // "INVALID_ARGUMENT: title: must not be empty" — for logs and humans.
  std::string to_string() const;

  // Returns a copy whose message is prefixed with `context` ("context: message").
  Status with_context(std::string_view context) const;

  friend bool operator==(const Status&, const Status&) = default;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string field_;
};

// For test and log output.
std::ostream& operator<<(std::ostream& os, StatusCode code);
std::ostream& operator<<(std::ostream& os, const Status& status);

}  // namespace cedu
