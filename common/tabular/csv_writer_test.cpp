#define BOOST_TEST_MODULE tabular_csv_writer
#include "common/tabular/csv_writer.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "common/tabular/csv_reader.h"
#include "common/testing/temp_dir.h"

namespace cedu::tabular {
namespace {

using Cells = std::vector<std::string>;

std::string csv_ok(const TextTable& table) {
  auto r = to_csv(table);
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status());
  return std::move(r).value();
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

BOOST_AUTO_TEST_CASE(bom_crlf_and_plain_cells) {
  const std::string text = csv_ok({{"姓名", "手机号码"}, {{"张三", "13812345678"}, {"李四", ""}}});
  BOOST_TEST(text == "\xEF\xBB\xBF姓名,手机号码\r\n张三,13812345678\r\n李四,\r\n");
}

BOOST_AUTO_TEST_CASE(quoting) {
  BOOST_TEST(csv_cell("plain") == "plain");
  BOOST_TEST(csv_cell("") == "");
  BOOST_TEST(csv_cell("a,b") == "\"a,b\"");
  BOOST_TEST(csv_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
  BOOST_TEST(csv_cell("two\nlines") == "\"two\nlines\"");
  BOOST_TEST(csv_cell("cr\rlf") == "\"cr\rlf\"");
  BOOST_TEST(csv_cell(" lead") == "\" lead\"");
  BOOST_TEST(csv_cell("trail ") == "\"trail \"");
  BOOST_TEST(csv_cell("in side") == "in side");
  BOOST_TEST(csv_cell("番禺区，市桥街") == "番禺区，市桥街");  // full-width comma: no quotes
}

BOOST_AUTO_TEST_CASE(formula_injection_is_neutralised) {
  for (std::string_view f :
       {"=1+1", "=HYPERLINK(\"http://x\",\"y\")", "+1+2", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)",
        "\t=1", "\r=1", "+86-138-1234-5678", "-x", "=", "@"}) {
    BOOST_TEST(needs_formula_guard(f), f);
  }
  for (std::string_view ok : {"", "-5", "+5", "-0.5", "-.5", "+8613812345678", "13812345678",
                              "1e-3", "-1E+5", "-5%", "-", "---", "a=b", "张三", " =1"}) {
    BOOST_TEST(!needs_formula_guard(ok), ok);
  }
  BOOST_TEST(csv_cell("=1+1") == "'=1+1");
  BOOST_TEST(csv_cell("=A1,B1") == "\"'=A1,B1\"");
  BOOST_TEST(csv_cell("-5") == "-5");
  BOOST_TEST(csv_cell("@x") == "'@x");
}

BOOST_AUTO_TEST_CASE(round_trips_through_the_reader) {
  const TextTable table{{"姓名", "地址", "备注"},
                        {{"张三", "番禺区, 市桥街", " 前后空格 "},
                         {"李四", "多行\r\n地址", "引号\"在内\""},
                         {"Wang", "", "-12.5"}}};
  auto parsed = parse_csv_bytes(csv_ok(table));
  BOOST_REQUIRE_MESSAGE(parsed.ok(), parsed.status());
  BOOST_TEST(parsed->header == table.header, boost::test_tools::per_element());
  BOOST_REQUIRE(parsed->rows.size() == table.rows.size());
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    BOOST_TEST(parsed->rows[r].cells == table.rows[r], boost::test_tools::per_element());
    BOOST_TEST(parsed->rows[r].row_number == r + 2);
  }
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_refused) {
  auto r = to_csv({{"a", "b"}, {{"x", "y"}, {"ok", "bad\xFF"}}});
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(r.status().message() == "row 3, column 2: not valid UTF-8");
}

BOOST_AUTO_TEST_CASE(write_csv_file_replaces_atomically) {
  cedu::testing::TempDir dir("tabular");
  const std::string path = dir.file("export.csv");
  BOOST_REQUIRE(write_csv_file(path, {{"a"}, {{"1"}}}).is_ok());
  BOOST_TEST(slurp(path) ==
             "\xEF\xBB\xBF"
             "a\r\n1\r\n");
  BOOST_REQUIRE(write_csv_file(path, {{"b"}, {{"2"}}}).is_ok());
  BOOST_TEST(slurp(path) ==
             "\xEF\xBB\xBF"
             "b\r\n2\r\n");
  const auto perms = std::filesystem::status(path).permissions();
  BOOST_TEST(((perms & std::filesystem::perms::others_read) != std::filesystem::perms::none));

  // A failed write leaves the old file and no temporary file behind.
  BOOST_TEST(!write_csv_file(path, {{"c"}, {{"\xC0"}}}).is_ok());
  BOOST_TEST(slurp(path) ==
             "\xEF\xBB\xBF"
             "b\r\n2\r\n");
  const Status no_dir = write_csv_file(dir.file("missing/export.csv"), {{"a"}, {}});
  BOOST_TEST(no_dir.code() == StatusCode::kInternal);
  BOOST_TEST_MESSAGE(no_dir);
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++files;
  BOOST_TEST(files == 1u);
}

}  // namespace
}  // namespace cedu::tabular
