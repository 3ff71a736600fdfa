#include "common/status.h"

#include <array>
#include <ostream>
#include <utility>

namespace cedu {
namespace {

constexpr std::array<std::pair<StatusCode, std::string_view>, 12> kNames{{
    {StatusCode::kOk, "OK"},
    {StatusCode::kInvalidArgument, "INVALID_ARGUMENT"},
    {StatusCode::kNotFound, "NOT_FOUND"},
    {StatusCode::kAlreadyExists, "ALREADY_EXISTS"},
    {StatusCode::kConflict, "CONFLICT"},
    {StatusCode::kFailedPrecondition, "FAILED_PRECONDITION"},
    {StatusCode::kPermissionDenied, "PERMISSION_DENIED"},
    {StatusCode::kUnauthenticated, "UNAUTHENTICATED"},
    {StatusCode::kResourceExhausted, "RESOURCE_EXHAUSTED"},
    {StatusCode::kUnavailable, "UNAVAILABLE"},
    {StatusCode::kDeadlineExceeded, "DEADLINE_EXCEEDED"},
    {StatusCode::kInternal, "INTERNAL"},
}};

}  // namespace

std::string_view code_name(StatusCode code) {
  for (const auto& [c, name] : kNames) {
    if (c == code) return name;
  }
  return "INTERNAL";
}

std::optional<StatusCode> code_from_name(std::string_view name) {
  for (const auto& [c, n] : kNames) {
    if (n == name) return c;
  }
  return std::nullopt;
}

std::string Status::to_string() const {
  std::string out(code_name(code_));
  if (!field_.empty()) out += ": " + field_;
  if (!message_.empty()) out += ": " + message_;
  return out;
}

Status Status::with_context(std::string_view context) const {
  if (is_ok()) return *this;
  return {code_, std::string(context) + ": " + message_, field_};
}

std::ostream& operator<<(std::ostream& os, StatusCode code) { return os << code_name(code); }

std::ostream& operator<<(std::ostream& os, const Status& status) {
  return os << status.to_string();
}

}  // namespace cedu
