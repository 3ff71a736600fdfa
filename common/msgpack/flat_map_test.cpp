// unpack_flat_map must agree with msgpack-cxx's general unpacker on everything it accepts,
// and decline (nullopt) whatever it does not handle. Checked against the general unpacker
// on generated maps and on random mutations of them.
#define BOOST_TEST_MODULE msgpack_flat_map
#include <boost/test/unit_test.hpp>

#include <limits>
#include <random>

#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"
#include "common/msgpack/flat_map.h"

namespace mp = cedu::mp;

namespace {

// A random flat map with every scalar encoding the fast path handles, at and around the
// boundaries between MessagePack's integer and string widths.
std::string random_flat_map(std::mt19937_64& rng) {
  static const std::int64_t kInts[] = {0, 1, 127, 128, 255, 256, 65535, 65536, 4294967295LL,
                                       4294967296LL, std::numeric_limits<std::int64_t>::max(),
                                       -1, -32, -33, -128, -129, -32768, -32769,
                                       -2147483648LL, -2147483649LL,
                                       std::numeric_limits<std::int64_t>::min()};
  static const std::size_t kLens[] = {0, 1, 31, 32, 255, 256, 300};
  mp::MapBuilder b;
  const int n = static_cast<int>(rng() % 16);
  for (int i = 0; i < n; ++i) {
    std::string key = "k" + std::to_string(i);
    if (rng() % 5 == 0) key = std::string(kLens[rng() % 4], 'q') + key;  // long keys too
    switch (rng() % 6) {
      case 0: b.set(key, kInts[rng() % std::size(kInts)]); break;
      case 1: b.set(key, static_cast<std::uint64_t>(rng())); break;
      case 2: b.set(key, rng() % 2 == 0); break;
      case 3: b.set_nil(key); break;
      case 4: b.set(key, std::string(kLens[rng() % std::size(kLens)], 'x')); break;
      default: b.set(key, std::string("书法入门")); break;
    }
  }
  return b.bytes();
}

std::optional<msgpack::object_handle> general(const std::string& bytes) {
  auto r = mp::unpack(bytes, "header");
  if (!r.ok()) return std::nullopt;
  return std::move(r).value();
}

}  // namespace

BOOST_AUTO_TEST_CASE(agrees_with_the_general_unpacker_on_flat_maps) {
  std::mt19937_64 rng(20261129);
  for (int i = 0; i < 5000; ++i) {
    const std::string bytes = random_flat_map(rng);
    msgpack::zone zone(512);
    auto fast = mp::unpack_flat_map(zone, bytes);
    auto slow = general(bytes);
    BOOST_REQUIRE(slow.has_value());
    BOOST_REQUIRE_MESSAGE(fast.has_value(), "fast path declined a flat map, case " << i);
    BOOST_REQUIRE_MESSAGE(mp::same_value(*fast, slow->get()), "decoders disagree, case " << i);
  }
}

BOOST_AUTO_TEST_CASE(never_accepts_what_the_general_unpacker_refuses_or_reads_differently) {
  std::mt19937_64 rng(7);
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string bytes = random_flat_map(rng);
    switch (rng() % 3) {
      case 0:  // flip a byte
        if (!bytes.empty()) bytes[rng() % bytes.size()] = static_cast<char>(rng());
        break;
      case 1:  // truncate
        bytes.resize(rng() % (bytes.size() + 1));
        break;
      default:  // append garbage
        bytes.push_back(static_cast<char>(rng()));
        break;
    }
    msgpack::zone zone(512);
    auto fast = mp::unpack_flat_map(zone, bytes);
    if (!fast) continue;
    ++accepted;
    auto slow = general(bytes);
    BOOST_REQUIRE_MESSAGE(slow.has_value(), "fast path accepted what msgpack refuses, case " << i);
    BOOST_REQUIRE_MESSAGE(mp::same_value(*fast, slow->get()), "decoders disagree, case " << i);
  }
  BOOST_TEST(accepted > 1000);  // the mutations still exercise the fast path
}

BOOST_AUTO_TEST_CASE(declines_shapes_it_does_not_handle) {
  msgpack::zone zone(512);
  mp::MapBuilder nested;
  nested.set("error", mp::MapBuilder().set("code", "INTERNAL"));
  BOOST_TEST(!mp::unpack_flat_map(zone, nested.bytes()).has_value());
  BOOST_TEST(!mp::unpack_flat_map(zone, mp::pack(std::vector<int>{1, 2})).has_value());
  BOOST_TEST(!mp::unpack_flat_map(zone, mp::MapBuilder().set("f", 1.5).bytes()).has_value());
  BOOST_TEST(!mp::unpack_flat_map(zone, std::string("\xde\x00\x01\xa1k\x01", 6)).has_value());
  BOOST_TEST(!mp::unpack_flat_map(zone, "").has_value());
  // Empty strings compare equal whether or not their pointers are null.
  msgpack::object a, b;
  a.type = b.type = msgpack::type::STR;
  a.via.str = {0, nullptr};
  b.via.str = {0, "x"};
  BOOST_TEST(mp::same_value(a, b));
  b.via.str = {1, "x"};
  BOOST_TEST(!mp::same_value(a, b));
  BOOST_TEST(mp::unpack_flat_map(zone, mp::empty_map()).has_value());
  // Through unpack_into the declined shapes still decode, by the general unpacker.
  const std::string nested_bytes = nested.bytes();  // borrowed from: must outlive `obj`
  auto obj = mp::unpack_into(zone, nested_bytes, "header", /*borrow=*/true);
  BOOST_REQUIRE(obj.ok());
  BOOST_TEST(mp::MapView::of(*obj).value().map("error").value().string("code").value() ==
             "INTERNAL");
}
