// Unit tests of the paging of domain listings: after/limit and next_after.
#define BOOST_TEST_MODULE library_paging
#include <boost/test/unit_test.hpp>

#include "common/msgpack/builder.h"
#include "services/library/paging.h"

using namespace cedu::library;
using cedu::StatusCode;
namespace mp = cedu::mp;

namespace {

cedu::Result<PageParams> page_of(const mp::MapBuilder& b, std::int64_t default_limit = 500) {
  auto h = mp::unpack(b.bytes(), "params").value();
  return read_page(mp::MapView::of(h.get(), "params").value(), default_limit);
}

struct Row {
  std::int64_t id;
};

}  // namespace

BOOST_AUTO_TEST_CASE(after_and_limit_have_defaults_and_bounds) {
  auto none = page_of(mp::MapBuilder(), 100);
  BOOST_TEST(none->after == 0);
  BOOST_TEST(none->limit == 100);
  auto given = page_of(mp::MapBuilder().set("after", 42).set("limit", 1000));
  BOOST_TEST(given->after == 42);
  BOOST_TEST(given->limit == 1000);
  for (int bad : {0, -1, 1001}) {
    auto r = page_of(mp::MapBuilder().set("limit", bad));
    BOOST_TEST(r.status().code() == StatusCode::kInvalidArgument);
    BOOST_TEST(r.status().field() == "params.limit");
    BOOST_TEST(r.status().message() == "must be 1..1000");
  }
  BOOST_TEST(page_of(mp::MapBuilder().set("after", "x")).status().field() == "params.after");
}

BOOST_AUTO_TEST_CASE(a_full_page_names_its_last_id) {
  const std::vector<Row> rows = {{3}, {5}, {9}};
  BOOST_TEST(next_after(rows, 3).value() == 9);
  BOOST_TEST(!next_after(rows, 4).has_value());
  BOOST_TEST(!next_after(std::vector<Row>{}, 1).has_value());
  // Packed: the id, or nil at the end.
  auto packed = mp::MapBuilder().set("a", next_after(rows, 3)).set("b", next_after(rows, 4)).bytes();
  BOOST_TEST(packed == mp::MapBuilder().set("a", std::int64_t{9}).set_nil("b").bytes());
}
