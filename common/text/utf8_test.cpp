#define BOOST_TEST_MODULE text_utf8
#include "common/text/utf8.h"

#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

namespace cedu::text {
namespace {

std::vector<char32_t> decode_all(std::string_view s) {
  std::vector<char32_t> out;
  std::size_t pos = 0;
  while (pos < s.size()) out.push_back(decode_next(s, &pos));
  return out;
}

BOOST_AUTO_TEST_CASE(valid_sequences_round_trip) {
  for (char32_t cp : {U'a', U'\u00e9', U'\u4e66', U'\U00020000', U'\U0010FFFF', U'\u07FF',
                      U'\u0800', U'\uFFFF', U'\U00010000'}) {
    std::string s;
    append_utf8(cp, &s);
    std::size_t pos = 0;
    BOOST_TEST(static_cast<std::uint32_t>(decode_next(s, &pos)) == static_cast<std::uint32_t>(cp));
    BOOST_TEST(pos == s.size());
  }
  BOOST_TEST((decode_all("书法") == std::vector<char32_t>{U'书', U'法'}));
}

BOOST_AUTO_TEST_CASE(invalid_bytes_decode_one_at_a_time) {
  const std::vector<std::string> bad = {
      "\x80",              // stray continuation byte
      "\xC3",              // truncated
      "\xE4\xB9",          // truncated
      "\xC0\xAF",          // overlong '/'
      "\xE0\x80\xAF",      // overlong
      "\xED\xA0\x80",      // surrogate U+D800
      "\xF4\x90\x80\x80",  // above U+10FFFF
      "\xFF",
      "\xE4\x41\x42",      // broken by ASCII
  };
  for (const std::string& s : bad) {
    std::size_t pos = 0;
    BOOST_TEST(static_cast<std::uint32_t>(decode_next(s, &pos)) == static_cast<std::uint32_t>(kInvalid));
    BOOST_TEST(pos == 1u);
  }
  // The ASCII after a broken lead byte survives.
  BOOST_TEST((decode_all("\xE4\x41\x42") == std::vector<char32_t>{kInvalid, U'A', U'B'}));
}

}  // namespace
}  // namespace cedu::text
