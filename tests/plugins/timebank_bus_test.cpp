// zhongcun-timebank in the real cedu-volunteer on the real bus with CURVE, enabled by the
// shipped configs/towns/zhongcun.yaml: hours approved through volunteer.review_hours credit
// Zhongcun's volunteer at 10 points an hour; Nancun's volunteer earns nothing; the town's
// admin reads the balance of its own town without naming it and redeems within it; another
// town's admin may not redeem Zhongcun's points.
#define BOOST_TEST_MODULE timebank_bus
#include <boost/test/unit_test.hpp>

#include <filesystem>

#include "tests/support/bus_fixture.h"
#include "tests/support/library_services.h"
#include "tests/support/library_test_helpers.h"

using cedu::StatusCode;
using namespace cedu::testing;
namespace fs = std::filesystem;
namespace mp = cedu::mp;

namespace {

const std::vector<GrantSpec> kGrants = {
    {"service:volunteer", {}, {}},
    {"town-admin:zhongcun", {"volunteer.*"}, {}},
    {"town-admin:nancun", {"volunteer.*"}, {}},
};

// Logs `hours` for the volunteer and has `reviewer` approve them; the entry's id.
std::int64_t approved_hours(cedu::Client& reviewer, std::int64_t volunteer, double hours) {
  auto logged = reviewer.call("volunteer", "log_hours",
                              mp::MapBuilder().set("volunteer_id", volunteer).set("activity", "长者数码课堂助教")
                                  .set("date", "2026-11-20").set("hours", hours).bytes());
  const std::int64_t entry = id_of(logged);
  auto approved = reviewer.call("volunteer", "review_hours",
                                mp::MapBuilder().set("entry_id", entry).set("decision", "approve").bytes());
  BOOST_REQUIRE_MESSAGE(approved.ok(), approved.status().to_string());
  return entry;
}

}  // namespace

BOOST_AUTO_TEST_CASE(approved_hours_of_zhongcun_earn_points_that_its_admin_redeems) {
  BusFixture bus(kGrants);
  TempDir dir("cedu-timebank-bus");
  const fs::path plugins = dir.path() / "plugins";
  const fs::path towns = dir.path() / "towns";
  fs::create_directories(plugins);
  fs::create_directories(towns);
  fs::copy_file(fs::path(CEDU_PLUGIN_DIR) / "zhongcun-timebank.so", plugins / "zhongcun-timebank.so");
  fs::permissions(plugins / "zhongcun-timebank.so", fs::perms(0644));
  fs::copy_file(source_path("configs/towns/zhongcun.yaml"), towns / "zhongcun.yaml");
  auto volunteers = start_library_service(bus, "volunteer",
                                          {"--plugin-dir", plugins.string(), "--towns-dir", towns.string()});
  auto admin = bus.client();
  auto zhongcun = bus.client_as("town-admin:zhongcun");
  auto nancun = bus.client_as("town-admin:nancun");
  const auto ours = id_of(zhongcun->call("volunteer", "create",
                                         volunteer_params("钟小梅", "zhongcun", "13812345678").bytes()));
  const auto theirs = id_of(nancun->call("volunteer", "create",
                                         volunteer_params("南大勇", "nancun", "13912345678").bytes()));

  // 2.5 h approved by Zhongcun's admin: 25 points; Nancun's 3 h earn nothing.
  approved_hours(*zhongcun, ours, 2.5);
  approved_hours(*nancun, theirs, 3);
  auto balance = zhongcun->call("volunteer", "timebank_balance", mp::MapBuilder().set("volunteer_id", ours).bytes());
  BOOST_REQUIRE_MESSAGE(balance.ok(), balance.status().to_string());
  BOOST_TEST(view(*balance).string("town").value() == "zhongcun");
  BOOST_TEST(view(*balance).int64("balance").value() == 25);
  BOOST_TEST(view(*balance).int64("points_per_hour").value() == 10);
  auto foreign = admin->call("volunteer", "timebank_balance",
                             mp::MapBuilder().set("volunteer_id", theirs).set("town", "nancun").bytes());
  BOOST_TEST(foreign.status().code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(foreign.status().field() == "params.town");
  auto theirs_here = admin->call("volunteer", "timebank_balance",
                                 mp::MapBuilder().set("volunteer_id", theirs).set("town", "钟村街").bytes());
  BOOST_REQUIRE_MESSAGE(theirs_here.ok(), theirs_here.status().to_string());
  BOOST_TEST(view(*theirs_here).int64("balance").value() == 0);

  // Redemption: within the balance only, naming the field; not by another town's admin.
  auto redeem = [&](cedu::Client& who, std::int64_t points) {
    return who.call("volunteer", "timebank_redeem",
                    mp::MapBuilder().set("volunteer_id", ours).set("points", points).set("reason", "兑换社区理发服务")
                        .set("town", "zhongcun").bytes());
  };
  auto too_many = redeem(*zhongcun, 26);
  BOOST_TEST(too_many.status().code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(too_many.status().field() == "params.points");
  BOOST_TEST(redeem(*zhongcun, 0).status().field() == "params.points");
  BOOST_TEST(redeem(*nancun, 5).status().code() == StatusCode::kPermissionDenied);
  auto done = redeem(*zhongcun, 20);
  BOOST_REQUIRE_MESSAGE(done.ok(), done.status().to_string());
  BOOST_TEST(view(*done).int64("balance").value() == 5);

  // Another 1 h: 10 more points; the ledger has all three entries, newest first.
  approved_hours(*zhongcun, ours, 1);
  auto ledger = zhongcun->call("volunteer", "timebank_ledger", mp::MapBuilder().set("volunteer_id", ours).bytes());
  BOOST_REQUIRE_MESSAGE(ledger.ok(), ledger.status().to_string());
  BOOST_TEST(view(*ledger).int64("balance").value() == 15);
  BOOST_REQUIRE_EQUAL(items_of(*ledger), 3u);
  BOOST_TEST(item(*ledger, "items", 0).int64("points").value() == 10);
  BOOST_TEST(item(*ledger, "items", 1).string("kind").value() == "redeem");
  BOOST_TEST(item(*ledger, "items", 2).string("reason").value() ==
             "志愿服务时长审核通过：2026-11-20 长者数码课堂助教 2.5 小时");

  // volunteer.plugins lists it, loaded for Zhongcun, without failures.
  auto listed = admin->call("volunteer", "plugins", mp::MapBuilder().bytes());
  BOOST_REQUIRE(listed.ok());
  auto entry = item(*listed, "plugins", 0);
  BOOST_TEST(entry.string("name").value() == "zhongcun-timebank");
  BOOST_TEST(entry.string("state").value() == "loaded");
  BOOST_TEST(entry.uint64("failures").value() == 0u);
}
