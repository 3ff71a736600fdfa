// Result<T>: a value or an error Status (never both). Expected failures are values in
// cedu; exceptions are for start-up and configuration only (DESIGN.md §5).
// Thread-safety: a value type.
#pragma once

#include <cassert>
#include <utility>
#include <variant>

#include "common/status.h"

namespace cedu {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(v_).is_ok() && "Result built from an OK status has no value");
    if (std::get<Status>(v_).is_ok()) v_ = Status::internal("Result from OK status without value");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // Returns the error, or OK when a value is held.
  Status status() const { return ok() ? Status::ok() : std::get<Status>(v_); }

  T value_or(T fallback) const& { return ok() ? std::get<T>(v_) : std::move(fallback); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace cedu

// Propagates an error Status from an expression yielding Status.
#define CEDU_RETURN_IF_ERROR(expr)               \
  do {                                           \
    ::cedu::Status cedu_status_ = (expr);        \
    if (!cedu_status_.is_ok()) return cedu_status_; \
  } while (0)

#define CEDU_CONCAT_INNER(a, b) a##b
#define CEDU_CONCAT(a, b) CEDU_CONCAT_INNER(a, b)
// Declares `lhs` from a Result-yielding expression, or returns its error.
#define CEDU_ASSIGN_OR_RETURN(lhs, expr) \
  CEDU_ASSIGN_OR_RETURN_IMPL(CEDU_CONCAT(cedu_result_, __LINE__), lhs, expr)
#define CEDU_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                               \
  if (!tmp.ok()) return tmp.status();              \
  lhs = std::move(tmp).value()
