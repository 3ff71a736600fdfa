// The stored form of a record's fields: to_json and from_json round-trip every kind of
// value, a corrupt row is refused with the field named, and the text written is
// nlohmann::json's to the byte.
#define BOOST_TEST_MODULE library_value
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "services/library/record.h"
#include "services/library/value.h"

using namespace cedu::library;

BOOST_AUTO_TEST_CASE(every_kind_of_value_round_trips) {
  Fields f;
  f["name"] = std::string("书法入门 \"基础\"\n");
  f["hours"] = std::int64_t{-42};
  f["big"] = std::int64_t{9007199254740993};
  f["ratio"] = 0.25;
  f["free"] = true;
  f["skills"] = StringList{"粤剧", "", "a,b"};
  f["empty_list"] = StringList{};
  f["gone"] = std::monostate{};
  auto back = from_json(to_json(f));
  BOOST_REQUIRE(back.ok());
  f.erase("gone");  // null values are not stored
  BOOST_TEST((*back == f));
}

BOOST_AUTO_TEST_CASE(null_fields_are_absent) {
  auto back = from_json(R"({"a":null,"b":"x"})");
  BOOST_REQUIRE(back.ok());
  BOOST_TEST(back->size() == 1u);
  BOOST_TEST(std::get<std::string>(back->at("b")) == "x");
}

BOOST_AUTO_TEST_CASE(a_corrupt_row_is_refused_naming_the_field) {
  for (const char* text : {"", "not json", "[1,2]", "5", "null", "{\"a\":1", "{\"a\":1} x"}) {
    auto r = from_json(text);
    BOOST_TEST_INFO(text);
    BOOST_TEST(!r.ok());
    BOOST_TEST(r.status().message() == "stored record is not a JSON object");
  }
  auto nested = from_json(R"({"ok":1,"addr":{"city":"广州"}})");
  BOOST_TEST(!nested.ok());
  BOOST_TEST(nested.status().message() == "stored field addr has an unexpected type");
  auto mixed = from_json(R"({"skills":["粤剧",3]})");
  BOOST_TEST(!mixed.ok());
  BOOST_TEST(mixed.status().message() == "stored field skills is not a string list");
  auto deep = from_json(R"({"skills":[["粤剧"]]})");
  BOOST_TEST(!deep.ok());
  BOOST_TEST(deep.status().message() == "stored field skills is not a string list");
}

// --- the stored text is nlohmann::json's, byte for byte ---------------------------------
// The audit digests of records written before the direct writer must stay reproducible, so
// to_json and canonical_json are compared with what nlohmann::json writes.

namespace {

std::string nlohmann_text(const Fields& fields) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, value] : fields) {
    if (const auto* b = std::get_if<bool>(&value)) j[name] = *b;
    if (const auto* n = std::get_if<std::int64_t>(&value)) j[name] = *n;
    if (const auto* d = std::get_if<double>(&value)) j[name] = *d;
    if (const auto* t = std::get_if<std::string>(&value)) j[name] = *t;
    if (const auto* l = std::get_if<StringList>(&value)) j[name] = *l;
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Every byte value below 0x80 once, plus Chinese, an emoji and escapes in a row.
std::vector<std::string> awkward_texts() {
  std::vector<std::string> texts = {"", "书法入门", "粤剧欣赏 \"经典\" \\ 选段", "🙂 emoji 4 bytes",
                                    "a\tb\nc\rd\be\ff", std::string("nul\0in", 6), "\x7f del",
                                    "中医养生 Python入门 太极拳24式"};
  for (int c = 0; c < 0x80; ++c) texts.push_back("x" + std::string(1, static_cast<char>(c)) + "y");
  return texts;
}

}  // namespace

BOOST_AUTO_TEST_CASE(to_json_writes_exactly_what_nlohmann_writes) {
  for (const auto& text : awkward_texts()) {
    Fields f;
    f["title"] = text;
    f["skills"] = StringList{text, "粤剧", text};
    f["n"] = std::int64_t{-9223372036854775807 - 1};
    f["on"] = false;
    f["z_last"] = true;
    f[text.empty() ? "k" : "k" + text] = std::int64_t{7};  // escaped keys too
    BOOST_TEST(to_json(f) == nlohmann_text(f), "for text of " << text.size() << " bytes");
  }
  for (double d : {0.0, -0.0, 1.0, 0.1, 0.25, 1e300, -1.5e-7, 123456789.125,
                   std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    Fields f;
    f["d"] = d;
    BOOST_TEST(to_json(f) == nlohmann_text(f));
  }
  BOOST_TEST(to_json(Fields{}) == "{}");
  BOOST_TEST(to_json(Fields{{"gone", std::monostate{}}}) == "{}");
  BOOST_TEST(to_json(Fields{{"a", std::monostate{}}, {"b", std::int64_t{1}}}) == R"({"b":1})");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_replaced_as_nlohmann_replaces_it) {
  for (std::string bad : {std::string("\xff"), std::string("ab\xe4\xb9"), std::string("\xc0\xaf"),
                          std::string("\xed\xa0\x80 surrogate"), std::string("ok\x80ok")}) {
    Fields f;
    f["a"] = std::string("书法");
    f["bad"] = bad;
    BOOST_TEST(to_json(f) == nlohmann_text(f));
    Fields g;
    g["list"] = StringList{"ok", bad};
    BOOST_TEST(to_json(g) == nlohmann_text(g));
    std::string out = "x";
    BOOST_TEST(!append_json_string(out, bad));
    BOOST_TEST(out == "x");  // nothing appended
  }
}

BOOST_AUTO_TEST_CASE(canonical_json_is_the_core_array_then_the_fields) {
  for (const auto& text : awkward_texts()) {
    Record r;
    r.id = 42;
    r.town = "nancun";
    r.station = text;
    r.owner = "org:" + text;
    r.status = "active";
    r.version = 3;
    r.fields["title"] = text;
    const std::string body = to_json(r.fields);
    nlohmann::json core = nlohmann::json::array({r.id, r.town, r.station, r.owner, r.status, r.version});
    const std::string expected =
        "{\"core\":" + core.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
        ",\"fields\":" + body + "}";
    BOOST_TEST(canonical_json(r, body) == expected);
    BOOST_TEST(canonical_json(r) == expected);
  }
  Record bad;
  bad.town = "\xff";
  BOOST_TEST(canonical_json(bad) == R"({"core":[0,"�","","","",0],"fields":{}})");
}
