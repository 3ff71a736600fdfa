#define BOOST_TEST_MODULE evaluation_methods
#include "services/evaluation/evaluation_methods.h"

#include <cstdlib>

#include <boost/test/unit_test.hpp>

#include "common/msgpack/builder.h"

namespace cedu::evaluation {
namespace {

std::string source_dir() {
  const char* dir = std::getenv("CEDU_SOURCE_DIR");
  return dir ? dir : CEDU_TEST_SOURCE_DIR;
}

const StandardCatalogue& shipped() {
  static const StandardCatalogue c =
      StandardCatalogue::load_dir(source_dir() + "/configs/standards");
  return c;
}

// Calls `handler` with `params` as the bus would, and unpacks the reply.
struct Call {
  Result<std::string> reply = Status::internal("not called");
  msgpack::object_handle handle;

  template <typename H>
  Call(H handler, const std::string& params) {
    auto in = mp::unpack(params, "params").value();
    const Request req{"evaluation", "test", mp::MapView::of(in.get(), "params").value(),
                      "district-admin", {}, std::chrono::steady_clock::now(), std::nullopt, 1};
    reply = handler(shipped(), req);
    if (reply.ok()) handle = mp::unpack(*reply, "reply").value();
  }
  mp::MapView view() const { return mp::MapView::of(handle.get()).value(); }
};

BOOST_AUTO_TEST_CASE(standards_lists_and_gets) {
  Call list(handle_standards, mp::empty_map());
  BOOST_REQUIRE_MESSAGE(list.reply.ok(), list.reply.status().to_string());
  const msgpack::object* all = list.view().array("standards").value();
  BOOST_TEST(all->via.array.size == shipped().all().size());

  Call one(handle_standards, mp::MapBuilder().set("standard", "station").bytes());
  BOOST_REQUIRE(one.reply.ok());
  auto s = one.view().map("standard").value();
  BOOST_TEST(s.string("name").value() == "番禺区星级村居社区教育辅导站评估标准");
  BOOST_TEST(s.int64("version").value() == 1);
  BOOST_TEST(s.string("organisation_name").value() == "村居社区教育辅导站");
  BOOST_TEST(s.array("tree").value()->via.array.size == 5u);

  Call none(handle_standards, mp::MapBuilder().set("standard", "school").bytes());
  BOOST_TEST((none.reply.status().code() == StatusCode::kNotFound));
  BOOST_TEST(none.reply.status().field() == "params.standard");
  Call no_version(handle_standards,
                  mp::MapBuilder().set("standard", "station").set("version", 9).bytes());
  BOOST_TEST((no_version.reply.status().code() == StatusCode::kNotFound));
  BOOST_TEST(no_version.reply.status().field() == "params.version");
  Call typo(handle_standards, mp::MapBuilder().set("standrd", "station").bytes());
  BOOST_TEST((typo.reply.status().code() == StatusCode::kInvalidArgument));
}

BOOST_AUTO_TEST_CASE(preview_scores_and_refuses_with_params_fields) {
  auto values = mp::MapBuilder()
                    .set("station_head", mp::MapBuilder().set("value", true).set(
                                             "evidence", std::vector<std::string>{"任命文件.pdf"}))
                    .set("courses_held", 15)   // half of the ramp 6..24 → 4 of 8
                    .set("pairing", false);
  Call ok(handle_preview, mp::MapBuilder().set("standard", "station").set("values", values).bytes());
  BOOST_REQUIRE_MESSAGE(ok.reply.ok(), ok.reply.status().to_string());
  BOOST_TEST(ok.view().number("total").value() == 8.0);
  BOOST_TEST(!ok.view().boolean("complete").value());
  BOOST_TEST(ok.view().array("missing").value()->via.array.size > 10u);

  auto no_evidence = mp::MapBuilder().set("station_head", true);
  Call refused(handle_preview,
               mp::MapBuilder().set("standard", "station").set("values", no_evidence).bytes());
  BOOST_TEST((refused.reply.status().code() == StatusCode::kFailedPrecondition));
  BOOST_TEST(refused.reply.status().field() == "params.values.station_head.evidence");

  auto out_of_bounds = mp::MapBuilder().set("facilities", 4.5);
  Call bounds(handle_preview,
              mp::MapBuilder().set("standard", "station").set("values", out_of_bounds).bytes());
  BOOST_TEST((bounds.reply.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(bounds.reply.status().field() == "params.values.facilities");

  auto text = mp::MapBuilder().set("facilities", "四分");
  Call wrong(handle_preview,
             mp::MapBuilder().set("standard", "station").set("values", text).bytes());
  BOOST_TEST((wrong.reply.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(wrong.reply.status().field() == "params.values.facilities");
  BOOST_TEST(wrong.reply.status().message() == "expected a number or a boolean, got string");
}

}  // namespace
}  // namespace cedu::evaluation
