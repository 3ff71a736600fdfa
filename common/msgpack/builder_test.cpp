#define BOOST_TEST_MODULE msgpack_builder
#include "common/msgpack/builder.h"

#include <cstdint>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "common/msgpack/fields.h"

namespace cedu::mp {
namespace {

BOOST_AUTO_TEST_CASE(empty_builders) {
  BOOST_TEST(MapBuilder().bytes() == empty_map());
  BOOST_TEST(empty_map() == std::string(1, '\x80'));
  BOOST_TEST(ArrayBuilder().bytes() == std::string(1, '\x90'));
}

BOOST_AUTO_TEST_CASE(map_round_trip) {
  MapBuilder inner;
  inner.set("x", 1);
  ArrayBuilder list;
  list.add(1).add(std::string("two")).add(inner);
  MapBuilder m;
  m.set("s", std::string("hello"))
      .set("i", std::int64_t{-7})
      .set("u", std::uint64_t{1} << 40)
      .set("b", false)
      .set("d", 0.25)
      .set("inner", inner)
      .set("list", list)
      .set("raw", Raw{pack(std::string("pre-packed"))})
      .set_nil("none");
  BOOST_TEST(m.size() == 9u);

  auto h = unpack(m.bytes(), "m");
  BOOST_REQUIRE(h.ok());
  MapView v = *MapView::of(h->get(), "m");
  BOOST_TEST(v.size() == 9u);
  BOOST_TEST(*v.string("s") == "hello");
  BOOST_TEST(*v.int64("i") == -7);
  BOOST_TEST(*v.uint64("u") == (std::uint64_t{1} << 40));
  BOOST_TEST(*v.boolean("b") == false);
  BOOST_TEST(*v.number("d") == 0.25);
  BOOST_TEST(*v.map("inner")->int64("x") == 1);
  BOOST_TEST(*v.string("raw") == "pre-packed");
  BOOST_TEST(v.has("none"));
  BOOST_TEST(!v.optional_string("none")->has_value());

  const msgpack::object* arr = *v.array("list");
  BOOST_REQUIRE(arr->via.array.size == 3u);
  BOOST_TEST(arr->via.array.ptr[0].as<int>() == 1);
  BOOST_TEST(arr->via.array.ptr[1].as<std::string>() == "two");
  BOOST_TEST(*MapView::of(arr->via.array.ptr[2])->int64("x") == 1);
}

BOOST_AUTO_TEST_CASE(array_round_trip_with_raw) {
  ArrayBuilder a;
  a.add(Raw{empty_map()}).add(std::vector<int>{1, 2, 3});
  BOOST_TEST(a.size() == 2u);
  auto h = unpack(a.bytes(), "a");
  BOOST_REQUIRE(h.ok());
  const msgpack::object& o = h->get();
  BOOST_REQUIRE(o.type == msgpack::type::ARRAY);
  BOOST_TEST(o.via.array.ptr[0].type == msgpack::type::MAP);
  BOOST_TEST(o.via.array.ptr[0].via.map.size == 0u);
  BOOST_TEST(o.via.array.ptr[1].as<std::vector<int>>().size() == 3u);
}

BOOST_AUTO_TEST_CASE(pack_helper_round_trips) {
  auto h = unpack(pack(std::string("x")), "v");
  BOOST_REQUIRE(h.ok());
  BOOST_TEST(h->get().as<std::string>() == "x");
}

}  // namespace
}  // namespace cedu::mp
