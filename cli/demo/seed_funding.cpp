#include "cli/demo/seed_funding.h"

#include "cli/bulk_call.h"
#include "cli/demo/funding_plan.h"
#include "cli/demo/pipeline.h"
#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"

namespace cedu::cli::demo {
namespace {

constexpr std::size_t kWindow = 32;

PlannedCall post_call(const DemoPosting& p, int year) {
  mp::MapBuilder b;
  b.set("kind", p.kind).set("unit", p.unit).set("year", year).set("category", p.category)
      .set("source", p.source).set("amount_fen", p.amount_fen).set("date", p.date)
      .set("document", p.document).set("note", p.note);
  if (!p.payer.empty()) b.set("payer", p.payer);
  if (!p.overrun_approval.empty()) {
    b.set("approved_overrun", true).set("overrun_approval", p.overrun_approval);
  }
  return {"funding", "post", b.bytes()};
}

// Runs `calls`; the id in each reply, or the first error (named by its method).
Result<std::vector<std::int64_t>> run_all(Client& client, const Context& context,
                                          const std::vector<PlannedCall>& calls) {
  CEDU_ASSIGN_OR_RETURN(std::vector<Reply> replies,
                        run_all_or_first_error(client, calls, kWindow, bulk_timeout(context)));
  std::vector<std::int64_t> ids;
  ids.reserve(replies.size());
  for (const Reply& r : replies) {
    CEDU_ASSIGN_OR_RETURN(mp::MapView view, mp::MapView::of(r.result()));
    CEDU_ASSIGN_OR_RETURN(std::int64_t id, view.int64("id"));
    ids.push_back(id);
  }
  return ids;
}

Result<std::vector<std::int64_t>> post_all(Client& client, const Context& context,
                                           const std::vector<DemoPosting>& postings, int year) {
  std::vector<PlannedCall> calls;
  for (const DemoPosting& p : postings) calls.push_back(post_call(p, year));
  return run_all(client, context, calls);
}

}  // namespace

Result<std::string> seed_funding(Client& client, const Context& context,
                                 const config::Network& network) {
  const FundingPlan plan = funding_plan(network);
  const std::string year = std::to_string(plan.year);
  CEDU_ASSIGN_OR_RETURN(Reply existing,
                        bulk_call(client, context, "funding", "entries",
                                  mp::MapBuilder().set("year", plan.year).set("limit", 1).bytes()));
  CEDU_ASSIGN_OR_RETURN(mp::MapView listed, mp::MapView::of(existing.result()));
  CEDU_ASSIGN_OR_RETURN(const msgpack::object* items, listed.array("items"));
  if (items->via.array.size > 0) return year + ": has entries already, nothing posted";

  CEDU_RETURN_IF_ERROR(post_all(client, context, plan.budgets, plan.year).status());
  CEDU_ASSIGN_OR_RETURN(auto disbursed, post_all(client, context, plan.disbursements, plan.year));
  std::vector<PlannedCall> receipts;
  for (const DemoReceipt& r : plan.receipts) {
    receipts.push_back({"funding", "receive",
                        mp::MapBuilder()
                            .set("disbursement_id", disbursed[r.disbursement])
                            .set("received_on", r.received_on)
                            .set("document", "到账回单")
                            .bytes()});
  }
  CEDU_RETURN_IF_ERROR(run_all(client, context, receipts).status());
  CEDU_RETURN_IF_ERROR(post_all(client, context, plan.expenditures, plan.year).status());

  CEDU_ASSIGN_OR_RETURN(Reply figures,
                        bulk_call(client, context, "funding", "per_resident",
                                  mp::MapBuilder().set("year", plan.year).bytes()));
  CEDU_ASSIGN_OR_RETURN(mp::MapView f, mp::MapView::of(figures.result()));
  CEDU_ASSIGN_OR_RETURN(const msgpack::object* towns, f.array("towns"));
  std::size_t met = 0;
  for (std::uint32_t i = 0; i < towns->via.array.size; ++i) {
    CEDU_ASSIGN_OR_RETURN(mp::MapView t, mp::MapView::of(towns->via.array.ptr[i]));
    CEDU_ASSIGN_OR_RETURN(bool ok, t.boolean("met"));
    met += ok ? 1 : 0;
  }
  return year + ": " + std::to_string(plan.budgets.size()) + " budgets, " +
         std::to_string(plan.disbursements.size()) + " disbursements (" +
         std::to_string(plan.receipts.size()) + " received), " +
         std::to_string(plan.expenditures.size()) + " expenditures; " + std::to_string(met) +
         " of " + std::to_string(towns->via.array.size) + " towns at 4 yuan per resident";
}

}  // namespace cedu::cli::demo
