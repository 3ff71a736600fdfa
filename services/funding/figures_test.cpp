// The plan's figures on the shipped network (configs/network.yaml): funding per resident
// per town and for the district against 4 yuan — exactly at the target met, one fen below
// not —, what counts as funding (budgets, net of reversals; not disbursements, not
// expenditures), source shares, the execution rate and disbursement completeness.
#define BOOST_TEST_MODULE funding_figures
#include <boost/test/unit_test.hpp>

#include "services/funding/figures.h"
#include "services/funding/funding_test_support.h"
#include "services/funding/money.h"

using namespace cedu::funding;
using namespace cedu::funding::testing;

namespace {

std::int64_t population(const std::string& town) {
  return shipped_units()->network().town(town)->population;
}

YearFigures figures(Ledger& ledger, int year = 2026) {
  auto f = year_figures(ledger, year);
  BOOST_REQUIRE_MESSAGE(f.ok(), f.status().to_string());
  return *f;
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_town_at_exactly_four_yuan_per_resident_meets_the_target, LedgerFixture) {
  const std::int64_t nancun = population("nancun"), shiqiao = population("shiqiao");
  // Nancun: its own budget and a station's, from two sources, reaching 400 fen × residents.
  must_post(budget("nancun", 300 * nancun));
  must_post(budget("nancun-01", 100 * nancun - 500, "training", "social_donation"));
  must_post(budget("nancun-02", 500, "teaching", "individual_fee"));
  // Shiqiao: one fen short.
  must_post(budget("shiqiao", 400 * shiqiao - 1));
  // Money moved and spent is not counted again.
  must_post(disburse("panyu", "nancun", 1000));
  must_post(spend("nancun", 1000));

  const YearFigures f = figures(*ledger);
  auto towns = per_resident_towns(f, *shipped_units(), std::nullopt);
  BOOST_REQUIRE(towns.size() == shipped_units()->network().towns.size());
  BOOST_TEST(towns.size() == 16u);
  for (const PerResident& t : towns) {
    if (t.town == "nancun") {
      BOOST_TEST(t.name == "南村镇");
      BOOST_TEST(t.residents == nancun);
      BOOST_TEST(t.funding_fen == 400 * nancun);
      BOOST_TEST(t.per_resident_fen == 400);
      BOOST_TEST(t.met);
    } else if (t.town == "shiqiao") {
      BOOST_TEST(t.funding_fen == 400 * shiqiao - 1);
      BOOST_TEST(t.per_resident_fen == 399);
      BOOST_TEST(!t.met);
    } else {
      BOOST_TEST(t.funding_fen == 0);
      BOOST_TEST(!t.met);
    }
  }
  auto only = per_resident_towns(f, *shipped_units(), std::string("nancun"));
  BOOST_REQUIRE(only.size() == 1u);
  BOOST_TEST(only.front().met);

  const PerResident district = per_resident_district(f, *shipped_units());
  BOOST_TEST(district.residents == shipped_units()->network().population());
  BOOST_TEST(district.funding_fen == 400 * nancun + 400 * shiqiao - 1);
  BOOST_TEST(!district.met);
}

BOOST_FIXTURE_TEST_CASE(the_district_centre_counts_for_the_district_only, LedgerFixture) {
  const std::int64_t residents = shipped_units()->network().population();
  must_post(budget("panyu", 400 * residents));
  const YearFigures f = figures(*ledger);
  const PerResident district = per_resident_district(f, *shipped_units());
  BOOST_TEST(district.per_resident_fen == 400);
  BOOST_TEST(district.met);
  for (const PerResident& t : per_resident_towns(f, *shipped_units(), std::nullopt)) {
    BOOST_TEST(t.funding_fen == 0);
  }
}

BOOST_FIXTURE_TEST_CASE(a_reversed_budget_is_no_funding, LedgerFixture) {
  Posted b = must_post(budget("dashi", 1'000'000));
  BOOST_REQUIRE(ledger->reverse(admin, b.entry.id, "2026-03-02", "冲正", "", "").ok());
  must_post(budget("dashi", 250'000));
  const YearFigures f = figures(*ledger);
  BOOST_TEST(per_resident_towns(f, *shipped_units(), std::string("dashi")).front().funding_fen == 250'000);
}

BOOST_FIXTURE_TEST_CASE(shares_execution_and_completeness, LedgerFixture) {
  must_post(budget("nancun", 60'000, "teaching", "government"));
  must_post(budget("nancun", 30'000, "teaching", "social_donation"));
  must_post(budget("nancun-03", 10'000, "projects", "individual_fee"));
  must_post(spend("nancun", 45'000, "teaching", "government"));
  must_post(spend("nancun-03", 5'000, "projects", "individual_fee"));
  Posted d1 = must_post(disburse("panyu", "nancun", 40'000, "teaching", "government"));
  must_post(disburse("panyu", "nancun", 20'000, "teaching", "government"));
  BOOST_REQUIRE(ledger->receive(admin, d1.entry.id, "2026-03-03", "", "").ok());

  const YearFigures f = figures(*ledger);
  const Totals town = f.town(*shipped_units(), "nancun");
  BOOST_TEST(town.budget_fen == 100'000);
  BOOST_TEST(*town.source_share_bp("government") == 6000);
  BOOST_TEST(*town.source_share_bp("social_donation") == 3000);
  BOOST_TEST(*town.source_share_bp("individual_fee") == 1000);
  BOOST_TEST(*town.source_share_bp("other") == 0);
  BOOST_TEST(*town.execution_bp() == 5000);  // 50 000 of 100 000
  BOOST_TEST(town.disbursed_fen == 60'000);
  BOOST_TEST(town.received_fen == 40'000);
  BOOST_TEST(*town.completeness_bp() == 6667);  // 2/3, rounded half up
  // The station alone, and a unit with nothing: no ratio rather than a made-up one.
  BOOST_TEST(*f.unit("nancun-03").execution_bp() == 5000);
  BOOST_TEST(!f.unit("shiqiao").execution_bp().has_value());
  BOOST_TEST(!f.unit("nancun-03").completeness_bp().has_value());
  BOOST_TEST(percent_text(town.completeness_bp()) == "66.67%");
  // Reading only the town's entries gives the town the same figures.
  auto only = year_figures(*ledger, 2026, std::string("nancun"));
  BOOST_REQUIRE(only.ok());
  const Totals same = only->town(*shipped_units(), "nancun");
  BOOST_TEST(same.budget_fen == town.budget_fen);
  BOOST_TEST(same.expenditure_fen == town.expenditure_fen);
  BOOST_TEST(same.received_fen == town.received_fen);
  BOOST_TEST(same.budget_by_source == town.budget_by_source);
  BOOST_TEST(only->by_unit.count("panyu") == 0u);
  BOOST_TEST(percent_text(std::nullopt) == "—");
}

BOOST_AUTO_TEST_CASE(money_text_and_ratios_are_exact) {
  BOOST_TEST(yuan_text(123456) == "1234.56");
  BOOST_TEST(yuan_text(-5) == "-0.05");
  BOOST_TEST(yuan_text(0) == "0.00");
  BOOST_TEST(*ratio_bp(1, 3) == 3333);
  BOOST_TEST(*ratio_bp(2, 3) == 6667);
  BOOST_TEST(*ratio_bp(-1, 3) == -3333);
  BOOST_TEST(!ratio_bp(5, 0).has_value());
  // Sums far above a single entry's limit do not overflow.
  BOOST_TEST(*ratio_bp(4'000'000'000'000'000'000, 8'000'000'000'000'000'000) == 5000);
}
