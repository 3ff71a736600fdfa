// The ledger's rules, one by one: amounts, units, terms; budget lines for disbursements
// and expenditures (an approved overrun posts); disbursements only district → town →
// station and their receipt (到位); reversals (never of a reversal, never twice, a budget
// only while what it covers still fits); closed years; idempotency keys; row-level rules
// with audited denials; the append-only table itself; and concurrent postings that never
// overspend a line. Every refusal names its field and writes nothing.
#define BOOST_TEST_MODULE funding_ledger
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <thread>

#include "services/funding/funding_test_support.h"
#include "services/library/audit_log.h"

using namespace cedu::funding;
using namespace cedu::funding::testing;
using cedu::StatusCode;

namespace {

// Any write's result (a posting, a year's close) that must be refused with `code` on `field`.
template <typename T>
void require_refused(const cedu::Result<T>& r, StatusCode code, const std::string& field) {
  BOOST_REQUIRE_MESSAGE(!r.ok(), "done, but should be refused on " + field);
  BOOST_TEST(static_cast<int>(r.status().code()) == static_cast<int>(code), r.status().to_string());
  BOOST_TEST(r.status().field() == field);
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(amounts_are_positive_whole_fen_within_the_limit, LedgerFixture) {
  for (std::int64_t bad : {std::int64_t{0}, std::int64_t{-1}, kMaxAmountFen + 1}) {
    require_refused(ledger->post(admin, budget("nancun", bad), ""), StatusCode::kInvalidArgument,
                    "params.amount_fen");
  }
  BOOST_TEST(rows("entries") == 0);
  BOOST_TEST(must_post(budget("nancun", kMaxAmountFen)).entry.amount_fen == kMaxAmountFen);
}

BOOST_FIXTURE_TEST_CASE(units_categories_sources_and_years_are_checked, LedgerFixture) {
  require_refused(ledger->post(admin, budget("atlantis", 100), ""), StatusCode::kInvalidArgument,
                  "params.unit");
  require_refused(ledger->post(admin, budget("nancun", 100, "parties"), ""),
                  StatusCode::kInvalidArgument, "params.category");
  require_refused(ledger->post(admin, budget("nancun", 100, "teaching", "lottery"), ""),
                  StatusCode::kInvalidArgument, "params.source");
  require_refused(ledger->post(admin, budget("nancun", 100, "teaching", "government", 1999), ""),
                  StatusCode::kInvalidArgument, "params.year");
  Posting no_document = budget("nancun", 100);
  no_document.document.clear();
  require_refused(ledger->post(admin, no_document, ""), StatusCode::kInvalidArgument,
                  "params.document");
  BOOST_TEST(rows("entries") == 0);
  // Units by Chinese name too: the district centre, a town.
  BOOST_TEST(must_post(budget("番禺区社区学院", 100)).entry.unit == "panyu");
  BOOST_TEST(must_post(budget("南村镇", 100)).entry.unit == "nancun");
  BOOST_TEST(must_post(budget("nancun-01", 100)).entry.unit == "nancun-01");
}

BOOST_FIXTURE_TEST_CASE(an_expenditure_stays_within_its_budget_line_unless_approved, LedgerFixture) {
  must_post(budget("nancun", 10000));
  must_post(budget("nancun", 5000, "training"));
  must_post(spend("nancun", 6000));
  must_post(spend("nancun", 4000));  // exactly the line
  // One fen more on the line is refused; the other category's money does not count.
  require_refused(ledger->post(admin, spend("nancun", 1), ""), StatusCode::kFailedPrecondition,
                  "params.amount_fen");
  // Nor does another source's budget on the same category.
  require_refused(ledger->post(admin, spend("nancun", 1, "training", "social_donation"), ""),
                  StatusCode::kFailedPrecondition, "params.amount_fen");
  BOOST_TEST(rows("entries") == 4);

  Posting overrun = spend("nancun", 2500);
  overrun.approved_overrun = true;
  require_refused(ledger->post(admin, overrun, ""), StatusCode::kInvalidArgument,
                  "params.overrun_approval");
  overrun.overrun_approval = "番教批〔2026〕7号";
  Posted p = must_post(overrun);
  BOOST_TEST(p.over_budget);
  BOOST_TEST(p.line_budget_fen == 10000);
  BOOST_TEST(p.line_spent_fen == 12500);
  BOOST_TEST(p.entry.approved_overrun);
  // An approved flag on an expenditure within its line is no overrun.
  Posting within = spend("nancun", 100, "training");
  within.approved_overrun = true;
  within.overrun_approval = "番教批〔2026〕8号";
  BOOST_TEST(!must_post(within).over_budget);
  Posting flagged_budget = budget("nancun", 100);
  flagged_budget.approved_overrun = true;
  require_refused(ledger->post(admin, flagged_budget, ""), StatusCode::kInvalidArgument,
                  "params.approved_overrun");
}

BOOST_FIXTURE_TEST_CASE(disbursements_go_district_to_town_to_station_within_budget, LedgerFixture) {
  must_post(budget("nancun", 100000));
  must_post(budget("nancun-01", 20000));
  // The wrong payer, no payer, a payer on a budget, the district centre as recipient.
  require_refused(ledger->post(admin, disburse("shiqiao", "nancun-01", 100), ""),
                  StatusCode::kInvalidArgument, "params.payer");
  require_refused(ledger->post(admin, disburse("panyu", "nancun-01", 100), ""),
                  StatusCode::kInvalidArgument, "params.payer");
  require_refused(ledger->post(admin, disburse("", "nancun", 100), ""),
                  StatusCode::kInvalidArgument, "params.payer");
  Posting paid_budget = budget("nancun", 100);
  paid_budget.payer = "panyu";
  require_refused(ledger->post(admin, paid_budget, ""), StatusCode::kInvalidArgument, "params.payer");
  require_refused(ledger->post(admin, disburse("panyu", "panyu", 100), ""),
                  StatusCode::kInvalidArgument, "params.unit");
  // Above the recipient's budget line.
  require_refused(ledger->post(admin, disburse("panyu", "nancun", 100001), ""),
                  StatusCode::kFailedPrecondition, "params.amount_fen");
  BOOST_TEST(rows("entries") == 2);
  Posted d = must_post(disburse("panyu", "nancun", 60000));
  BOOST_TEST(d.entry.payer == "panyu");
  must_post(disburse("panyu", "nancun", 40000));
  require_refused(ledger->post(admin, disburse("panyu", "nancun", 1), ""),
                  StatusCode::kFailedPrecondition, "params.amount_fen");
  BOOST_TEST(must_post(disburse("南村镇", "nancun-01", 20000)).entry.payer == "nancun");
}

BOOST_FIXTURE_TEST_CASE(a_disbursement_is_received_once_and_not_before_it_was_issued, LedgerFixture) {
  must_post(budget("nancun", 100000));
  Posted d = must_post(disburse("panyu", "nancun", 30000));
  Posted other = must_post(disburse("panyu", "nancun", 30000));
  auto outstanding = [&] {
    return ledger->read([](cedu::sqlite::Database& db) { return outstanding_disbursements(db, 2026); }).value();
  };
  BOOST_TEST(outstanding().size() == 2u);

  require_refused(ledger->receive(admin, d.entry.id, "2026-02-28", "", ""),
                  StatusCode::kInvalidArgument, "params.received_on");
  require_refused(ledger->receive(admin, 9999, "2026-03-05", "", ""), StatusCode::kNotFound,
                  "params.disbursement_id");
  auto budget_id = ledger->read([](cedu::sqlite::Database& db) {
    return list_entries(db, EntryQuery{}).value().front().id;
  });
  require_refused(ledger->receive(admin, budget_id, "2026-03-05", "", ""), StatusCode::kNotFound,
                  "params.disbursement_id");
  BOOST_TEST(rows("receipts") == 0);

  auto received = ledger->receive(admin, d.entry.id, "2026-03-01", "回单 001", "");
  BOOST_REQUIRE_MESSAGE(received.ok(), received.status().to_string());
  BOOST_TEST(received->entry.received_on == "2026-03-01");
  require_refused(ledger->receive(admin, d.entry.id, "2026-03-09", "", ""),
                  StatusCode::kFailedPrecondition, "params.disbursement_id");
  BOOST_TEST(outstanding().size() == 1u);
  BOOST_TEST(outstanding().front().id == other.entry.id);

  // A reversed disbursement will not arrive; its reversal is no disbursement to receive.
  auto reversal = ledger->reverse(admin, other.entry.id, "2026-03-10", "番财教〔2026〕9号", "退回", "");
  BOOST_REQUIRE_MESSAGE(reversal.ok(), reversal.status().to_string());
  require_refused(ledger->receive(admin, other.entry.id, "2026-03-11", "", ""),
                  StatusCode::kFailedPrecondition, "params.disbursement_id");
  require_refused(ledger->receive(admin, reversal->entry.id, "2026-03-11", "", ""),
                  StatusCode::kFailedPrecondition, "params.disbursement_id");
  BOOST_TEST(outstanding().empty());
}

BOOST_FIXTURE_TEST_CASE(a_reversal_references_its_entry_once_and_is_never_reversed, LedgerFixture) {
  Posted b = must_post(budget("shiqiao", 50000));
  Posted s = must_post(spend("shiqiao", 20000));
  auto r = ledger->reverse(admin, s.entry.id, "2026-04-01", "冲正 001", "录入错误", "");
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  BOOST_TEST(r->entry.amount_fen == -20000);
  BOOST_TEST(*r->entry.reverses == s.entry.id);
  BOOST_TEST(r->entry.town == "shiqiao");  // stored with its unit's town, as the original
  BOOST_TEST((r->entry.kind == Kind::kExpenditure));
  auto again = ledger->read([&](cedu::sqlite::Database& db) { return find_entry(db, s.entry.id); });
  BOOST_TEST(*again.value()->reversed_by == r->entry.id);
  const auto line = Line{"shiqiao", 2026, "teaching", "government"};
  BOOST_TEST(ledger->read([&](cedu::sqlite::Database& db) {
    return line_sum(db, Kind::kExpenditure, line);
  }).value() == 0);

  require_refused(ledger->reverse(admin, r->entry.id, "2026-04-02", "冲正 002", "", ""),
                  StatusCode::kFailedPrecondition, "params.entry_id");
  require_refused(ledger->reverse(admin, s.entry.id, "2026-04-02", "冲正 003", "", ""),
                  StatusCode::kFailedPrecondition, "params.entry_id");
  require_refused(ledger->reverse(admin, 9999, "2026-04-02", "冲正 004", "", ""),
                  StatusCode::kNotFound, "params.entry_id");
  BOOST_TEST(rows("entries") == 3);

  // A budget is reversed only while its line's spending still fits what is left.
  must_post(spend("shiqiao", 30000));
  require_refused(ledger->reverse(admin, b.entry.id, "2026-04-02", "冲正 005", "", ""),
                  StatusCode::kFailedPrecondition, "params.entry_id");
  BOOST_TEST(rows("entries") == 4);
}

BOOST_FIXTURE_TEST_CASE(a_closed_year_takes_nothing_more, LedgerFixture) {
  Posted b = must_post(budget("nancun", 100000, "teaching", "government", 2025));
  Posted d = must_post(disburse("panyu", "nancun", 1000, "teaching", "government", 2025));
  // Not while a disbursement of the year is still on its way.
  auto refused = ledger->close_year(admin, 2025);
  BOOST_TEST(refused.code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(refused.field() == "params.year");
  BOOST_REQUIRE(ledger->receive(admin, d.entry.id, "2025-03-02", "", "").ok());
  BOOST_REQUIRE(ledger->close_year(admin, 2025).is_ok());
  BOOST_TEST(ledger->close_year(admin, 2025).code() == StatusCode::kFailedPrecondition);

  const std::int64_t before = rows("entries");
  require_refused(ledger->post(admin, budget("nancun", 100, "teaching", "government", 2025), ""),
                  StatusCode::kFailedPrecondition, "params.year");
  require_refused(ledger->reverse(admin, b.entry.id, "2026-01-05", "冲正", "", ""),
                  StatusCode::kFailedPrecondition, "params.entry_id");
  BOOST_TEST(rows("entries") == before);
  // Another year goes on.
  must_post(budget("nancun", 100, "teaching", "government", 2026));
  // Only the district closes a year; a refused attempt is audited.
  auto town = cedu::library::Caller::of("town-admin:nancun", false);
  BOOST_TEST(ledger->close_year(town, 2026).code() == StatusCode::kPermissionDenied);
  auto denied = ledger->read([](cedu::sqlite::Database& db) {
    cedu::library::AuditQuery q;
    q.outcome = "denied";
    return cedu::library::query_audit(db, q);
  });
  BOOST_REQUIRE(denied.ok());
  BOOST_TEST(denied->size() == 1u);
  BOOST_TEST(denied->front().method == "funding.close_year");
}

BOOST_FIXTURE_TEST_CASE(a_retried_posting_with_the_same_key_posts_once, LedgerFixture) {
  Posted first = must_post(budget("nancun", 700), "district-admin\nk-1");
  Posted again = must_post(budget("nancun", 700), "district-admin\nk-1");
  BOOST_TEST(again.replay);
  BOOST_TEST(again.entry.id == first.entry.id);
  BOOST_TEST(rows("entries") == 1);
  // Another principal's key is another request.
  BOOST_TEST(request_key("town-admin:nancun", std::string("k-1")) != "district-admin\nk-1");
  BOOST_TEST(request_key("district-admin", std::nullopt).empty());
  // Reversals and receipts are remembered by key too.
  auto r1 = ledger->reverse(admin, first.entry.id, "2026-03-02", "冲正", "", "district-admin\nk-2");
  auto r2 = ledger->reverse(admin, first.entry.id, "2026-03-02", "冲正", "", "district-admin\nk-2");
  BOOST_REQUIRE(r1.ok() && r2.ok());
  BOOST_TEST(r2->replay);
  BOOST_TEST(r2->entry.id == r1->entry.id);
  BOOST_TEST(rows("entries") == 2);
}

BOOST_FIXTURE_TEST_CASE(a_retried_close_with_the_same_key_returns_the_first_close, LedgerFixture) {
  const std::int64_t audited = rows("audit");
  auto first = ledger->close_year(admin, 2025, "district-admin\nclose-2025");
  BOOST_REQUIRE_MESSAGE(first.ok(), first.status().to_string());
  BOOST_TEST(first->year == 2025);
  BOOST_TEST(!first->replay);
  // The reply was lost; the retry with the same key gets the first result and does nothing.
  auto again = ledger->close_year(admin, 2025, "district-admin\nclose-2025");
  BOOST_REQUIRE_MESSAGE(again.ok(), again.status().to_string());
  BOOST_TEST(again->year == 2025);
  BOOST_TEST(again->replay);
  BOOST_TEST(rows("closed_years") == 1);
  BOOST_TEST(rows("audit") == audited + 1);
  // Without a key, or with another key, closing a closed year is still refused.
  require_refused(ledger->close_year(admin, 2025, ""), StatusCode::kFailedPrecondition, "params.year");
  require_refused(ledger->close_year(admin, 2025, "district-admin\nclose-2025-b"),
                  StatusCode::kFailedPrecondition, "params.year");
  // A key that closed nothing (the close was refused) closes the year once it may.
  must_post(budget("nancun", 1000, "teaching", "government", 2026));
  Posted d = must_post(disburse("panyu", "nancun", 1000, "teaching", "government", 2026));
  require_refused(ledger->close_year(admin, 2026, "district-admin\nclose-2026"),
                  StatusCode::kFailedPrecondition, "params.year");
  BOOST_REQUIRE(ledger->receive(admin, d.entry.id, "2026-03-02", "", "").ok());
  auto later = ledger->close_year(admin, 2026, "district-admin\nclose-2026");
  BOOST_REQUIRE_MESSAGE(later.ok(), later.status().to_string());
  BOOST_TEST(!later->replay);
  BOOST_TEST(rows("closed_years") == 2);
  // The key is remembered only after the district was allowed to close: a town is refused.
  auto town = cedu::library::Caller::of("town-admin:nancun", false);
  BOOST_TEST(ledger->close_year(town, 2025, "district-admin\nclose-2025").status().code() ==
             StatusCode::kPermissionDenied);
}

BOOST_FIXTURE_TEST_CASE(town_staff_post_only_for_their_town_and_denials_are_audited, LedgerFixture) {
  auto nancun = cedu::library::Caller::of("town-admin:nancun", false);
  BOOST_TEST(ledger->post(nancun, budget("nancun-01", 100), "").ok());
  BOOST_TEST(ledger->post(nancun, budget("nancun", 100), "").ok());
  require_refused(ledger->post(nancun, budget("shiqiao", 100), ""), StatusCode::kPermissionDenied, "");
  require_refused(ledger->post(nancun, budget("panyu", 100), ""), StatusCode::kPermissionDenied, "");
  // A disbursement is issued by its payer: the town pays its stations, not itself.
  require_refused(ledger->post(nancun, disburse("panyu", "nancun", 100), ""),
                  StatusCode::kPermissionDenied, "");
  BOOST_TEST(ledger->post(nancun, disburse("nancun", "nancun-01", 100), "").ok());
  BOOST_TEST(rows("entries") == 3);
  auto audit = ledger->read([](cedu::sqlite::Database& db) {
    return cedu::library::query_audit(db, cedu::library::AuditQuery{});
  });
  BOOST_REQUIRE(audit.ok());
  int ok = 0, denied = 0;
  for (const auto& e : *audit) (e.outcome == "ok" ? ok : denied) += 1;
  BOOST_TEST(ok == 3);
  BOOST_TEST(denied == 3);
}

BOOST_FIXTURE_TEST_CASE(the_table_itself_refuses_edits_and_deletions, LedgerFixture) {
  must_post(budget("nancun", 100));
  ledger->read([](cedu::sqlite::Database& db) {
    BOOST_TEST(!db.exec("UPDATE entries SET amount_fen = 1").is_ok());
    BOOST_TEST(!db.exec("DELETE FROM entries").is_ok());
    return 0;
  });
  BOOST_TEST(rows("entries") == 1);
}

BOOST_FIXTURE_TEST_CASE(concurrent_postings_never_overspend_a_line, LedgerFixture) {
  must_post(budget("dashi", 10'000));
  std::atomic<int> accepted{0}, refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 30; ++i) {
        auto r = ledger->post(admin, spend("dashi", 100), "");
        (r.ok() ? accepted : refused) += 1;
      }
    });
  }
  for (auto& t : threads) t.join();
  BOOST_TEST(accepted.load() == 100);  // exactly the budget: 100 × 100 fen
  BOOST_TEST(refused.load() == 140);
  BOOST_TEST(ledger->read([](cedu::sqlite::Database& db) {
    return line_sum(db, Kind::kExpenditure, Line{"dashi", 2026, "teaching", "government"});
  }).value() == 10'000);
}
