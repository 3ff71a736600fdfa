#define BOOST_TEST_MODULE json_msgpack
#include <boost/test/unit_test.hpp>

#include <map>

#include <msgpack.hpp>

#include "cli/base64.h"
#include "cli/json_msgpack.h"
#include "common/status.h"

using cedu::StatusCode;
using json = cedu::cli::Json;
namespace cli = cedu::cli;

namespace {

json round_trip(const json& in) {
  auto packed = cli::json_to_msgpack(in);
  BOOST_REQUIRE(packed.ok());
  auto back = cli::msgpack_to_json(*packed);
  BOOST_REQUIRE(back.ok());
  return *back;
}

template <typename T>
std::string pack(const T& v) {
  msgpack::sbuffer buf;
  msgpack::pack(buf, v);
  return {buf.data(), buf.size()};
}

}  // namespace

BOOST_AUTO_TEST_CASE(base64_round_trips_every_length) {
  std::vector<std::uint8_t> bytes;
  for (int n = 0; n < 10; ++n) {
    std::string text = cli::base64_encode(bytes);
    BOOST_TEST(text.size() % 4 == 0u);
    auto back = cli::base64_decode(text);
    BOOST_REQUIRE(back.has_value());
    BOOST_TEST(*back == bytes);
    bytes.push_back(static_cast<std::uint8_t>(250 + n));
  }
  BOOST_TEST(cli::base64_encode({'M', 'a', 'n'}) == "TWFu");
  BOOST_TEST(cli::base64_encode({'M'}) == "TQ==");
}

BOOST_AUTO_TEST_CASE(base64_rejects_bad_text) {
  BOOST_TEST(!cli::base64_decode("abc").has_value());    // length
  BOOST_TEST(!cli::base64_decode("ab!d").has_value());   // alphabet
  BOOST_TEST(!cli::base64_decode("a=bc").has_value());   // padding in the middle
  BOOST_TEST(!cli::base64_decode("TR==").has_value());   // non-zero hidden bits
  BOOST_TEST(!cli::base64_decode("TQ==TQ==").has_value());
}

BOOST_AUTO_TEST_CASE(scalars_and_nesting_round_trip) {
  json in = {{"title", "书法入门"},
             {"seats", 30},
             {"negative", -7},
             {"big", 18446744073709551615ULL},
             {"fee_fen", 12345},
             {"ratio", 0.25},
             {"open", true},
             {"note", nullptr},
             {"tags", {"健康", "文化", 1, false}},
             {"address", {{"town", "nancun"}, {"station", {{"id", 3}}}}}};
  BOOST_TEST(round_trip(in) == in);
}

BOOST_AUTO_TEST_CASE(chinese_text_renders_unescaped) {
  json v = {{"title", "书法入门"}};
  BOOST_TEST(cli::render_json(v) == R"({"title":"书法入门"})");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_replaced_not_fatal) {
  std::map<std::string, std::string> m{{"bad", std::string("a\xff" "b")}};
  auto j = cli::msgpack_to_json(pack(m));
  BOOST_REQUIRE(j.ok());
  BOOST_TEST(cli::render_json(*j) == "{\"bad\":\"a\xEF\xBF\xBD" "b\"}");
}

BOOST_AUTO_TEST_CASE(binary_becomes_base64_marker_and_back) {
  msgpack::sbuffer buf;
  msgpack::packer<msgpack::sbuffer> pk(buf);
  pk.pack_map(1);
  pk.pack("photo");
  pk.pack_bin(3);
  pk.pack_bin_body("Man", 3);
  auto j = cli::msgpack_to_json({buf.data(), buf.size()});
  BOOST_REQUIRE(j.ok());
  BOOST_TEST(cli::render_json(*j) == R"({"photo":{"$binary":"TWFu"}})");
  auto packed = cli::json_to_msgpack(*j);
  BOOST_REQUIRE(packed.ok());
  BOOST_TEST(*packed == std::string(buf.data(), buf.size()));
}

BOOST_AUTO_TEST_CASE(ext_keeps_its_type) {
  msgpack::sbuffer buf;
  msgpack::packer<msgpack::sbuffer> pk(buf);
  pk.pack_ext(2, -1);
  pk.pack_ext_body("\x01\x02", 2);
  auto j = cli::msgpack_to_json({buf.data(), buf.size()});
  BOOST_REQUIRE(j.ok());
  BOOST_TEST((*j)["$ext"].get<int>() == -1);
  BOOST_TEST((*j)["$binary"].get<std::string>() == "AQI=");
  auto packed = cli::json_to_msgpack(*j);
  BOOST_REQUIRE(packed.ok());
  BOOST_TEST(*packed == std::string(buf.data(), buf.size()));
}

BOOST_AUTO_TEST_CASE(bad_binary_marker_names_the_field) {
  auto packed = cli::json_to_msgpack(json{{"a", {{"photo", {{"$binary", "!!"}}}}}});
  BOOST_REQUIRE(!packed.ok());
  BOOST_TEST((packed.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(packed.status().field() == "a.photo");
  auto ext = cli::json_to_msgpack(json{{"$binary", "TQ=="}, {"$ext", 300}});
  BOOST_TEST(!ext.ok());
}

BOOST_AUTO_TEST_CASE(non_string_keys_are_shown_as_json_text) {
  std::map<int, std::string> m{{1, "one"}, {-2, "minus two"}};
  auto j = cli::msgpack_to_json(pack(m));
  BOOST_REQUIRE(j.ok());
  BOOST_TEST((*j)["1"].get<std::string>() == "one");
  BOOST_TEST((*j)["-2"].get<std::string>() == "minus two");
}

BOOST_AUTO_TEST_CASE(malformed_msgpack_is_an_error) {
  BOOST_TEST(!cli::msgpack_to_json("").ok());
  BOOST_TEST(!cli::msgpack_to_json("\xc1").ok());         // never-used byte
  BOOST_TEST(!cli::msgpack_to_json("\x92\x01").ok());     // truncated array
  BOOST_TEST(!cli::msgpack_to_json("\x01\x02").ok());     // trailing bytes
}

BOOST_AUTO_TEST_CASE(parse_json_reports_position) {
  auto bad = cli::parse_json("{\"a\": 1,\n \"b\": }", "params");
  BOOST_REQUIRE(!bad.ok());
  BOOST_TEST((bad.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(bad.status().field() == "params");
  BOOST_TEST(bad.status().message().find("line 2") != std::string::npos, bad.status().message());
  BOOST_TEST(bad.status().message().find("column") != std::string::npos);
  BOOST_TEST(!cli::parse_json("{} {}", "params").ok());
  auto good = cli::parse_json(R"({"q":"书法"})", "params");
  BOOST_REQUIRE(good.ok());
  BOOST_TEST((*good)["q"].get<std::string>() == "书法");
}
