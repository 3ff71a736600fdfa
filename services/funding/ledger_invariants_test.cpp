// Ledger invariants under random sequences of operations (fixed seeds, so a failure
// replays): budgets, disbursements, expenditures with and without approved overruns,
// reversals of any entry and receipts of any disbursement, on units at every level. A
// model predicts every outcome — posted or refused — and after every step batch the sums
// by unit, kind, category and source agree three ways: the model, the figures the reports
// are made from (year_figures) and the listed ledger entries; and no budget line has more
// disbursed than budgeted.
#define BOOST_TEST_MODULE funding_ledger_invariants
#include <boost/test/unit_test.hpp>

#include <map>
#include <random>
#include <tuple>

#include "services/funding/figures.h"
#include "services/funding/funding_test_support.h"

using namespace cedu::funding;
using namespace cedu::funding::testing;

namespace {

using Key = std::tuple<std::string, Kind, std::string, std::string>;  // unit, kind, category, source

struct ModelEntry {
  std::int64_t id;
  Kind kind;
  std::string unit, category, source;
  std::int64_t amount;
  bool is_reversal = false, reversed = false, received = false;
};

struct Model {
  std::map<Key, std::int64_t> sums;
  std::map<Key, std::int64_t> received;
  std::vector<ModelEntry> entries;

  std::int64_t sum(const std::string& unit, Kind kind, const std::string& c, const std::string& s) const {
    auto it = sums.find({unit, kind, c, s});
    return it == sums.end() ? 0 : it->second;
  }
};

const std::vector<std::string> kUnits = {"panyu",     "nancun",    "nancun-01", "nancun-02",
                                         "shiqiao",   "shiqiao-01", "shiqiao-02"};
const std::vector<std::string> kCategories = {"teaching", "training", "projects"};

std::string parent_of(const std::string& unit) {
  if (unit == "nancun" || unit == "shiqiao") return "panyu";
  return unit.substr(0, unit.find('-'));
}

void check_agreement(Ledger& ledger, const Model& model) {
  auto f = year_figures(ledger, 2026);
  BOOST_REQUIRE(f.ok());
  // Model against the figures (by unit, kind, source) and the listed entries.
  std::map<Key, std::int64_t> listed;
  std::int64_t after = 0;
  while (true) {
    EntryQuery q;
    q.year = 2026;
    q.after = after;
    q.limit = 500;
    auto page = ledger.read([&](cedu::sqlite::Database& db) { return list_entries(db, q); });
    BOOST_REQUIRE(page.ok());
    for (const Entry& e : *page) listed[{e.unit, e.kind, e.category, e.source}] += e.amount_fen;
    if (page->size() < q.limit) break;
    after = page->back().id;
  }
  for (const std::string& unit : kUnits) {
    const Totals t = f->unit(unit);
    std::int64_t budget = 0, spent = 0, disbursed = 0, received = 0;
    for (const std::string& c : kCategories) {
      for (const Term& s : sources()) {
        const std::string source(s.id);
        for (Kind k : {Kind::kBudget, Kind::kDisbursement, Kind::kExpenditure}) {
          const Key key{unit, k, c, source};
          const std::int64_t expected = model.sum(unit, k, c, source);
          auto it = listed.find(key);
          BOOST_TEST((it == listed.end() ? 0 : it->second) == expected);
        }
        budget += model.sum(unit, Kind::kBudget, c, source);
        spent += model.sum(unit, Kind::kExpenditure, c, source);
        disbursed += model.sum(unit, Kind::kDisbursement, c, source);
        auto r = model.received.find({unit, Kind::kDisbursement, c, source});
        received += r == model.received.end() ? 0 : r->second;
        BOOST_TEST(model.sum(unit, Kind::kDisbursement, c, source) <=
                   model.sum(unit, Kind::kBudget, c, source));
      }
    }
    BOOST_TEST(t.budget_fen == budget);
    BOOST_TEST(t.expenditure_fen == spent);
    BOOST_TEST(t.disbursed_fen == disbursed);
    BOOST_TEST(t.received_fen == received);
  }
  // The district is every unit; its source split adds up to its budget.
  const Totals d = f->district();
  std::int64_t by_source = 0;
  for (const auto& [s, v] : d.budget_by_source) by_source += v;
  BOOST_TEST(by_source == d.budget_fen);
}

void run(std::uint32_t seed, int steps) {
  LedgerFixture fx;
  Model m;
  std::mt19937 rng(seed);
  auto pick = [&](const auto& v) { return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)]; };
  auto amount = [&] { return std::uniform_int_distribution<std::int64_t>(1, 50'000)(rng); };
  std::vector<std::string> source_ids;
  for (const Term& s : sources()) source_ids.emplace_back(s.id);

  for (int step = 0; step < steps; ++step) {
    const int op = std::uniform_int_distribution<int>(0, 9)(rng);
    const std::string unit = pick(kUnits), category = pick(kCategories), source = pick(source_ids);
    if (op <= 2) {  // budget
      Posted p = fx.must_post(budget(unit, amount() * 3, category, source));
      m.sums[{unit, Kind::kBudget, category, source}] += p.entry.amount_fen;
      m.entries.push_back({p.entry.id, Kind::kBudget, unit, category, source, p.entry.amount_fen});
    } else if (op <= 4) {  // expenditure, sometimes an approved overrun
      Posting e = spend(unit, amount(), category, source);
      e.approved_overrun = std::uniform_int_distribution<int>(0, 4)(rng) == 0;
      if (e.approved_overrun) e.overrun_approval = "番教批〔2026〕" + std::to_string(step) + "号";
      const bool fits = m.sum(unit, Kind::kExpenditure, category, source) + e.amount_fen <=
                        m.sum(unit, Kind::kBudget, category, source);
      auto r = fx.ledger->post(fx.admin, e, "");
      BOOST_REQUIRE_MESSAGE(r.ok() == (fits || e.approved_overrun), "step " << step << ": " << r.status().to_string());
      if (!r.ok()) {
        BOOST_TEST(r.status().field() == "params.amount_fen");
        continue;
      }
      BOOST_TEST(r->over_budget == !fits);
      m.sums[{unit, Kind::kExpenditure, category, source}] += e.amount_fen;
      m.entries.push_back({r->entry.id, Kind::kExpenditure, unit, category, source, e.amount_fen});
    } else if (op <= 6) {  // disbursement from the parent
      if (unit == "panyu") continue;
      Posting d = disburse(parent_of(unit), unit, amount(), category, source);
      const bool fits = m.sum(unit, Kind::kDisbursement, category, source) + d.amount_fen <=
                        m.sum(unit, Kind::kBudget, category, source);
      auto r = fx.ledger->post(fx.admin, d, "");
      BOOST_REQUIRE_MESSAGE(r.ok() == fits, "step " << step << ": " << r.status().to_string());
      if (!r.ok()) continue;
      m.sums[{unit, Kind::kDisbursement, category, source}] += d.amount_fen;
      m.entries.push_back({r->entry.id, Kind::kDisbursement, unit, category, source, d.amount_fen});
    } else if (op <= 8) {  // reversal of any entry
      if (m.entries.empty()) continue;
      const std::size_t i = std::uniform_int_distribution<std::size_t>(0, m.entries.size() - 1)(rng);
      ModelEntry target = m.entries[i];
      bool allowed = !target.is_reversal && !target.reversed;
      if (allowed && target.kind == Kind::kBudget) {
        const std::int64_t left = m.sum(target.unit, Kind::kBudget, target.category, target.source) - target.amount;
        allowed = m.sum(target.unit, Kind::kExpenditure, target.category, target.source) <= left &&
                  m.sum(target.unit, Kind::kDisbursement, target.category, target.source) <= left;
      }
      auto r = fx.ledger->reverse(fx.admin, target.id, "2026-06-01", "冲正 " + std::to_string(step), "", "");
      BOOST_REQUIRE_MESSAGE(r.ok() == allowed, "step " << step << ": " << r.status().to_string());
      if (!r.ok()) {
        BOOST_TEST(r.status().field() == "params.entry_id");
        continue;
      }
      m.entries[i].reversed = true;
      const Key key{target.unit, target.kind, target.category, target.source};
      m.sums[key] -= target.amount;
      if (target.received) m.received[key] -= target.amount;
      ModelEntry rev = target;
      rev.id = r->entry.id;
      rev.amount = -target.amount;
      rev.is_reversal = true;
      rev.received = false;
      m.entries.push_back(rev);
    } else {  // receipt of any disbursement
      std::vector<std::size_t> ds;
      for (std::size_t i = 0; i < m.entries.size(); ++i) {
        if (m.entries[i].kind == Kind::kDisbursement) ds.push_back(i);
      }
      if (ds.empty()) continue;
      const std::size_t i = pick(ds);
      ModelEntry& d = m.entries[i];
      const bool allowed = !d.is_reversal && !d.reversed && !d.received;
      auto r = fx.ledger->receive(fx.admin, d.id, "2026-05-01", "", "");
      BOOST_REQUIRE_MESSAGE(r.ok() == allowed, "step " << step << ": " << r.status().to_string());
      if (!r.ok()) continue;
      d.received = true;
      m.received[{d.unit, Kind::kDisbursement, d.category, d.source}] += d.amount;
    }
    if (step % 50 == 49) check_agreement(*fx.ledger, m);
  }
  check_agreement(*fx.ledger, m);
}

}  // namespace

BOOST_AUTO_TEST_CASE(sums_agree_under_random_operations) {
  for (std::uint32_t seed : {1u, 7u, 2026u, 31337u}) {
    BOOST_TEST_CONTEXT("seed " << seed) { run(seed, 400); }
  }
}
