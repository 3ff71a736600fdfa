#define BOOST_TEST_MODULE tabular_xlsx_writer
#include "common/tabular/xlsx_writer.h"

#include <stdio.h>  // popen

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "common/testing/temp_dir.h"

namespace cedu::tabular {
namespace {

namespace fs = std::filesystem;

// Reads zip entries with `unzip`, or with Python's zipfile if there is no unzip.
class ZipTool {
 public:
  ZipTool() {
    if (run("command -v unzip >/dev/null 2>&1 && echo yes") == "yes\n") {
      kind_ = kUnzip;
    } else if (fs::exists("/usr/bin/python3")) {
      kind_ = kPython;
    }
    BOOST_REQUIRE_MESSAGE(kind_ != kNone,
                          "this test reads the .xlsx (a zip file) with `unzip` or "
                          "/usr/bin/python3; neither is installed");
  }

  // Returns true iff the archive's CRCs check out.
  bool test(const std::string& zip) const {
    if (kind_ == kUnzip) return run("unzip -tq '" + zip + "' 2>&1").find("No errors") == 0;
    return run(python("z = zipfile.ZipFile(sys.argv[1]); print('ok' if z.testzip() is None "
                      "else 'bad')") +
               " '" + zip + "'") == "ok\n";
  }
  std::string names(const std::string& zip) const {
    if (kind_ == kUnzip) return run("unzip -Z1 '" + zip + "'");
    return run(python("print('\\n'.join(zipfile.ZipFile(sys.argv[1]).namelist()))") + " '" + zip +
               "'");
  }
  std::string entry(const std::string& zip, const std::string& name) const {
    if (kind_ == kUnzip) return run("unzip -p '" + zip + "' '" + name + "'");
    return run(python("sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))") +
               " '" + zip + "' '" + name + "'");
  }

 private:
  enum Kind { kNone, kUnzip, kPython };

  static std::string python(const std::string& code) {
    return "/usr/bin/python3 -c \"import sys, zipfile; " + code + "\"";
  }
  static std::string run(const std::string& command) {
    FILE* p = popen(command.c_str(), "r");
    BOOST_REQUIRE(p != nullptr);
    std::string out;
    char buf[4096];
    for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    pclose(p);
    return out;
  }

  Kind kind_ = kNone;
};

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

std::size_t count_files(const fs::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}

const std::vector<std::string> kHeader = {"姓名", "手机号码", "课时", "评分", "在职", "备注"};
const std::vector<std::vector<Cell>> kRows = {
    {"张三", "13812345678", 32, 4.5, true, "番禺区市桥街"},
    {"李四", Cell(), std::int64_t{9'007'199'254'740'993}, -0.25, false, Cell()},
    {"Wang Wei"},
};

BOOST_AUTO_TEST_CASE(writes_a_valid_workbook) {
  cedu::testing::TempDir dir("tabular");
  const std::string path = dir.file("teachers.xlsx");
  const Status s = write_xlsx_file(path, "师资库", kHeader, kRows);
  BOOST_REQUIRE_MESSAGE(s.is_ok(), s);
  BOOST_TEST(count_files(dir.path()) == 1u);  // no temporary file left

  const ZipTool zip;
  BOOST_TEST(zip.test(path));
  const std::string names = zip.names(path);
  BOOST_TEST(contains(names, "xl/worksheets/sheet1.xml"));
  BOOST_TEST(contains(names, "xl/sharedStrings.xml"));

  const std::string strings = zip.entry(path, "xl/sharedStrings.xml");
  for (std::string_view text : {"姓名", "手机号码", "张三", "番禺区市桥街", "13812345678",
                                "9007199254740993"}) {  // beyond 2^53: kept exact, as text
    BOOST_TEST(contains(strings, text), text);
  }
  const std::string sheet = zip.entry(path, "xl/worksheets/sheet1.xml");
  BOOST_TEST(contains(sheet, "ySplit=\"1\""));  // header row frozen
  BOOST_TEST(contains(sheet, "<v>32</v>"));     // numbers are numbers
  BOOST_TEST(contains(sheet, "<v>4.5</v>"));
  BOOST_TEST(contains(sheet, "t=\"b\""));  // booleans are booleans
  BOOST_TEST(contains(sheet, "<cols>"));   // widths set
  const std::string workbook = zip.entry(path, "xl/workbook.xml");
  BOOST_TEST(contains(workbook, "name=\"师资库\""));
  BOOST_TEST(contains(zip.entry(path, "xl/styles.xml"), "<b/>"));  // bold header

  // Replacing an existing file works.
  BOOST_REQUIRE(write_xlsx_file(path, "Sheet1", {"a"}, {{1}}).is_ok());
  BOOST_TEST(contains(zip.entry(path, "xl/workbook.xml"), "name=\"Sheet1\""));
}

BOOST_AUTO_TEST_CASE(sheet_names) {
  BOOST_TEST(check_sheet_name("师资库").is_ok());
  BOOST_TEST(check_sheet_name(std::string(31, 'x')).is_ok());
  std::string cjk31;
  for (int i = 0; i < 31; ++i) cjk31 += "课";
  BOOST_TEST(check_sheet_name(cjk31).is_ok());  // characters, not bytes

  BOOST_TEST(check_sheet_name(std::string(32, 'x')).code() == StatusCode::kInvalidArgument);
  BOOST_TEST(!check_sheet_name(cjk31 + "课").is_ok());
  BOOST_TEST(!check_sheet_name("").is_ok());
  BOOST_TEST(!check_sheet_name("'quoted'").is_ok());
  BOOST_TEST(!check_sheet_name("\xFF").is_ok());
  for (char c : std::string("[]:*?/\\")) {
    const Status s = check_sheet_name(std::string("a") + c + "b");
    BOOST_TEST(s.code() == StatusCode::kInvalidArgument);
    BOOST_TEST(s.field() == "sheet_name");
  }
  cedu::testing::TempDir dir("tabular");
  const Status s = write_xlsx_file(dir.file("x.xlsx"), "2024/2025", kHeader, kRows);
  BOOST_TEST(s.code() == StatusCode::kInvalidArgument);
  BOOST_TEST(count_files(dir.path()) == 0u);
}

BOOST_AUTO_TEST_CASE(bad_cells_are_refused_without_leaving_files) {
  cedu::testing::TempDir dir("tabular");
  const std::string path = dir.file("x.xlsx");
  const Status nan = write_xlsx_file(path, "s", {"a", "b"},
                                     {{1, 2}, {3, std::numeric_limits<double>::quiet_NaN()}});
  BOOST_TEST(nan.code() == StatusCode::kInvalidArgument);
  BOOST_TEST(nan.message() == "row 3, column 2: not a finite number");
  const Status utf8 = write_xlsx_file(path, "s", {"a"}, {{"\xC3"}});
  BOOST_TEST(utf8.message() == "row 2, column 1: not valid UTF-8");
  const Status header = write_xlsx_file(path, "s", {"ok", "\xC3"}, {});
  BOOST_TEST(header.message() == "row 1, column 2: not valid UTF-8");
  const Status longer = write_xlsx_file(path, "s", {"a"}, {{std::string(32'768, 'x')}});
  BOOST_TEST(longer.code() == StatusCode::kInvalidArgument);
  BOOST_TEST(count_files(dir.path()) == 0u);
  // A directory that does not exist: an I/O error.
  BOOST_TEST(write_xlsx_file(dir.file("no/x.xlsx"), "s", {"a"}, {}).code() ==
             StatusCode::kInternal);
}

BOOST_AUTO_TEST_CASE(bytes_for_the_bus) {
  auto bytes = xlsx_bytes("导出", kHeader, kRows);
  BOOST_REQUIRE_MESSAGE(bytes.ok(), bytes.status());
  BOOST_TEST(bytes->starts_with("PK\x03\x04"));
  cedu::testing::TempDir dir("tabular");
  const std::string path = dir.file("copy.xlsx");
  std::ofstream(path, std::ios::binary) << *bytes;
  const ZipTool zip;
  BOOST_TEST(zip.test(path));
  BOOST_TEST(contains(zip.entry(path, "xl/sharedStrings.xml"), "番禺区市桥街"));

  BOOST_TEST(xlsx_bytes("a:b", kHeader, kRows).status().code() == StatusCode::kInvalidArgument);
}

BOOST_AUTO_TEST_CASE(cell_types) {
  BOOST_TEST(Cell().empty());
  BOOST_TEST(std::holds_alternative<std::string>(Cell("x").value()));
  BOOST_TEST(std::holds_alternative<std::int64_t>(Cell(5).value()));
  BOOST_TEST(std::holds_alternative<std::int64_t>(Cell(std::size_t{5}).value()));
  BOOST_TEST(std::holds_alternative<double>(Cell(2.5).value()));
  BOOST_TEST(std::holds_alternative<bool>(Cell(true).value()));
  BOOST_TEST((Cell(std::string_view("a")) == Cell("a")));
}

}  // namespace
}  // namespace cedu::tabular
