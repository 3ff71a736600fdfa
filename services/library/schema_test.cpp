#define BOOST_TEST_MODULE library_schema
#include <boost/test/unit_test.hpp>

#include "common/msgpack/builder.h"
#include "services/library/categories.h"
#include "services/library/schema.h"

using namespace cedu::library;
namespace mp = cedu::mp;

namespace {

const LibrarySpec& spec() {
  static const LibrarySpec s = [] {
    LibrarySpec x;
    x.name = "demo";
    x.fields = {
        FieldSpec{.name = "name", .type = FieldType::kString, .label = "姓名", .required = true,
                  .max_length = 5},
        FieldSpec{.name = "kind", .type = FieldType::kEnum, .label = "类型",
                  .values = {{"part-time", "兼职"}, {"expert", "专家"}}},
        FieldSpec{.name = "specialties", .type = FieldType::kEnumList, .label = "专长",
                  .values = course_categories()},
        FieldSpec{.name = "hours", .type = FieldType::kInt, .label = "课时", .min = 0, .max = 100},
        FieldSpec{.name = "phone", .type = FieldType::kPhone, .label = "手机号码"},
        FieldSpec{.name = "born", .type = FieldType::kDate, .label = "出生日期"},
        FieldSpec{.name = "local", .type = FieldType::kBool, .label = "本土特色"},
    };
    return x;
  }();
  return s;
}

cedu::Result<Fields> read(const std::string& bytes, ReadMode mode) {
  static msgpack::object_handle handle;
  handle = mp::unpack(bytes, "params").value();
  auto view = mp::MapView::of(handle.get(), "params").value();
  return read_fields(view, spec(), mode);
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_valid_create_is_read_with_types) {
  mp::MapBuilder b;
  b.set("name", "张三").set("kind", "expert").set("hours", 12).set("town", "nancun")
      .set("specialties", std::vector<std::string>{"health", "local"});
  auto f = read(b.bytes(), ReadMode::kCreate);
  BOOST_REQUIRE_MESSAGE(f.ok(), f.status().to_string());
  BOOST_TEST(std::get<std::string>(f->at("name")) == "张三");
  BOOST_TEST(std::get<std::int64_t>(f->at("hours")) == 12);
  BOOST_TEST(std::get<StringList>(f->at("specialties")).size() == 2u);
  BOOST_TEST(!f->count("town"));  // core keys are not domain fields
}

BOOST_AUTO_TEST_CASE(each_bad_input_names_its_field) {
  struct Case {
    std::function<void(mp::MapBuilder&)> fill;
    std::string field;
  };
  const std::vector<Case> cases = {
      {[](mp::MapBuilder& b) { b.set("kind", "expert"); }, "params.name"},                // missing
      {[](mp::MapBuilder& b) { b.set("name", 5); }, "params.name"},                        // type
      {[](mp::MapBuilder& b) { b.set("name", "一二三四五六"); }, "params.name"},           // length
      {[](mp::MapBuilder& b) { b.set("name", "a").set("kind", "boss"); }, "params.kind"},  // enum
      {[](mp::MapBuilder& b) { b.set("name", "a").set("hours", -1); }, "params.hours"},    // range
      {[](mp::MapBuilder& b) { b.set("name", "a").set("phone", "12345"); }, "params.phone"},
      {[](mp::MapBuilder& b) { b.set("name", "a").set("born", "2023-02-30"); }, "params.born"},
      {[](mp::MapBuilder& b) { b.set("name", "a").set("local", "yes"); }, "params.local"},
      {[](mp::MapBuilder& b) { b.set("name", "a").set("colour", "red"); }, "params.colour"},
      {[](mp::MapBuilder& b) {
         b.set("name", "a").set("specialties", std::vector<std::string>{"health", "cooking"});
       }, "params.specialties[1]"},
  };
  for (const auto& c : cases) {
    mp::MapBuilder b;
    c.fill(b);
    auto f = read(b.bytes(), ReadMode::kCreate);
    BOOST_REQUIRE(!f.ok());
    BOOST_TEST(f.status().code() == cedu::StatusCode::kInvalidArgument);
    BOOST_TEST(f.status().field() == c.field, f.status().to_string());
  }
}

BOOST_AUTO_TEST_CASE(an_update_may_leave_out_required_fields_and_clear_optional_ones) {
  mp::MapBuilder b;
  b.set("id", 3).set("version", 1).set_nil("hours");
  auto f = read(b.bytes(), ReadMode::kUpdate);
  BOOST_REQUIRE(f.ok());
  BOOST_TEST(is_null(f->at("hours")));
  mp::MapBuilder c;
  c.set_nil("name");
  BOOST_TEST(read(c.bytes(), ReadMode::kUpdate).status().field() == "params.name");
}

BOOST_AUTO_TEST_CASE(cells_accept_labels_lists_and_excel_dates) {
  const LibrarySpec& s = spec();
  BOOST_TEST(std::get<std::string>(parse_cell(*s.field("kind"), "兼职").value()) == "part-time");
  auto list = parse_cell(*s.field("specialties"), "健康、本土特色, skills").value();
  BOOST_TEST((std::get<StringList>(list) == StringList{"health", "local", "skills"}));
  BOOST_TEST(std::get<std::string>(parse_cell(*s.field("born"), "1990/3/5").value()) == "1990-03-05");
  BOOST_TEST(std::get<bool>(parse_cell(*s.field("local"), "是").value()));
  BOOST_TEST(std::get<std::string>(parse_cell(*s.field("phone"), " 138 1234 5678 ").value()) ==
             "13812345678");
  BOOST_TEST(!parse_cell(*s.field("hours"), "12.5").ok());
  BOOST_TEST(!parse_cell(*s.field("kind"), "老板").ok());
  BOOST_TEST(!parse_cell(*s.field("name"), "").ok());  // required
  BOOST_TEST(is_null(parse_cell(*s.field("hours"), "").value()));
}

BOOST_AUTO_TEST_CASE(validators) {
  BOOST_TEST(valid_phone("13812345678"));
  BOOST_TEST(valid_phone("020-84567890"));
  BOOST_TEST(!valid_phone("12812345678"));
  BOOST_TEST(!valid_phone("1381234567"));
  BOOST_TEST(valid_id_card("11010519491231002X"));  // the GB 11643 example
  BOOST_TEST(!valid_id_card("110105194912310021"));  // wrong check digit
  BOOST_TEST(!valid_id_card("11010519491331002X"));  // month 13
  BOOST_TEST(valid_date("2024-02-29"));
  BOOST_TEST(!valid_date("2023-02-29"));
  BOOST_TEST(!valid_date("2023-2-28"));
}
