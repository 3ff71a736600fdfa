// The demo funding year on the shipped network: deterministic, and every posting, receipt
// and approved overrun of it is accepted by a real ledger (services/funding) — so
// `cedu demo seed` never stops half way on its own data; most towns meet the 4-yuan target
// and some do not; the three overruns are over their lines.
#define BOOST_TEST_MODULE cli_demo_funding_plan
#include <boost/test/unit_test.hpp>

#include "cli/demo/funding_plan.h"
#include "services/funding/figures.h"
#include "services/funding/funding_test_support.h"

using namespace cedu;
using namespace cedu::cli::demo;
using namespace cedu::funding;
using namespace cedu::funding::testing;

namespace {

Posting posting_of(const DemoPosting& d, int year) {
  Posting p;
  p.kind = *kind_from(d.kind);
  p.unit = d.unit;
  p.payer = d.payer;
  p.year = year;
  p.category = d.category;
  p.source = d.source;
  p.amount_fen = d.amount_fen;
  p.date = d.date;
  p.document = d.document;
  p.note = d.note;
  p.approved_overrun = !d.overrun_approval.empty();
  p.overrun_approval = d.overrun_approval;
  return p;
}

}  // namespace

BOOST_AUTO_TEST_CASE(the_same_network_gives_the_same_plan) {
  const auto& network = shipped_units()->network();
  const FundingPlan a = funding_plan(network), b = funding_plan(network);
  BOOST_TEST(a.year == 2020);
  BOOST_REQUIRE(a.budgets.size() == b.budgets.size());
  BOOST_REQUIRE(a.expenditures.size() == b.expenditures.size());
  for (std::size_t i = 0; i < a.budgets.size(); ++i) {
    BOOST_TEST(a.budgets[i].amount_fen == b.budgets[i].amount_fen);
    BOOST_TEST(a.budgets[i].unit == b.budgets[i].unit);
  }
  BOOST_TEST(a.receipts.size() < a.disbursements.size());  // some have not arrived
  BOOST_TEST(a.budgets.front().note.find("（演示数据）") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(the_ledger_accepts_all_of_it, LedgerFixture) {
  const FundingPlan plan = funding_plan(shipped_units()->network());
  for (const DemoPosting& d : plan.budgets) must_post(posting_of(d, plan.year));
  std::vector<std::int64_t> ids;
  for (const DemoPosting& d : plan.disbursements) ids.push_back(must_post(posting_of(d, plan.year)).entry.id);
  for (const DemoReceipt& r : plan.receipts) {
    auto got = ledger->receive(admin, ids[r.disbursement], r.received_on, "到账回单", "");
    BOOST_REQUIRE_MESSAGE(got.ok(), got.status().to_string());
  }
  int overruns = 0;
  for (const DemoPosting& d : plan.expenditures) overruns += must_post(posting_of(d, plan.year)).over_budget ? 1 : 0;
  BOOST_TEST(overruns == 3);

  auto f = year_figures(*ledger, plan.year);
  BOOST_REQUIRE(f.ok());
  int met = 0;
  const auto towns = per_resident_towns(*f, *shipped_units(), std::nullopt);
  for (const PerResident& t : towns) {
    met += t.met ? 1 : 0;
    BOOST_TEST(t.per_resident_fen >= 355);
    BOOST_TEST(t.per_resident_fen <= 520);
  }
  BOOST_TEST(met >= 8);
  BOOST_TEST(met < static_cast<int>(towns.size()));
  const Totals d = f->district();
  BOOST_TEST(*d.completeness_bp() < 10000);
  BOOST_TEST(*d.execution_bp() > 5000);
  BOOST_TEST(*d.source_share_bp("government") > 6000);
}
