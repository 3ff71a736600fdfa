#define BOOST_TEST_MODULE tabular_csv_reader
#include "common/tabular/csv_reader.h"

#include <iconv.h>

#include <fstream>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "common/testing/temp_dir.h"

namespace cedu::tabular {
namespace {

using Cells = std::vector<std::string>;

CsvTable parse_ok(std::string_view text, const CsvOptions& options = {}) {
  auto r = parse_csv(text, options);
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status());
  return std::move(r).value();
}

Status parse_error(std::string_view text, const CsvOptions& options = {}) {
  auto r = parse_csv(text, options);
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST_MESSAGE(r.status());
  return r.status();
}

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

BOOST_AUTO_TEST_CASE(header_rows_lines_and_excel_row_numbers) {
  const CsvTable t =
      parse_ok("姓名,手机号码,镇街\r\n张三,13812345678,南村镇\r\n李四,13900000000,市桥街\r\n");
  BOOST_TEST(t.header == (Cells{"姓名", "手机号码", "镇街"}), boost::test_tools::per_element());
  BOOST_TEST(t.separator == ',');
  BOOST_REQUIRE(t.rows.size() == 2u);
  BOOST_TEST(t.rows[0].cells == (Cells{"张三", "13812345678", "南村镇"}),
             boost::test_tools::per_element());
  BOOST_TEST(t.rows[0].line == 2u);
  BOOST_TEST(t.rows[0].row_number == 2u);
  BOOST_TEST(t.rows[1].line == 3u);
  BOOST_TEST(t.rows[1].row_number == 3u);
  BOOST_TEST(t.problems.empty());
}

BOOST_AUTO_TEST_CASE(quoted_fields_escapes_and_newlines) {
  const CsvTable t = parse_ok(
      "name,note,n\n"
      "\"Wang, Wei\",\"says \"\"hi\"\"\",1\n"
      "\"Li\",\"line one\nline two\r\nline three\",2\n"
      "Zhao,\"\",3\n");
  BOOST_REQUIRE(t.rows.size() == 3u);
  BOOST_TEST(t.rows[0].cells == (Cells{"Wang, Wei", "says \"hi\"", "1"}),
             boost::test_tools::per_element());
  BOOST_TEST(t.rows[1].cells[1] == "line one\nline two\r\nline three");
  BOOST_TEST(t.rows[1].line == 3u);
  BOOST_TEST(t.rows[1].row_number == 3u);
  // The quoted line ends move the physical line on, not the Excel row.
  BOOST_TEST(t.rows[2].line == 6u);
  BOOST_TEST(t.rows[2].row_number == 4u);
  BOOST_TEST(t.rows[2].cells == (Cells{"Zhao", "", "3"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(line_ends_crlf_lf_cr_mixed) {
  for (std::string_view text :
       {"a,b\r\n1,2\r\n3,4", "a,b\n1,2\n3,4\n", "a,b\r1,2\r3,4\r", "a,b\r\n1,2\r3,4\n"}) {
    const CsvTable t = parse_ok(text);
    BOOST_TEST(t.header == (Cells{"a", "b"}), boost::test_tools::per_element());
    BOOST_REQUIRE(t.rows.size() == 2u);
    BOOST_TEST(t.rows[1].cells == (Cells{"3", "4"}), boost::test_tools::per_element());
    BOOST_TEST(t.rows[1].line == 3u);
  }
}

BOOST_AUTO_TEST_CASE(blank_rows_are_skipped_but_counted) {
  const CsvTable t = parse_ok("a,b\n1,2\n\n,\n , \n3,4\n\n\n");
  BOOST_REQUIRE(t.rows.size() == 2u);
  BOOST_TEST(t.rows[1].cells == (Cells{"3", "4"}), boost::test_tools::per_element());
  BOOST_TEST(t.rows[1].row_number == 6u);  // rows 3-5 are blank in Excel too
  BOOST_TEST(t.rows[1].line == 6u);
}

BOOST_AUTO_TEST_CASE(whitespace_is_trimmed_outside_quotes_only) {
  const CsvTable t = parse_ok("  a , b\t,c\n  1 ,\" 2 \" ,  \"x\"  \n");
  BOOST_TEST(t.header == (Cells{"a", "b", "c"}), boost::test_tools::per_element());
  BOOST_TEST(t.rows[0].cells == (Cells{"1", " 2 ", "x"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(lenient_quotes_like_excel) {
  // Text after a closing quote is kept; a quote inside an unquoted field is a character.
  const CsvTable t = parse_ok("a,b\n\"ab\"c,5\"7\n");
  BOOST_TEST(t.rows[0].cells == (Cells{"abc", "5\"7"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(separator_detection) {
  const CsvTable semi = parse_ok("姓名;电话\n张三;138\n");
  BOOST_TEST(semi.separator == ';');
  BOOST_TEST(semi.rows[0].cells == (Cells{"张三", "138"}), boost::test_tools::per_element());

  const CsvTable tab = parse_ok("姓名\t电话\t备注\n张三\t138\t a b \n");
  BOOST_TEST(tab.separator == '\t');
  BOOST_TEST(tab.rows[0].cells == (Cells{"张三", "138", "a b"}), boost::test_tools::per_element());

  // A comma in the header wins; semicolons in data are then ordinary characters.
  const CsvTable comma = parse_ok("a,b\n1;2,3\n");
  BOOST_TEST(comma.rows[0].cells == (Cells{"1;2", "3"}), boost::test_tools::per_element());

  // One column: no separator at all.
  const CsvTable one = parse_ok("姓名\n张三\n");
  BOOST_TEST(one.header.size() == 1u);
  BOOST_TEST(one.rows[0].cells[0] == "张三");

  CsvOptions given;
  given.separator = '|';
  const CsvTable pipe = parse_ok("a|b\n1,5|2\n", given);
  BOOST_TEST(pipe.rows[0].cells == (Cells{"1,5", "2"}), boost::test_tools::per_element());

  given.separator = '"';
  BOOST_TEST(parse_error("a,b\n", given).field() == "separator");
}

BOOST_AUTO_TEST_CASE(unterminated_quote_names_its_line) {
  const Status s = parse_error("a,b\n1,2\n3,\"open\nstill open\n");
  BOOST_TEST(s.code() == StatusCode::kInvalidArgument);
  BOOST_TEST(s.message() == "line 3: unterminated quoted field");
  BOOST_TEST(s.field() == "b");
  BOOST_TEST(parse_error("\"a,b\n").message() == "line 1: unterminated quoted field");
  BOOST_TEST(parse_error("a\n\"x\"\"").message() == "line 2: unterminated quoted field");
}

BOOST_AUTO_TEST_CASE(extra_cells_are_problems_short_rows_are_padded) {
  const CsvTable t = parse_ok(
      "姓名,电话,地址\n"
      "张三,138,番禺区,市桥街\n"  // an unquoted comma in the address: one cell too many
      "李四\n"
      "王五,139,南村,,\n");  // empty trailing cells: no problem
  BOOST_REQUIRE(t.rows.size() == 3u);
  BOOST_TEST(t.rows[0].cells == (Cells{"张三", "138", "番禺区"}), boost::test_tools::per_element());
  BOOST_TEST(t.rows[1].cells == (Cells{"李四", "", ""}), boost::test_tools::per_element());
  BOOST_TEST(t.rows[2].cells.size() == 3u);
  BOOST_REQUIRE(t.problems.size() == 1u);
  const RowProblem& p = t.problems[0];
  BOOST_TEST(p.row_number == 2u);
  BOOST_TEST(p.column == 4u);
  BOOST_TEST(contains(p.reason, "4 cells but the header has 3 columns"));
  BOOST_TEST(contains(p.reason, "\"市桥街\""));
  BOOST_TEST(p.to_string().starts_with("row 2, column 4: "));
}

BOOST_AUTO_TEST_CASE(header_errors) {
  Status dup = parse_error("姓名,电话, 姓名 \n");
  BOOST_TEST(dup.message() == "line 1: columns 1 and 3 are both named \"姓名\"");
  BOOST_TEST(dup.field() == "姓名");

  Status empty = parse_error("姓名,,电话\n");
  BOOST_TEST(empty.message() == "line 1: column 2 has an empty header name");
  BOOST_TEST(empty.field() == "column 2");

  // Trailing empty names are Excel's padding, not columns.
  const CsvTable t = parse_ok("a,b,,\n1,2,,\n");
  BOOST_TEST(t.header == (Cells{"a", "b"}), boost::test_tools::per_element());

  BOOST_TEST(contains(parse_error("").message(), "no header row"));
  BOOST_TEST(contains(parse_error("\r\n\r\n,,\n").message(), "no header row"));
}

BOOST_AUTO_TEST_CASE(title_rows_and_leading_blank_rows) {
  CsvOptions options;
  options.skip_rows = 1;
  const CsvTable t = parse_ok("番禺区社区教育师资登记表,,\n姓名,电话,备注\n张三,138,\n", options);
  BOOST_TEST(t.header == (Cells{"姓名", "电话", "备注"}), boost::test_tools::per_element());
  BOOST_TEST(t.rows[0].row_number == 3u);

  const CsvTable blank = parse_ok("\n;;\n姓名;电话\n张三;138\n");
  BOOST_TEST(blank.separator == ';');
  BOOST_TEST(blank.header == (Cells{"姓名", "电话"}), boost::test_tools::per_element());
  BOOST_TEST(blank.rows[0].row_number == 4u);
  BOOST_TEST(blank.rows[0].line == 4u);
}

BOOST_AUTO_TEST_CASE(bom_and_nul) {
  const CsvTable t = parse_ok(
      "\xEF\xBB\xBF"
      "a,b\n1,2\n");
  BOOST_TEST(t.header[0] == "a");
  const Status nul = parse_error(std::string_view("a,b\n1,\0\n", 8));
  BOOST_TEST(nul.message().starts_with("line 2: NUL byte"));
}

BOOST_AUTO_TEST_CASE(limits) {
  CsvOptions options;
  options.max_rows = 2;
  BOOST_TEST(parse_ok("a\n1\n2\n\n", options).rows.size() == 2u);
  const Status rows = parse_error("a\n1\n2\n3\n", options);
  BOOST_TEST(rows.message() == "line 4: more than 2 data rows (max_rows)");

  options = {};
  options.max_columns = 3;
  BOOST_TEST(parse_ok("a,b,c\n", options).header.size() == 3u);
  BOOST_TEST(contains(parse_error("a,b,c,d\n", options).message(), "max_columns"));

  options = {};
  options.max_bytes = 8;
  BOOST_TEST(parse_csv_bytes("a,b\n1,2\n", options).ok());
  auto big = parse_csv_bytes("a,b\n1,2\n3", options);
  BOOST_REQUIRE(!big.ok());
  BOOST_TEST(contains(big.status().message(), "max_bytes"));
}

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

BOOST_AUTO_TEST_CASE(read_csv_file_decodes_gbk) {
  cedu::testing::TempDir dir("tabular");
  const std::string path = dir.file("teachers.csv");
  std::ofstream(path, std::ios::binary) << gbk("姓名,手机号码\r\n张三,13812345678\r\n");
  Encoding e = Encoding::kUtf8;
  auto r = read_csv_file(path, {}, &e);
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status());
  BOOST_TEST(e == Encoding::kGbk);
  BOOST_TEST(r->header == (Cells{"姓名", "手机号码"}), boost::test_tools::per_element());
  BOOST_TEST(r->rows[0].cells == (Cells{"张三", "13812345678"}), boost::test_tools::per_element());

  // Errors carry the path.
  const std::string bad = dir.file("bad.csv");
  std::ofstream(bad, std::ios::binary) << "a,b\n\"x,y\n";
  auto broken = read_csv_file(bad);
  BOOST_REQUIRE(!broken.ok());
  BOOST_TEST(broken.status().message() == bad + ": line 2: unterminated quoted field");

  auto missing = read_csv_file(dir.file("nope.csv"));
  BOOST_TEST(missing.status().code() == StatusCode::kNotFound);

  CsvOptions small;
  small.max_bytes = 4;
  auto too_big = read_csv_file(path, small);
  BOOST_TEST(too_big.status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(contains(too_big.status().message(), "more than the limit of 4"));
}

BOOST_AUTO_TEST_CASE(many_rows) {
  // 100k rows of 10 columns (timing is for benchmarks, not here: this checks the content).
  std::string text = "c0,c1,c2,c3,c4,c5,c6,c7,c8,c9\r\n";
  for (int r = 0; r < 100'000; ++r) {
    for (int c = 0; c < 10; ++c) {
      if (c > 0) text += ',';
      text += c == 5 ? "\"番禺区, 市桥街" + std::to_string(r) + "号\"" : std::to_string(r * 10 + c);
    }
    text += "\r\n";
  }
  const CsvTable t = parse_ok(text);
  BOOST_REQUIRE(t.rows.size() == 100'000u);
  BOOST_TEST(t.rows.back().cells[9] == "999999");
  BOOST_TEST(t.rows.back().cells[5] == "番禺区, 市桥街99999号");
  BOOST_TEST(t.rows.back().row_number == 100'001u);
}

}  // namespace
}  // namespace cedu::tabular
