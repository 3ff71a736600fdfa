// cedu-funding killed with SIGKILL in the middle of a stream of postings: a client keeps
// 16 postings in flight (each with its own idempotency key); after 120 acknowledgements
// the service is killed. Restarted on the same SQLite file, every acknowledged entry is
// there with its amount; resending the whole stream with the same keys posts each missing
// entry once and none twice, so the ledger then holds exactly the stream and its sums
// agree (entries listed, funding.summary, the stream's own total); PRAGMA integrity_check
// is ok.
#define BOOST_TEST_MODULE funding_crash
#include <boost/test/unit_test.hpp>

#include <csignal>
#include <map>

#include "common/sqlite/database.h"
#include "tests/support/bus_fixture.h"
#include "tests/support/library_services.h"
#include "tests/support/library_test_helpers.h"

using namespace std::chrono_literals;
using cedu::StatusCode;
using namespace cedu::testing;
namespace mp = cedu::mp;

namespace {

constexpr int kStream = 400, kWindow = 16, kKillAfter = 120;

std::string expenditure(int i) {
  return mp::MapBuilder()
      .set("kind", "expenditure").set("unit", "shiqiao").set("year", 2026)
      .set("category", "teaching").set("source", "government")
      .set("amount_fen", std::int64_t{i + 1}).set("date", "2026-04-01")
      .set("document", "支出凭证 " + std::to_string(i)).bytes();
}

cedu::CallOptions keyed(int i) {
  cedu::CallOptions o;
  o.idempotency_key = "stream-" + std::to_string(i);
  o.timeout = 3000ms;
  return o;
}

// Every entry of the ledger: id → amount.
std::map<std::int64_t, std::int64_t> ledger(cedu::Client& client) {
  std::map<std::int64_t, std::int64_t> out;
  std::int64_t after = 0;
  while (true) {
    auto page = client.call("funding", "entries", mp::MapBuilder().set("after", after).set("limit", 1000).bytes());
    BOOST_REQUIRE_MESSAGE(page.ok(), page.status().to_string());
    const std::uint32_t n = items_of(*page);
    for (std::uint32_t i = 0; i < n; ++i) {
      mp::MapView e = item(*page, "items", i);
      out[e.int64("id").value()] = e.int64("amount_fen").value();
    }
    if (view(*page).find("next_after")->is_nil()) break;
    after = view(*page).int64("next_after").value();
  }
  return out;
}

// cedu-funding with the shipped indicator system (its default path is relative to the
// working directory, which is the build tree here).
Process start_funding(BusFixture& bus, const std::string& database = {}) {
  return start_library_service(
      bus, "funding", {"--performance", source_path("configs/funding/performance.yaml")}, database);
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_acknowledged_posting_survives_kill_9) {
  BusFixture bus(std::vector<GrantSpec>{{"service:funding", {"project.get"}, {}}});
  const std::string db = bus.dir().file("funding.db");
  auto svc = start_funding(bus, db);
  auto client = bus.client();
  auto budget = client->call("funding", "post",
                             mp::MapBuilder().set("kind", "budget").set("unit", "shiqiao").set("year", 2026)
                                 .set("category", "teaching").set("source", "government")
                                 .set("amount_fen", std::int64_t{1'000'000}).set("document", "预算").bytes());
  BOOST_REQUIRE_MESSAGE(budget.ok(), budget.status().to_string());

  std::map<int, std::int64_t> acked;  // stream index → entry id
  int sent = 0, done = 0;
  bool killed = false;
  auto fill_window = [&] {
    while (sent < kStream && sent - done < kWindow) {
      const int i = sent++;
      client->call_async("funding", "post", expenditure(i),
                         [&, i](cedu::Result<cedu::Reply> r) {
                           ++done;
                           if (r.ok()) acked[i] = view(*r).int64("id").value();
                         },
                         keyed(i));
    }
  };
  while (done < sent || (sent < kStream && !killed)) {
    if (!killed) fill_window();
    BOOST_REQUIRE(client->poll(20ms).is_ok());
    if (!killed && acked.size() >= static_cast<std::size_t>(kKillAfter)) {
      fill_window();  // a full window in flight when it dies
      svc.signal(SIGKILL);
      killed = true;
    }
  }
  BOOST_REQUIRE(killed);
  BOOST_TEST_MESSAGE(acked.size() << " of " << sent << " postings acknowledged before kill -9");
  BOOST_TEST(acked.size() < static_cast<std::size_t>(sent));  // it died mid-stream
  BOOST_TEST(svc.wait(5000ms).value_or(0) == 128 + SIGKILL);

  auto restarted = start_funding(bus, db);
  const auto after_crash = ledger(*client);
  for (const auto& [i, id] : acked) {
    auto it = after_crash.find(id);
    BOOST_REQUIRE_MESSAGE(it != after_crash.end(), "acknowledged entry " << id << " lost");
    BOOST_TEST(it->second == i + 1);
  }

  // The whole stream again, same keys: what was posted is answered, the rest posted once.
  for (int i = 0; i < kStream; ++i) {
    auto r = client->call("funding", "post", expenditure(i), keyed(i));
    BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
    if (acked.count(i)) {
      BOOST_TEST(view(*r).int64("id").value() == acked[i]);
      BOOST_TEST(view(*r).boolean("replay").value());
    }
  }
  const auto final_ledger = ledger(*client);
  BOOST_TEST(final_ledger.size() == static_cast<std::size_t>(kStream + 1));
  std::int64_t spent = 0;
  for (const auto& [id, amount] : final_ledger) spent += amount;
  spent -= 1'000'000;  // the budget
  BOOST_TEST(spent == std::int64_t{kStream} * (kStream + 1) / 2);
  auto summary = client->call("funding", "summary", mp::MapBuilder().set("year", 2026).set("unit", "shiqiao").bytes());
  BOOST_REQUIRE_MESSAGE(summary.ok(), summary.status().to_string());
  BOOST_TEST(view(*summary).int64("expenditure_fen").value() == spent);
  BOOST_TEST(view(*summary).int64("budget_fen").value() == 1'000'000);

  restarted.stop();
  auto check = cedu::sqlite::Database::open(db);
  BOOST_REQUIRE(check.ok());
  BOOST_TEST(check->integrity_check().value() == "ok");
}
