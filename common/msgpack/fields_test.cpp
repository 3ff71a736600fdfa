#define BOOST_TEST_MODULE msgpack_fields
#include "common/msgpack/fields.h"

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "common/msgpack/builder.h"

namespace cedu::mp {
namespace {

// Holds the unpacked bytes so MapViews stay valid.
struct Doc {
  explicit Doc(const std::string& bytes, std::string path = "params")
      : handle(std::move(unpack(bytes, "params")).value()),
        view(std::move(MapView::of(handle.get(), std::move(path))).value()) {}
  msgpack::object_handle handle;
  MapView view;
};

std::string sample() {
  MapBuilder address;
  address.set("town", std::string("nancun")).set("station", 12);
  MapBuilder m;
  m.set("name", std::string("Li Hua"))
      .set("age", 42)
      .set("debt", std::int64_t{-5})
      .set("big", std::numeric_limits<std::uint64_t>::max())
      .set("active", true)
      .set("score", 4.5)
      .set("tags", std::vector<std::string>{"a", "b"})
      .set("address", address)
      .set_nil("nothing");
  return m.bytes();
}

bool is_invalid(const Status& s, const std::string& field, const std::string& message) {
  BOOST_TEST_INFO("status: " << s.to_string());
  return s.code() == StatusCode::kInvalidArgument && s.field() == field && s.message() == message;
}

BOOST_AUTO_TEST_CASE(string_getter) {
  Doc d(sample());
  BOOST_TEST(*d.view.string("name") == "Li Hua");
  BOOST_TEST(is_invalid(d.view.string("age").status(), "params.age", "expected string, got integer"));
  BOOST_TEST(is_invalid(d.view.string("missing").status(), "params.missing", "required field is missing"));
  BOOST_TEST(is_invalid(d.view.string("nothing").status(), "params.nothing", "required field is missing"));
  BOOST_TEST(!d.view.optional_string("missing")->has_value());
  BOOST_TEST(!d.view.optional_string("nothing")->has_value());
  BOOST_TEST(**d.view.optional_string("name") == "Li Hua");
  BOOST_TEST(!d.view.optional_string("age").ok());
}

BOOST_AUTO_TEST_CASE(int64_getter) {
  Doc d(sample());
  BOOST_TEST(*d.view.int64("age") == 42);
  BOOST_TEST(*d.view.int64("debt") == -5);
  BOOST_TEST(is_invalid(d.view.int64("big").status(), "params.big", "integer out of range for int64"));
  BOOST_TEST(is_invalid(d.view.int64("name").status(), "params.name", "expected integer, got string"));
  BOOST_TEST(is_invalid(d.view.int64("score").status(), "params.score", "expected integer, got float"));
  BOOST_TEST(is_invalid(d.view.int64("missing").status(), "params.missing", "required field is missing"));
  BOOST_TEST(!d.view.optional_int64("nothing")->has_value());
  BOOST_TEST(**d.view.optional_int64("debt") == -5);
}

BOOST_AUTO_TEST_CASE(int64_limits) {
  MapBuilder m;
  m.set("max", std::numeric_limits<std::int64_t>::max())
      .set("min", std::numeric_limits<std::int64_t>::min())
      .set("over", static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1);
  Doc d(m.bytes());
  BOOST_TEST(*d.view.int64("max") == std::numeric_limits<std::int64_t>::max());
  BOOST_TEST(*d.view.int64("min") == std::numeric_limits<std::int64_t>::min());
  BOOST_TEST(!d.view.int64("over").ok());
  BOOST_TEST(*d.view.uint64("over") ==
             static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + 1);
}

BOOST_AUTO_TEST_CASE(uint64_getter) {
  Doc d(sample());
  BOOST_TEST(*d.view.uint64("big") == std::numeric_limits<std::uint64_t>::max());
  BOOST_TEST(*d.view.uint64("age") == 42u);
  BOOST_TEST(is_invalid(d.view.uint64("debt").status(), "params.debt", "expected a non-negative integer"));
  BOOST_TEST(is_invalid(d.view.uint64("active").status(), "params.active", "expected integer, got boolean"));
  BOOST_TEST(is_invalid(d.view.uint64("nothing").status(), "params.nothing", "required field is missing"));
  BOOST_TEST(!d.view.optional_uint64("missing")->has_value());
}

BOOST_AUTO_TEST_CASE(boolean_getter) {
  Doc d(sample());
  BOOST_TEST(*d.view.boolean("active") == true);
  BOOST_TEST(is_invalid(d.view.boolean("age").status(), "params.age", "expected boolean, got integer"));
  BOOST_TEST(is_invalid(d.view.boolean("missing").status(), "params.missing", "required field is missing"));
  BOOST_TEST(!d.view.optional_boolean("nothing")->has_value());
  BOOST_TEST(**d.view.optional_boolean("active") == true);
}

BOOST_AUTO_TEST_CASE(number_getter) {
  Doc d(sample());
  BOOST_TEST(*d.view.number("score") == 4.5);
  BOOST_TEST(*d.view.number("age") == 42.0);
  BOOST_TEST(*d.view.number("debt") == -5.0);
  BOOST_TEST(is_invalid(d.view.number("name").status(), "params.name", "expected number, got string"));
  BOOST_TEST(is_invalid(d.view.number("nothing").status(), "params.nothing", "required field is missing"));
}

BOOST_AUTO_TEST_CASE(map_and_array_getters) {
  Doc d(sample());
  Result<MapView> address = d.view.map("address");
  BOOST_REQUIRE(address.ok());
  BOOST_TEST(*address->string("town") == "nancun");
  BOOST_TEST(is_invalid(d.view.map("tags").status(), "params.tags", "expected map, got array"));
  BOOST_TEST(is_invalid(d.view.map("missing").status(), "params.missing", "required field is missing"));
  BOOST_TEST(!d.view.optional_map("nothing")->has_value());
  BOOST_TEST(d.view.optional_map("address")->has_value());
  BOOST_TEST(!d.view.optional_map("name").ok());

  Result<const msgpack::object*> tags = d.view.array("tags");
  BOOST_REQUIRE(tags.ok());
  BOOST_TEST((*tags)->via.array.size == 2u);
  BOOST_TEST(is_invalid(d.view.array("address").status(), "params.address", "expected array, got map"));
  BOOST_TEST(is_invalid(d.view.array("nothing").status(), "params.nothing", "required field is missing"));
}

BOOST_AUTO_TEST_CASE(nested_paths_name_the_field) {
  Doc d(sample());
  MapView address = *d.view.map("address");
  BOOST_TEST(address.path_of("town") == "params.address.town");
  BOOST_TEST(is_invalid(address.string("station").status(), "params.address.station",
                        "expected string, got integer"));
  BOOST_TEST(is_invalid(address.int64("zip").status(), "params.address.zip",
                        "required field is missing"));
  // A view without a path names bare keys.
  Doc bare(sample(), "");
  BOOST_TEST(bare.view.path_of("name") == "name");
  BOOST_TEST(is_invalid(bare.view.int64("name").status(), "name", "expected integer, got string"));
}

BOOST_AUTO_TEST_CASE(keys_size_has) {
  Doc d(sample());
  BOOST_TEST(d.view.size() == 9u);
  BOOST_TEST(d.view.has("nothing"));  // present, even though nil
  BOOST_TEST(!d.view.has("missing"));
  std::vector<std::string> keys = d.view.keys();
  BOOST_TEST(keys.front() == "name");
  BOOST_TEST(keys.back() == "nothing");
}

BOOST_AUTO_TEST_CASE(only_keys) {
  MapBuilder m;
  m.set("a", 1).set("b", 2);
  Doc d(m.bytes());
  BOOST_TEST(d.view.only_keys({"a", "b", "c"}).is_ok());
  BOOST_TEST(is_invalid(d.view.only_keys({"a"}), "params.b", "unknown field"));

  // A non-string key is reported, not skipped.
  msgpack::sbuffer buf;
  msgpack::packer<msgpack::sbuffer> p(buf);
  p.pack_map(1);
  p.pack(7);
  p.pack(1);
  Doc odd(std::string(buf.data(), buf.size()));
  BOOST_TEST(is_invalid(odd.view.only_keys({"a"}), "params", "map keys must be strings, got integer"));
}

BOOST_AUTO_TEST_CASE(of_rejects_non_maps) {
  auto h = unpack(pack(std::vector<int>{1, 2}), "params");
  BOOST_REQUIRE(h.ok());
  BOOST_TEST(is_invalid(MapView::of(h->get(), "params").status(), "params", "expected map, got array"));
  BOOST_TEST(is_invalid(MapView::of(h->get()).status(), "value", "expected map, got array"));
}

BOOST_AUTO_TEST_CASE(unpack_rejects_bad_input) {
  std::string good = sample();
  BOOST_TEST(unpack(good, "params").ok());

  Status empty = unpack("", "params").status();
  BOOST_TEST(is_invalid(empty, "params", "params is empty; expected MessagePack"));

  Status truncated = unpack(good.substr(0, good.size() - 3), "params").status();
  BOOST_TEST(is_invalid(truncated, "params", "params is truncated MessagePack"));

  Status trailing = unpack(good + "\x01\x02", "params").status();
  BOOST_TEST(is_invalid(trailing, "params", "params has 2 trailing bytes after one MessagePack value"));

  // 0xc1 is the one byte MessagePack never uses.
  Status malformed = unpack(std::string(1, '\xc1'), "header").status();
  BOOST_TEST(malformed.code() == StatusCode::kInvalidArgument);
  BOOST_TEST(malformed.field() == "header");
}

BOOST_AUTO_TEST_CASE(type_names) {
  auto h = unpack(sample(), "x");
  MapView v = *MapView::of(h->get());
  BOOST_TEST(type_name(*v.find("name")) == "string");
  BOOST_TEST(type_name(*v.find("age")) == "integer");
  BOOST_TEST(type_name(*v.find("debt")) == "integer");
  BOOST_TEST(type_name(*v.find("score")) == "float");
  BOOST_TEST(type_name(*v.find("active")) == "boolean");
  BOOST_TEST(type_name(*v.find("tags")) == "array");
  BOOST_TEST(type_name(*v.find("address")) == "map");
  BOOST_TEST(type_name(*v.find("nothing")) == "nil");
}

}  // namespace
}  // namespace cedu::mp

BOOST_AUTO_TEST_CASE(containers_claiming_more_than_the_input_holds_are_refused) {
  // array32 of 16 million elements in 5 bytes: refused before anything is reserved for it.
  auto huge = cedu::mp::unpack(std::string("\xdd\x00\xff\xff\xff", 5), "header");
  BOOST_TEST(huge.status().code() == cedu::StatusCode::kInvalidArgument);
  BOOST_TEST(huge.status().field() == "header");
  auto huge_map = cedu::mp::unpack(std::string("\xdf\x10\x00\x00\x00", 5), "header");
  BOOST_TEST(huge_map.status().code() == cedu::StatusCode::kInvalidArgument);
  auto long_str = cedu::mp::unpack(std::string("\xdb\x7f\xff\xff\xff", 5), "header");
  BOOST_TEST(long_str.status().code() == cedu::StatusCode::kInvalidArgument);
}

BOOST_AUTO_TEST_CASE(nesting_deeper_than_64_levels_is_refused) {
  std::string deep(100, '\x91');  // 100 nested one-element arrays
  deep += '\xc0';
  BOOST_TEST(cedu::mp::unpack(deep, "params").status().code() ==
             cedu::StatusCode::kInvalidArgument);
  std::string ok(30, '\x91');
  ok += '\xc0';
  BOOST_TEST(cedu::mp::unpack(ok, "params").ok());
}

BOOST_AUTO_TEST_CASE(unpack_into_a_reused_zone_can_borrow_strings) {
  msgpack::zone zone(256);
  const std::string bytes = cedu::mp::MapBuilder().set("title", "书法入门").bytes();
  auto obj = cedu::mp::unpack_into(zone, bytes, "header", /*borrow=*/true);
  BOOST_REQUIRE(obj.ok());
  const msgpack::object* title = cedu::mp::MapView::of(*obj).value().find("title");
  BOOST_REQUIRE(title != nullptr);
  // Borrowed: the string points into the input rather than into the zone.
  auto inside = [&bytes](const char* p) {
    const auto a = reinterpret_cast<std::uintptr_t>(p);
    const auto lo = reinterpret_cast<std::uintptr_t>(bytes.data());
    return a >= lo && a < lo + bytes.size();
  };
  BOOST_TEST(inside(title->via.str.ptr));
  zone.clear();
  auto copied = cedu::mp::unpack_into(zone, bytes, "header");
  BOOST_REQUIRE(copied.ok());
  const msgpack::object* t2 = cedu::mp::MapView::of(*copied).value().find("title");
  BOOST_TEST(!inside(t2->via.str.ptr));
}
