// zhongcun-timebank in process, through the real plugin host (dlopen of the built plugin)
// with the shipped configs/towns/zhongcun.yaml: an approval of Zhongcun earns points at its
// rate, once per hours entry however often the event comes; other towns earn nothing;
// balance, redemption (refusals name the field; only the district or the town's admin) and
// the ledger; the ledger refuses UPDATE and DELETE; a bad rate stops start-up with
// file:line.
#define BOOST_TEST_MODULE timebank
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <msgpack.hpp>

#include "common/config/error.h"
#include "common/sqlite/database.h"
#include "common/testing/temp_dir.h"
#include "plugins/host/plugin_host.h"

using namespace std::chrono_literals;
using cedu::StatusCode;
using namespace cedu::plugins;
namespace fs = std::filesystem;

namespace {

struct World {
  cedu::testing::TempDir dir{"cedu-timebank"};

  explicit World(const std::string& zhongcun_yaml = {}) {
    fs::create_directories(dir.path() / "plugins");
    fs::create_directories(dir.path() / "towns");
    const fs::path to = dir.path() / "plugins" / "zhongcun-timebank.so";
    fs::copy_file(fs::path(CEDU_PLUGIN_DIR) / "zhongcun-timebank.so", to);
    fs::permissions(to, fs::perms(0644));
    const fs::path yaml = dir.path() / "towns" / "zhongcun.yaml";
    if (zhongcun_yaml.empty()) {
      fs::copy_file(fs::path(CEDU_SOURCE_DIR) / "configs/towns/zhongcun.yaml", yaml);
    } else {
      std::ofstream(yaml) << zhongcun_yaml;
    }
  }
  std::unique_ptr<PluginHost> start() const {
    HostOptions o;
    o.service = "volunteer";
    o.plugin_dir = dir.file("plugins");
    o.towns_dir = dir.file("towns");
    o.database = dir.file("volunteer.db");
    o.storage_dir = dir.file("plugin-data");
    o.is_town = [](std::string_view t) { return t == "zhongcun" || t == "nancun"; };
    o.reserved_fields = {"name", "town", "phone"};
    o.refresh = 0ms;
    return PluginHost::start(o);
  }
};

// The payload of volunteer.hours_approved for hours entry `entry` (as service_hours.cpp
// publishes it, the fields the plugin reads).
std::string approved(std::int64_t entry, std::int64_t volunteer, std::int64_t minutes,
                     const std::string& town, const std::string& status = "approved") {
  std::stringstream out;
  msgpack::packer<std::stringstream> pk(out);
  pk.pack_map(8);
  pk.pack("id"), pk.pack(entry);
  pk.pack("volunteer_id"), pk.pack(volunteer);
  pk.pack("town"), pk.pack(town);
  pk.pack("activity"), pk.pack("长者数码课堂助教");
  pk.pack("date"), pk.pack("2026-11-20");
  pk.pack("minutes"), pk.pack(minutes);
  pk.pack("status"), pk.pack(status);
  pk.pack("reviewed_by"), pk.pack("town-admin:" + town);
  return out.str();
}

using Params = std::map<std::string, msgpack::object>;

// Calls volunteer.<method> of the time bank for `town` as `principal`.
cedu::Result<std::string> call(PluginHost& host, const std::string& method, const std::string& town,
                               const Params& params, const std::string& principal = "district-admin") {
  LoadedPlugin* p = host.find("zhongcun-timebank");
  BOOST_REQUIRE(p != nullptr && !p->refused);
  const MethodEntry* entry = nullptr;
  for (const auto& m : p->methods) {
    if (m.name == method) entry = &m;
  }
  BOOST_REQUIRE_MESSAGE(entry != nullptr, "no method " + method);
  std::stringstream packed;
  msgpack::pack(packed, params);
  const std::string bytes = packed.str();
  auto handle = msgpack::unpack(bytes.data(), bytes.size());
  cedu::Request r{.service = "volunteer", .method = method,
                  .params = cedu::mp::MapView::of(handle.get()).value(), .principal = principal,
                  .rights = {}, .deadline = std::chrono::steady_clock::now() + 5s,
                  .idempotency_key = std::nullopt, .attempt = 1};
  return host.invoke(*p, *entry, town, r);
}

std::map<std::string, msgpack::object> reply_map(const std::string& bytes, msgpack::object_handle& keep) {
  keep = msgpack::unpack(bytes.data(), bytes.size());
  return keep.get().as<std::map<std::string, msgpack::object>>();
}

std::int64_t balance(PluginHost& host, std::int64_t volunteer, const std::string& town = "zhongcun") {
  msgpack::zone z;
  auto r = call(host, "timebank_balance", town, {{"volunteer_id", msgpack::object(volunteer, z)}});
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  msgpack::object_handle keep;
  return reply_map(*r, keep).at("balance").as<std::int64_t>();
}

cedu::Status redeem(PluginHost& host, std::int64_t volunteer, std::int64_t points, const std::string& reason,
                    const std::string& principal = "district-admin") {
  msgpack::zone z;
  Params p{{"volunteer_id", msgpack::object(volunteer, z)}, {"points", msgpack::object(points, z)}};
  if (!reason.empty()) p["reason"] = msgpack::object(reason, z);
  auto r = call(host, "timebank_redeem", "zhongcun", p, principal);
  return r.ok() ? cedu::Status::ok() : r.status();
}

}  // namespace

BOOST_AUTO_TEST_CASE(approved_hours_of_zhongcun_earn_points_once) {
  World w;
  auto host = w.start();
  // 2.5 h at the shipped 10 points per hour: 25 points.
  host->notify("volunteer.hours_approved", "zhongcun", approved(1, 7, 150, "zhongcun"));
  BOOST_TEST(balance(*host, 7) == 25);
  // The same approval again (a replayed event) credits nothing more.
  host->notify("volunteer.hours_approved", "zhongcun", approved(1, 7, 150, "zhongcun"));
  BOOST_TEST(balance(*host, 7) == 25);
  // 40 minutes: 6.67 points, rounded down to 6.
  host->notify("volunteer.hours_approved", "zhongcun", approved(2, 7, 40, "zhongcun"));
  BOOST_TEST(balance(*host, 7) == 31);
  // Rejections and reports earn nothing.
  host->notify("volunteer.hours_rejected", "zhongcun", approved(3, 7, 600, "zhongcun", "rejected"));
  host->notify("volunteer.hours_logged", "zhongcun", approved(4, 7, 600, "zhongcun", "reported"));
  BOOST_TEST(balance(*host, 7) == 31);
  // Another town's volunteer earns nothing: Nancun has not enabled the time bank.
  host->notify("volunteer.hours_approved", "nancun", approved(5, 8, 600, "nancun"));
  BOOST_TEST(balance(*host, 8) == 0);
  auto nancun = call(*host, "timebank_balance", "nancun", {});
  BOOST_TEST(nancun.status().code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(nancun.status().field() == "params.town");

  // The ledger survives a restart of the service.
  host.reset();
  host = w.start();
  BOOST_TEST(balance(*host, 7) == 31);
  host->notify("volunteer.hours_approved", "zhongcun", approved(1, 7, 150, "zhongcun"));
  BOOST_TEST(balance(*host, 7) == 31);
}

BOOST_AUTO_TEST_CASE(redemption_within_the_balance_with_precise_refusals) {
  World w;
  auto host = w.start();
  host->notify("volunteer.hours_approved", "zhongcun", approved(1, 7, 180, "zhongcun"));  // 30 points

  for (std::int64_t bad : {0, -5}) {
    auto s = redeem(*host, 7, bad, "兑换理发服务");
    BOOST_TEST(s.code() == StatusCode::kInvalidArgument);
    BOOST_TEST(s.field() == "params.points");
  }
  auto too_many = redeem(*host, 7, 31, "兑换理发服务");
  BOOST_TEST(too_many.code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(too_many.field() == "params.points");
  BOOST_TEST(too_many.message().find("has 30 points in zhongcun, fewer than the 31 to redeem") != std::string::npos,
             too_many.message());
  BOOST_TEST(redeem(*host, 7, 5, "").field() == "params.reason");
  BOOST_TEST(redeem(*host, 7, 5, "   ").field() == "params.reason");
  msgpack::zone z;
  BOOST_TEST(call(*host, "timebank_redeem", "zhongcun", {{"points", msgpack::object(5, z)}}).status().field() ==
             "params.volunteer_id");
  BOOST_TEST(call(*host, "timebank_balance", "zhongcun", {{"volunteer_id", msgpack::object(7, z)},
                                                         {"pionts", msgpack::object(1, z)}})
                 .status().field() == "params.pionts");
  // Only the district or Zhongcun's admin redeems Zhongcun's points.
  BOOST_TEST(redeem(*host, 7, 5, "兑换理发服务", "town-admin:nancun").code() == StatusCode::kPermissionDenied);
  BOOST_TEST(balance(*host, 7) == 30);

  BOOST_TEST(redeem(*host, 7, 20, "兑换社区食堂午餐券", "town-admin:zhongcun").is_ok());
  BOOST_TEST(balance(*host, 7) == 10);
  BOOST_TEST(redeem(*host, 7, 11, "兑换理发服务").code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(redeem(*host, 7, 10, "兑换理发服务").is_ok());
  BOOST_TEST(balance(*host, 7) == 0);

  // The ledger, newest first, with the approval's reference and the reasons staff read.
  auto ledger = call(*host, "timebank_ledger", "zhongcun", {{"volunteer_id", msgpack::object(7, z)}});
  BOOST_REQUIRE_MESSAGE(ledger.ok(), ledger.status().to_string());
  msgpack::object_handle keep;
  auto m = reply_map(*ledger, keep);
  auto items = m.at("items").as<std::vector<std::map<std::string, msgpack::object>>>();
  BOOST_REQUIRE_EQUAL(items.size(), 3u);
  BOOST_TEST(items[0].at("points").as<std::int64_t>() == -10);
  BOOST_TEST(items[1].at("kind").as<std::string>() == "redeem");
  BOOST_TEST(items[1].at("reason").as<std::string>() == "兑换社区食堂午餐券");
  BOOST_TEST(items[1].at("by").as<std::string>() == "town-admin:zhongcun");
  BOOST_TEST(items[2].at("kind").as<std::string>() == "earn");
  BOOST_TEST(items[2].at("points").as<std::int64_t>() == 30);
  BOOST_TEST(items[2].at("reference").as<std::string>() == "hours_entry:1");
  BOOST_TEST(items[2].at("reason").as<std::string>() == "志愿服务时长审核通过：2026-11-20 长者数码课堂助教 3 小时");
  BOOST_TEST(m.at("balance").as<std::int64_t>() == 0);

  // Append-only, whoever opens the file.
  host.reset();
  auto db = cedu::sqlite::Database::open(w.dir.file("plugin-data/zhongcun-timebank.db"));
  BOOST_REQUIRE(db.ok());
  auto update = db->exec("UPDATE ledger SET points = 1000");
  BOOST_TEST(!update.is_ok());
  BOOST_TEST(update.message().find("append-only") != std::string::npos, update.message());
  BOOST_TEST(!db->exec("DELETE FROM ledger").is_ok());
}

BOOST_AUTO_TEST_CASE(rate_and_rounding_come_from_the_town_config) {
  World nearest("plugins:\n  - name: zhongcun-timebank\n    config:\n      points_per_hour: 3\n      rounding: nearest\n");
  auto host = nearest.start();
  host->notify("volunteer.hours_approved", "zhongcun", approved(1, 7, 50, "zhongcun"));  // 2.5 → 3
  host->notify("volunteer.hours_approved", "zhongcun", approved(2, 7, 10, "zhongcun"));  // 0.5 → 1
  host->notify("volunteer.hours_approved", "zhongcun", approved(3, 7, 5, "zhongcun"));   // 0.25 → 0
  BOOST_TEST(balance(*host, 7) == 4);

  World bad("plugins:\n  - name: zhongcun-timebank\n    config:\n      points_per_hour: 0\n");
  try {
    bad.start();
    BOOST_FAIL("a rate of 0 was accepted");
  } catch (const cedu::config::ConfigError& e) {
    const std::string what = e.what();
    BOOST_TEST(what.find("zhongcun.yaml:4: plugins[0].config.points_per_hour: plugin zhongcun-timebank: "
                         "must be a whole number from 1 to 10000") != std::string::npos, what);
  }
  World unknown("plugins:\n  - name: zhongcun-timebank\n    config:\n      points_per_hour: 10\n      round: up\n");
  BOOST_CHECK_THROW(unknown.start(), cedu::config::ConfigError);
}
