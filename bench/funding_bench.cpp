// funding_bench: cedu-funding against its baselines, measured in the same run (DESIGN.md §7).
//   1. durable funding.post (expenditures on one budget line, `--window` in flight, and one
//      at a time) through cedu-bus + cedu-funding — synchronous=FULL, group commit — vs raw
//      SQLite autocommit inserts of the same rows with synchronous=FULL on the same file
//      system: the ratios;
//   2. the disclosure report of a year over `--entries` ledger entries (1M by default,
//      spread over every unit of the network, written straight into the funding schema —
//      they bypass the posting rules, which are not what is measured): funding.report for
//      the district in each format and for every town, vs raw SQLite's GROUP BY of the same
//      sums on the same file.
// Results go to stdout as a Markdown table; docs/performance.md has the command and figures.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <random>

#include <CLI/CLI.hpp>

#include "bench/bench_health.h"
#include "bench/bench_paths.h"
#include "bus/client/client.h"
#include "common/config/network.h"
#include "common/msgpack/builder.h"
#include "common/sqlite/database.h"
#include "common/sqlite/transaction.h"
#include "common/testing/temp_dir.h"
#include "services/funding/ledger_store.h"
#include "tests/support/process.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
namespace mp = cedu::mp;
namespace fd = cedu::funding;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

struct Stack {
  cedu::testing::Process bus, funding;
  std::string endpoint;
};

std::optional<Stack> start_stack(cedu::testing::TempDir& dir, const std::string& tag,
                                 const std::string& database, const char* source) {
  const std::string bin = cedu::bench::bin_dir(), ep_file = dir.file("bus-" + tag + ".ep");
  Stack s;
  s.bus = cedu::testing::Process::spawn({bin + "/cedu-bus", "--insecure", "--endpoint",
                                         "tcp://127.0.0.1:0", "--endpoint-file", ep_file,
                                         "--events-db", dir.file("events-" + tag + ".db"),
                                         "--log-level", "warn"});
  auto ep = cedu::testing::wait_for_file(ep_file, 5s);
  if (!ep) return std::nullopt;
  s.endpoint = *ep;
  const std::string src = std::getenv("CEDU_SOURCE_DIR") ? std::getenv("CEDU_SOURCE_DIR") : source;
  s.funding = cedu::testing::Process::spawn(
      {bin + "/cedu-funding", "--insecure", "--endpoint", s.endpoint, "--database", database,
       "--network", cedu::bench::shipped_network(source), "--performance",
       src + "/configs/funding/performance.yaml", "--threads", "2", "--log-level", "warn"});
  cedu::ClientOptions o;
  o.endpoint = s.endpoint;
  auto c = cedu::Client::connect(o).value();
  if (!cedu::bench::answers_health(*c, "funding")) return std::nullopt;
  return s;
}

std::string expenditure(int i) {
  return mp::MapBuilder()
      .set("kind", "expenditure").set("unit", "nancun").set("year", 2026)
      .set("category", "teaching").set("source", "government")
      .set("amount_fen", std::int64_t{100 + i % 900}).set("date", "2026-04-01")
      .set("document", "支出凭证 " + std::to_string(i)).bytes();
}

// `calls` postings with `window` in flight; postings per second.
double post_rate(cedu::Client& client, int calls, int window) {
  int sent = 0, done = 0, failed = 0;
  cedu::CallOptions o;
  o.timeout = 30s;
  const auto t0 = Clock::now();
  while (done < calls) {
    while (sent < calls && sent - done < window) {
      client.call_async("funding", "post", expenditure(sent),
                        [&](cedu::Result<cedu::Reply> r) {
                          ++done;
                          if (!r.ok() && failed++ == 0) std::cerr << r.status().to_string() << "\n";
                        },
                        o);
      ++sent;
    }
    (void)client.poll(10ms);
  }
  if (failed > 0) std::cerr << failed << " postings failed\n";
  return calls / seconds_since(t0);
}

// The same rows as autocommit inserts into a table of the same shape, synchronous=FULL.
double raw_post_rate(const std::string& path, int n) {
  auto db = cedu::sqlite::Database::open(path).value();  // WAL, synchronous=FULL
  (void)db.exec("CREATE TABLE entries(id INTEGER PRIMARY KEY, kind TEXT, unit TEXT, town TEXT,"
                " year INTEGER, category TEXT, source TEXT, amount_fen INTEGER, date TEXT,"
                " document TEXT, principal TEXT, at TEXT)");
  auto st = db.prepare("INSERT INTO entries(kind, unit, town, year, category, source, amount_fen,"
                       " date, document, principal, at) VALUES('expenditure', 'nancun', 'nancun',"
                       " 2026, 'teaching', 'government', ?1, '2026-04-01', ?2, 'bench',"
                       " '2026-04-01T00:00:00.000Z')").value();
  const auto t0 = Clock::now();
  for (int i = 0; i < n; ++i) {
    (void)st.bind(1, std::int64_t{100 + i % 900});
    (void)st.bind_text(2, "支出凭证 " + std::to_string(i));
    (void)st.run();
    st.reset();
  }
  return n / seconds_since(t0);
}

// `entries` rows of 2026 over every unit of the network, written with the ledger's own
// insert in one transaction; about half the disbursements get a receipt.
void fill_ledger(const std::string& path, const cedu::config::Network& network, std::size_t entries) {
  auto db = cedu::sqlite::Database::open(path).value();
  if (auto s = cedu::sqlite::migrate(db, fd::funding_migrations()); !s.is_ok()) {
    std::cerr << s.to_string() << "\n";
    std::exit(1);
  }
  std::vector<std::pair<std::string, std::string>> units = {{network.district_slug, ""}};
  for (const auto& t : network.towns) {
    units.emplace_back(t.slug, t.slug);
    for (const auto& s : t.stations) units.emplace_back(s.id, t.slug);
  }
  const std::vector<std::string> categories = {"teaching", "training", "projects", "operations"};
  const std::vector<std::string> sources = {"government", "social_donation", "individual_fee", "other"};
  std::mt19937_64 g(20260401);
  auto tx = cedu::sqlite::Transaction::begin(db).value();
  auto receipt = db.prepare("INSERT INTO receipts(disbursement_id, received_on, document, principal, at)"
                            " VALUES(?1, '2026-05-01', '', 'bench', '2026-05-01T00:00:00.000Z')").value();
  for (std::size_t i = 0; i < entries; ++i) {
    const auto& [unit, town] = units[g() % units.size()];
    fd::Entry e;
    const std::uint64_t k = g() % 10;
    e.kind = k < 3 ? fd::Kind::kBudget : k < 5 ? fd::Kind::kDisbursement : fd::Kind::kExpenditure;
    if (e.kind == fd::Kind::kDisbursement && town.empty()) e.kind = fd::Kind::kBudget;
    e.unit = unit;
    e.town = town;
    e.year = 2026;
    e.category = categories[g() % categories.size()];
    e.source = sources[g() % sources.size()];
    e.amount_fen = static_cast<std::int64_t>(1 + g() % 1'000'000);
    e.date = "2026-03-01";
    e.document = "番财教〔2026〕" + std::to_string(i) + "号";
    e.payer = e.kind == fd::Kind::kDisbursement ? (unit == town ? network.district_slug : town) : "";
    e.principal = "bench";
    e.at = "2026-03-01T00:00:00.000Z";
    (void)fd::insert_entry(db, e, "");
    if (e.kind == fd::Kind::kDisbursement && g() % 2 == 0) {
      (void)receipt.bind(1, e.id);
      (void)receipt.run();
      receipt.reset();
    }
  }
  (void)tx.commit();
}

// Raw SQLite's GROUP BY of the sums a report is made from, on the same file.
double raw_group_by(const std::string& path) {
  cedu::sqlite::OpenOptions o;
  o.read_only = true;
  auto db = cedu::sqlite::Database::open(path, o).value();
  auto st = db.prepare("SELECT unit, kind, category, source, sum(amount_fen) FROM entries"
                       " WHERE year = 2026 GROUP BY unit, kind, category, source").value();
  const auto t0 = Clock::now();
  std::size_t rows = 0;
  while (st.step().value()) ++rows;
  const double t = seconds_since(t0);
  if (rows == 0) std::cerr << "raw GROUP BY found nothing\n";
  return t;
}

// Seconds of one funding.report call.
double report_time(cedu::Client& client, const mp::MapBuilder& params, std::size_t* bytes) {
  cedu::CallOptions o;
  o.timeout = 120s;
  const auto t0 = Clock::now();
  auto r = client.call("funding", "report", params.bytes(), o);
  const double t = seconds_since(t0);
  if (!r.ok()) {
    std::cerr << "funding.report: " << r.status().to_string() << "\n";
    return -1;
  }
  if (bytes != nullptr) *bytes = r->bytes().size();
  return t;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"funding_bench: cedu-funding against raw SQLite"};
  int rounds = 3, posts = 2000, window = 16;
  std::size_t entries = 1'000'000;
  app.add_option("--rounds", rounds, "rounds of the posting measurement");
  app.add_option("--posts", posts, "funding.post calls per round");
  app.add_option("--window", window, "postings in flight");
  app.add_option("--entries", entries, "ledger entries of the report measurement");
  CLI11_PARSE(app, argc, argv);

  cedu::testing::TempDir dir("funding-bench");
  const auto network = cedu::config::load_network(cedu::bench::shipped_network(CEDU_BENCH_SOURCE_DIR));

  // --- 1. durable postings -----------------------------------------------------------------
  std::vector<double> bus_rates, serial_rates, raw_rates;
  for (int round = 0; round < rounds; ++round) {
    const std::string db = dir.file("post-" + std::to_string(round) + ".db");
    auto stack = start_stack(dir, "post-" + std::to_string(round), db, CEDU_BENCH_SOURCE_DIR);
    if (!stack) {
      std::cerr << "the bus or cedu-funding did not come up\n";
      return 1;
    }
    cedu::ClientOptions o;
    o.endpoint = stack->endpoint;
    auto client = cedu::Client::connect(o).value();
    auto budget = client->call("funding", "post",
                               mp::MapBuilder().set("kind", "budget").set("unit", "nancun").set("year", 2026)
                                   .set("category", "teaching").set("source", "government")
                                   .set("amount_fen", std::int64_t{1'000'000'000}).set("document", "预算").bytes());
    if (!budget.ok()) {
      std::cerr << budget.status().to_string() << "\n";
      return 1;
    }
    bus_rates.push_back(post_rate(*client, posts, window));
    serial_rates.push_back(post_rate(*client, std::max(1, posts / 4), 1));
    raw_rates.push_back(raw_post_rate(dir.file("raw-" + std::to_string(round) + ".db"), posts));
    std::fprintf(stderr, "round %d: funding.post %.0f/s (one at a time %.0f/s), raw autocommit FULL %.0f/s\n",
                 round + 1, bus_rates.back(), serial_rates.back(), raw_rates.back());
  }

  // --- 2. the disclosure report over `entries` ------------------------------------------
  const std::string big = dir.file("ledger.db");
  auto t0 = Clock::now();
  fill_ledger(big, network, entries);
  std::fprintf(stderr, "wrote %zu entries in %.1f s\n", entries, seconds_since(t0));
  const double raw = raw_group_by(big);
  auto stack = start_stack(dir, "report", big, CEDU_BENCH_SOURCE_DIR);
  if (!stack) {
    std::cerr << "cedu-funding did not come up on the big ledger\n";
    return 1;
  }
  cedu::ClientOptions o;
  o.endpoint = stack->endpoint;
  auto client = cedu::Client::connect(o).value();
  std::vector<std::pair<std::string, double>> reports;
  std::size_t bytes = 0;
  for (const std::string format : {"csv", "xlsx", "markdown"}) {
    mp::MapBuilder p;
    p.set("year", 2026).set("format", format).set("performance", false);
    reports.emplace_back("district, " + format, report_time(*client, p, &bytes));
  }
  const auto towns0 = Clock::now();
  for (const auto& t : network.towns) {
    mp::MapBuilder p;
    p.set("year", 2026).set("unit", t.slug).set("format", "csv").set("performance", false);
    if (report_time(*client, p, nullptr) < 0) return 1;
  }
  reports.emplace_back("every town (" + std::to_string(network.towns.size()) + " reports), csv",
                       seconds_since(towns0));

  const double bus = median(bus_rates), serial = median(serial_rates), base = median(raw_rates);
  std::printf("| measure | cedu | baseline | ratio |\n| --- | --- | --- | --- |\n");
  std::printf("| funding.post durable (postings/s, window %d) vs raw autocommit FULL | %.0f | %.0f | %.2f |\n",
              window, bus, base, bus / base);
  std::printf("| funding.post durable (postings/s, one at a time) vs raw autocommit FULL | %.0f | %.0f | %.2f |\n",
              serial, base, serial / base);
  for (const auto& [what, seconds] : reports) {
    std::printf("| funding.report %s over %zu entries (s) vs raw GROUP BY (s) | %.2f | %.2f | %.1f× the raw time |\n",
                what.c_str(), entries, seconds, raw, seconds / raw);
  }
  return 0;
}
