#define BOOST_TEST_MODULE result
#include "common/result.h"

#include <memory>
#include <string>

#include <boost/test/unit_test.hpp>

namespace cedu {
namespace {

Result<int> parse_positive(int v) {
  if (v <= 0) return Status::invalid_argument("must be positive", "v");
  return v;
}

Status check(int v) {
  if (v == 13) return Status::failed_precondition("unlucky");
  return Status::ok();
}

Status chain_status(int v, int* reached) {
  CEDU_RETURN_IF_ERROR(check(v));
  *reached = v;
  return Status::ok();
}

Result<int> doubled(int v) {
  CEDU_ASSIGN_OR_RETURN(int p, parse_positive(v));
  return p * 2;
}

Result<std::string> twice_assign(int a, int b) {
  // Two uses on different lines in one scope must not clash.
  CEDU_ASSIGN_OR_RETURN(int x, parse_positive(a));
  CEDU_ASSIGN_OR_RETURN(int y, parse_positive(b));
  return std::to_string(x + y);
}

Result<std::unique_ptr<int>> make_ptr(int v) { return std::make_unique<int>(v); }

Result<int> move_only(int v) {
  CEDU_ASSIGN_OR_RETURN(std::unique_ptr<int> p, make_ptr(v));
  return *p;
}

BOOST_AUTO_TEST_CASE(value_and_error) {
  Result<int> ok = parse_positive(3);
  BOOST_TEST(ok.ok());
  BOOST_TEST(*ok == 3);
  BOOST_TEST(ok.status().is_ok());
  Result<int> bad = parse_positive(-1);
  BOOST_TEST(!bad.ok());
  BOOST_TEST(bad.status().field() == "v");
  BOOST_TEST(bad.value_or(7) == 7);
  BOOST_TEST(ok.value_or(7) == 3);
}

BOOST_AUTO_TEST_CASE(return_if_error) {
  int reached = 0;
  BOOST_TEST(chain_status(5, &reached).is_ok());
  BOOST_TEST(reached == 5);
  reached = 0;
  Status s = chain_status(13, &reached);
  BOOST_TEST(s.message() == "unlucky");
  BOOST_TEST(reached == 0);
}

BOOST_AUTO_TEST_CASE(assign_or_return) {
  BOOST_TEST(*doubled(4) == 8);
  Result<int> r = doubled(0);
  BOOST_TEST(!r.ok());
  BOOST_TEST(r.status().message() == "must be positive");
  BOOST_TEST(*twice_assign(1, 2) == "3");
  BOOST_TEST(!twice_assign(1, -2).ok());
  BOOST_TEST(*move_only(9) == 9);
}

BOOST_AUTO_TEST_CASE(arrow_and_move_out) {
  Result<std::string> r = std::string("abc");
  BOOST_TEST(r->size() == 3u);
  std::string s = std::move(r).value();
  BOOST_TEST(s == "abc");
}

}  // namespace
}  // namespace cedu
