#define BOOST_TEST_MODULE tabular_encoding
#include "common/tabular/encoding.h"

#include <iconv.h>

#include <string>

#include <boost/test/unit_test.hpp>

namespace cedu::tabular {
namespace {

// What Excel's "CSV" save does on a Chinese Windows: UTF-8 text re-encoded as GBK.
std::string gbk(std::string_view utf8) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  BOOST_REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 2 + 8, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* o = out.data();
  std::size_t o_left = out.size();
  BOOST_REQUIRE(iconv(cd, &in, &in_left, &o, &o_left) != static_cast<std::size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - o_left);
  return out;
}

const std::string kText = "姓名,手机号码\r\n张三,13812345678";

BOOST_AUTO_TEST_CASE(plain_utf8_is_returned_as_is) {
  Encoding e = Encoding::kGbk;
  auto r = to_utf8(kText, &e);
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(*r == kText);
  BOOST_TEST(e == Encoding::kUtf8);
  BOOST_TEST(encoding_name(e) == "UTF-8");
}

BOOST_AUTO_TEST_CASE(bom_is_stripped) {
  Encoding e = Encoding::kGbk;
  auto r = to_utf8("\xEF\xBB\xBF" + kText, &e);
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(*r == kText);
  BOOST_TEST(e == Encoding::kUtf8Bom);
  // Only a leading mark is a BOM; a lone one is an empty UTF-8 file.
  auto only = to_utf8("\xEF\xBB\xBF", &e);
  BOOST_REQUIRE(only.ok());
  BOOST_TEST(only->empty());
}

BOOST_AUTO_TEST_CASE(gbk_is_converted) {
  const std::string bytes = gbk(kText);
  BOOST_REQUIRE(bytes != kText);
  BOOST_TEST(!is_valid_utf8(bytes));
  Encoding e = Encoding::kUtf8;
  auto r = to_utf8(bytes, &e);
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status());
  BOOST_TEST(*r == kText);
  BOOST_TEST(e == Encoding::kGbk);
  // A longer GBK file with characters outside GB2312 (镕, 堃) and full-width punctuation.
  const std::string longer = "序号,姓名,地址\n1,朱镕基,番禺区市桥街（东）\n2,王堃,南村镇！";
  auto r2 = to_utf8(gbk(longer));
  BOOST_REQUIRE_MESSAGE(r2.ok(), r2.status());
  BOOST_TEST(*r2 == longer);
}

BOOST_AUTO_TEST_CASE(undecodable_gbk_names_offset_and_line) {
  // Line 2 of a GBK file holds 0xFF, which no GBK/GB18030 character contains.
  const std::string bytes = gbk("姓名,电话\n") + "\xD5\xC5\xFF,1\n";
  const std::size_t offset = gbk("姓名,电话\n").size() + 2;
  auto r = to_utf8(bytes);
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST_MESSAGE(r.status());
  BOOST_TEST(r.status().message().find("byte offset " + std::to_string(offset) + " (line 2)") !=
             std::string::npos);
  BOOST_TEST(r.status().message().find("0xFF") != std::string::npos);

  // A lead byte cut off by the end of the file.
  auto cut = to_utf8(gbk("张三") + "\xD5");
  BOOST_REQUIRE(!cut.ok());
  BOOST_TEST(cut.status().message().find("byte offset 4 (line 1)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(mostly_utf8_with_damage_is_an_error_not_mojibake) {
  // A UTF-8 file with one GBK line pasted in: decoding it all as GBK would "succeed" with
  // garbage, so it is reported as broken UTF-8 at the first bad byte.
  const std::string head = "姓名,手机号码,地址\n李四,13900000000,番禺区南村镇\n";
  const std::string bytes = head + gbk("张三") + ",13812345678\n";
  auto r = to_utf8(bytes);
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(r.status().message().find("byte offset " + std::to_string(head.size()) +
                                       " (line 3)") != std::string::npos);

  // Invalid UTF-8 after a BOM is never guessed to be GBK.
  auto bom = to_utf8(
      "\xEF\xBB\xBF"
      "a,b\r\nc,\xC3");
  BOOST_REQUIRE(!bom.ok());
  BOOST_TEST(bom.status().message().find("byte offset 10 (line 2)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(utf16_is_refused_clearly) {
  auto r =
      to_utf8(std::string("\xFF\xFE"
                          "a\0,\0b\0",
                          8));
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.status().message().find("UTF-16") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(empty_input_is_empty_utf8) {
  Encoding e = Encoding::kGbk;
  auto r = to_utf8("", &e);
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(r->empty());
  BOOST_TEST(e == Encoding::kUtf8);
}

BOOST_AUTO_TEST_CASE(validator_is_strict) {
  constexpr auto npos = std::string_view::npos;
  BOOST_TEST(find_invalid_utf8("") == npos);
  BOOST_TEST(find_invalid_utf8("plain ASCII text, longer than eight bytes") == npos);
  BOOST_TEST(find_invalid_utf8("中文 and 𠀀 (U+20000)") == npos);
  BOOST_TEST(find_invalid_utf8("\xF4\x8F\xBF\xBF") == npos);  // U+10FFFF
  BOOST_TEST(find_invalid_utf8("abc\x80") == 3u);             // stray continuation
  BOOST_TEST(find_invalid_utf8("ab\xC0\xAF") == 2u);          // overlong '/'
  BOOST_TEST(find_invalid_utf8("\xE0\x80\xAF") == 0u);        // overlong, 3 bytes
  BOOST_TEST(find_invalid_utf8("x\xED\xA0\x80") == 1u);       // surrogate U+D800
  BOOST_TEST(find_invalid_utf8("\xF4\x90\x80\x80") == 0u);    // above U+10FFFF
  BOOST_TEST(find_invalid_utf8("\xF5\x80\x80\x80") == 0u);
  BOOST_TEST(find_invalid_utf8("12345678中\xE4\xB8") == 11u);  // truncated at the end
  BOOST_TEST(find_invalid_utf8("\xE4\xB8\x41") == 0u);         // bad continuation
  BOOST_TEST(is_valid_utf8("番禺"));
  BOOST_TEST(!is_valid_utf8("\xFF"));
}

}  // namespace
}  // namespace cedu::tabular
