// The stored form of a record's fields: to_json and from_json round-trip every kind of
// value, and a corrupt row is refused with the field named.
#define BOOST_TEST_MODULE library_value
#include <boost/test/unit_test.hpp>

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
