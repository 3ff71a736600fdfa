#define BOOST_TEST_MODULE tabular_header_map
#include "common/tabular/header_map.h"

#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

namespace cedu::tabular {
namespace {

const std::vector<ColumnSpec> kTeacherColumns = {
    {"name", {"姓名", "教师姓名"}, true},
    {"phone", {"手机号码", "手机", "联系电话", "电话"}, false},
    {"town", {"镇街", "所属镇街"}, false},
    {"id_card", {"身份证号", "身份证号码"}, false},
};

HeaderMapping map_ok(const std::vector<std::string>& header,
                     const std::vector<ColumnSpec>& specs = kTeacherColumns) {
  auto r = map_header(header, specs);
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status());
  return std::move(r).value();
}

BOOST_AUTO_TEST_CASE(normalisation) {
  BOOST_TEST(normalize_header("  手机号码 ") == "手机号码");
  BOOST_TEST(normalize_header("\xE3\x80\x80手机号码\xE3\x80\x80") == "手机号码");  // U+3000
  BOOST_TEST(normalize_header("手机号码（必填）") == "手机号码");
  BOOST_TEST(normalize_header("手机号码 (必填)") == "手机号码");
  BOOST_TEST(normalize_header("手机号码*") == "手机号码");
  BOOST_TEST(normalize_header("*手机号码") == "手机号码");
  BOOST_TEST(normalize_header("手机号码＊（必填） ") == "手机号码");
  BOOST_TEST(normalize_header("Phone") == "phone");
  BOOST_TEST(normalize_header("E-Mail  Address") == "e-mail  address");  // inside: kept
  BOOST_TEST(normalize_header("必填") == "必填");
  BOOST_TEST(normalize_header("（必填）") == "");
  BOOST_TEST(normalize_header("") == "");
}

BOOST_AUTO_TEST_CASE(maps_aliases_and_field_names) {
  const HeaderMapping m =
      map_ok({"序号", " 姓名（必填）", "联系电话*", "备注", "TOWN", "\xE3\x80\x80身份证号码"});
  const std::vector<std::size_t> expected = {kUnmapped, 0, 1, kUnmapped, 2, 3};
  BOOST_TEST(m.field_of_column == expected, boost::test_tools::per_element());
  BOOST_TEST(m.column_of_field == (std::vector<std::size_t>{1, 2, 4, 5}),
             boost::test_tools::per_element());
  BOOST_REQUIRE(m.warnings.size() == 2u);
  BOOST_TEST(m.warnings[0] == "column 1 (序号): not a known column, ignored");
  BOOST_TEST(m.warnings[1] == "column 4 (备注): not a known column, ignored");

  CsvRow row;
  row.cells = {"1", "张三", "13812345678", "", "nancun", "440126199001011234"};
  BOOST_TEST(m.cell(row, 1) == "13812345678");
  BOOST_TEST(m.has(0));
}

BOOST_AUTO_TEST_CASE(missing_optional_columns_read_as_empty) {
  const HeaderMapping m = map_ok({"姓名"});
  BOOST_TEST(!m.has(1));
  CsvRow row;
  row.cells = {"张三"};
  BOOST_TEST(m.cell(row, 1) == "");
  BOOST_TEST(m.cell(row, 99) == "");
}

BOOST_AUTO_TEST_CASE(field_mapped_twice_names_both_columns) {
  auto r = map_header({"姓名", "手机", "地址", "联系电话"}, kTeacherColumns);
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(r.status().message() ==
             "column 2 (手机) and column 4 (联系电话) both map to field phone");
  BOOST_TEST(r.status().field() == "phone");
}

BOOST_AUTO_TEST_CASE(required_columns) {
  auto r = map_header({"手机", "镇街"}, kTeacherColumns);
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.status().message() == "missing required column(s): name (姓名)");
  BOOST_TEST(r.status().field() == "name");
}

BOOST_AUTO_TEST_CASE(specs_are_validated_once) {
  auto ok = HeaderMapper::create(kTeacherColumns);
  BOOST_REQUIRE(ok.ok());
  BOOST_TEST(ok->field_index("town") == 2u);
  BOOST_TEST(ok->field_index("nope") == kUnmapped);
  BOOST_TEST(ok->map({"姓名"}).ok());

  BOOST_TEST(!HeaderMapper::create({}).ok());
  auto dup_field = HeaderMapper::create({{"a", {}}, {"a", {"甲"}}});
  BOOST_TEST(dup_field.status().message() == "field a is specified twice");
  auto shared = HeaderMapper::create({{"phone", {"电话"}}, {"office_phone", {"电话*"}}});
  BOOST_REQUIRE(!shared.ok());
  BOOST_TEST(shared.status().message() ==
             "header \"电话*\" would match both phone and office_phone");
  BOOST_TEST(!HeaderMapper::create({{"", {"姓名"}}}).ok());
  BOOST_TEST(!HeaderMapper::create({{"name", {" "}}}).ok());
  // The same alias twice for one field is harmless.
  BOOST_TEST(HeaderMapper::create({{"name", {"姓名", "姓名 "}}}).ok());
}

}  // namespace
}  // namespace cedu::tabular
