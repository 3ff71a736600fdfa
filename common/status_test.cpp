#define BOOST_TEST_MODULE status
#include "common/status.h"

#include <boost/test/unit_test.hpp>

namespace cedu {
namespace {

const StatusCode kAll[] = {
    StatusCode::kOk,           StatusCode::kInvalidArgument,    StatusCode::kNotFound,
    StatusCode::kAlreadyExists, StatusCode::kConflict,          StatusCode::kFailedPrecondition,
    StatusCode::kPermissionDenied, StatusCode::kUnauthenticated, StatusCode::kResourceExhausted,
    StatusCode::kUnavailable,  StatusCode::kDeadlineExceeded,   StatusCode::kInternal,
};

BOOST_AUTO_TEST_CASE(names_round_trip) {
  for (StatusCode c : kAll) {
    auto back = code_from_name(code_name(c));
    BOOST_REQUIRE(back.has_value());
    BOOST_TEST(*back == c);
  }
  BOOST_TEST(code_name(StatusCode::kInvalidArgument) == "INVALID_ARGUMENT");
  BOOST_TEST(code_name(StatusCode::kConflict) == "CONFLICT");
  BOOST_TEST(!code_from_name("invalid_argument").has_value());
  BOOST_TEST(!code_from_name("").has_value());
  BOOST_TEST(!code_from_name("NOPE").has_value());
}

BOOST_AUTO_TEST_CASE(default_is_ok) {
  Status s;
  BOOST_TEST(s.is_ok());
  BOOST_TEST(static_cast<bool>(s));
  BOOST_TEST(s.to_string() == "OK");
  BOOST_TEST((Status::ok() == s));
}

BOOST_AUTO_TEST_CASE(factories_set_code_message_field) {
  Status s = Status::invalid_argument("must not be empty", "title");
  BOOST_TEST(!s.is_ok());
  BOOST_TEST(static_cast<int>(s.code()) == static_cast<int>(StatusCode::kInvalidArgument));
  BOOST_TEST(s.message() == "must not be empty");
  BOOST_TEST(s.field() == "title");
  BOOST_TEST(static_cast<int>(Status::not_found("x").code()) ==
             static_cast<int>(StatusCode::kNotFound));
  BOOST_TEST(static_cast<int>(Status::unavailable("x").code()) ==
             static_cast<int>(StatusCode::kUnavailable));
  BOOST_TEST(Status::internal("boom").field().empty());
}

BOOST_AUTO_TEST_CASE(to_string_formats) {
  BOOST_TEST(Status::invalid_argument("must not be empty", "title").to_string() ==
             "INVALID_ARGUMENT: title: must not be empty");
  BOOST_TEST(Status::not_found("no such course").to_string() == "NOT_FOUND: no such course");
  BOOST_TEST(Status(StatusCode::kInternal, "").to_string() == "INTERNAL");
}

BOOST_AUTO_TEST_CASE(with_context_prefixes_errors_only) {
  Status s = Status::conflict("stale version", "version").with_context("course.update");
  BOOST_TEST(s.message() == "course.update: stale version");
  BOOST_TEST(s.field() == "version");
  BOOST_TEST(static_cast<int>(s.code()) == static_cast<int>(StatusCode::kConflict));
  BOOST_TEST(Status::ok().with_context("anything").is_ok());
  BOOST_TEST(Status::ok().with_context("anything").message().empty());
}

BOOST_AUTO_TEST_CASE(equality) {
  BOOST_TEST((Status::not_found("a") == Status::not_found("a")));
  BOOST_TEST(!(Status::not_found("a") == Status::not_found("b")));
  BOOST_TEST(!(Status::not_found("a") == Status::internal("a")));
}

}  // namespace
}  // namespace cedu
