#include "services/funding/funding_methods.h"

#include "services/funding/funding_params.h"
#include "services/funding/funding_replies.h"
#include "services/library/calendar.h"
#include "services/library/paging.h"
#include "services/library/param_readers.h"

namespace cedu::funding {
namespace {

using Method = Result<std::string> (FundingMethods::*)(const Request&);
constexpr std::pair<std::string_view, Method> kMethods[] = {
    {"post", &FundingMethods::post},
    {"reverse", &FundingMethods::reverse},
    {"receive", &FundingMethods::receive},
    {"close_year", &FundingMethods::close_year},
    {"get", &FundingMethods::get},
    {"entries", &FundingMethods::entries},
    {"summary", &FundingMethods::summary},
    {"per_resident", &FundingMethods::per_resident},
    {"not_arrived", &FundingMethods::not_arrived},
    {"performance", &FundingMethods::performance},
    {"report", &FundingMethods::report},
    {"audit", &FundingMethods::audit},
};

std::string posted_reply(const Posted& p, const Units& units) {
  mp::MapBuilder b = entry_map(p.entry, units);
  b.set("replay", p.replay);
  return b.bytes();
}

}  // namespace

void FundingMethods::serve(Service& service) {
  for (const auto& [name, fn] : kMethods) {
    service.handle(std::string(name), [this, fn = fn](const Request& r) { return (this->*fn)(r); });
  }
}

Result<std::string> FundingMethods::invoke(std::string_view method, const Request& request) {
  for (const auto& [name, fn] : kMethods) {
    if (name == method) return (this->*fn)(request);
  }
  return Status::not_found("no method funding." + std::string(method));
}

Status FundingMethods::check_project(const Request& r, std::int64_t id) {
  auto reply = bus_(r, "project", "get", mp::MapBuilder().set("id", id).bytes());
  if (reply.ok()) return Status::ok();
  if (reply.status().code() == StatusCode::kNotFound) {
    return Status::not_found("no project " + std::to_string(id) + " in the project library",
                             r.params.path_of("project_id"));
  }
  return reply.status();
}

Result<std::string> FundingMethods::post(const Request& r) {
  CEDU_ASSIGN_OR_RETURN(Posting posting, read_posting(r.params));
  const library::Caller caller = library::Caller::from(r);
  const std::string key = request_key(caller.principal, r.idempotency_key);
  if (posting.project_id) {
    // A retry of a posting already made needs no project check: it posts nothing.
    CEDU_ASSIGN_OR_RETURN(auto first, ledger_.read([&](sqlite::Database& db) {
      return key.empty() ? Result<std::optional<Entry>>(std::optional<Entry>())
                         : find_entry_by_key(db, key);
    }));
    if (first) return posted_reply(Posted{*first, true, false, 0, 0}, ledger_.units());
    CEDU_RETURN_IF_ERROR(check_project(r, *posting.project_id));
  }
  CEDU_ASSIGN_OR_RETURN(Posted p, ledger_.post(caller, posting, key));
  if (!p.replay) {
    const std::string payload = entry_map(p.entry, ledger_.units()).bytes();
    publish("posted", payload);
    if (p.entry.kind == Kind::kDisbursement) publish("disbursed", payload);
    if (p.over_budget) {
      mp::MapBuilder b = entry_map(p.entry, ledger_.units());
      b.set("line_budget_fen", p.line_budget_fen)
          .set("line_expenditure_fen", p.line_spent_fen)
          .set("over_fen", p.line_spent_fen - p.line_budget_fen);
      publish("overrun", b.bytes());
    }
  }
  return posted_reply(p, ledger_.units());
}

Result<std::string> FundingMethods::reverse(const Request& r) {
  CEDU_ASSIGN_OR_RETURN(ReversalParams p, read_reversal(r.params));
  const library::Caller caller = library::Caller::from(r);
  CEDU_ASSIGN_OR_RETURN(Posted done, ledger_.reverse(caller, p.entry_id, p.date, p.document, p.note,
                                                     request_key(caller.principal, r.idempotency_key)));
  if (!done.replay) publish("reversed", entry_map(done.entry, ledger_.units()).bytes());
  return posted_reply(done, ledger_.units());
}

Result<std::string> FundingMethods::receive(const Request& r) {
  CEDU_ASSIGN_OR_RETURN(ReceiptParams p, read_receipt(r.params));
  const library::Caller caller = library::Caller::from(r);
  CEDU_ASSIGN_OR_RETURN(Posted done,
                        ledger_.receive(caller, p.disbursement_id, p.received_on, p.document,
                                        request_key(caller.principal, r.idempotency_key)));
  mp::MapBuilder b = entry_map(done.entry, ledger_.units());
  b.set("days_to_arrive", days_between(done.entry.date, done.entry.received_on));
  if (!done.replay) publish("received", b.bytes());
  b.set("replay", done.replay);
  return b.bytes();
}

Result<std::string> FundingMethods::close_year(const Request& r) {
  CEDU_RETURN_IF_ERROR(r.params.only_keys({"year"}));
  CEDU_ASSIGN_OR_RETURN(int year, read_fiscal_year(r.params, "year"));
  const library::Caller caller = library::Caller::from(r);
  CEDU_ASSIGN_OR_RETURN(YearClose done, ledger_.close_year(caller, year,
                                                           request_key(caller.principal, r.idempotency_key)));
  if (!done.replay) {
    publish("year_closed", mp::MapBuilder().set("year", done.year).set("closed_by", r.principal).bytes());
  }
  return mp::MapBuilder().set("year", done.year).set("closed", true).set("replay", done.replay).bytes();
}

Result<std::string> FundingMethods::get(const Request& r) {
  CEDU_RETURN_IF_ERROR(r.params.only_keys({"id"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, library::read_id(r.params, "id"));
  CEDU_ASSIGN_OR_RETURN(auto e, ledger_.read([&](sqlite::Database& db) { return find_entry(db, id); }));
  if (!e) return Status::not_found("no ledger entry " + std::to_string(id), r.params.path_of("id"));
  return entry_map(*e, ledger_.units()).bytes();
}

Result<std::string> FundingMethods::entries(const Request& r) {
  const mp::MapView& p = r.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"year", "unit", "town", "kind", "source", "after", "limit"}));
  EntryQuery q;
  if (p.has("year")) {
    CEDU_ASSIGN_OR_RETURN(q.year, read_fiscal_year(p, "year"));
  }
  CEDU_ASSIGN_OR_RETURN(auto unit, library::read_optional_text(p, "unit", 50));
  if (unit) {
    CEDU_ASSIGN_OR_RETURN(Unit u, ledger_.units().resolve(*unit, p.path_of("unit")));
    q.unit = u.id;
  }
  CEDU_ASSIGN_OR_RETURN(q.town, read_town(p, "town", ledger_.units()));
  CEDU_ASSIGN_OR_RETURN(auto kind, library::read_optional_text(p, "kind", 20));
  if (kind) {
    q.kind = kind_from(*kind);
    if (!q.kind) return Status::invalid_argument("must be " + term_list(kinds()), p.path_of("kind"));
  }
  CEDU_ASSIGN_OR_RETURN(q.source, library::read_optional_text(p, "source", 20));
  if (q.source && !is_term(sources(), *q.source)) {
    return Status::invalid_argument("must be " + term_list(sources()), p.path_of("source"));
  }
  CEDU_ASSIGN_OR_RETURN(library::PageParams page, library::read_page(p, 100));
  q.after = page.after;
  q.limit = static_cast<std::size_t>(page.limit);
  CEDU_ASSIGN_OR_RETURN(auto rows, ledger_.read([&](sqlite::Database& db) { return list_entries(db, q); }));
  mp::ArrayBuilder items;
  for (const Entry& e : rows) items.add(entry_map(e, ledger_.units()));
  mp::MapBuilder b;
  b.set("items", items).set("next_after", library::next_after(rows, q.limit));
  return b.bytes();
}

Result<std::string> FundingMethods::summary(const Request& r) {
  const mp::MapView& p = r.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"year", "unit"}));
  CEDU_ASSIGN_OR_RETURN(int year, read_fiscal_year(p, "year"));
  CEDU_ASSIGN_OR_RETURN(auto text, library::read_optional_text(p, "unit", 50));
  Unit unit = ledger_.units().district();
  if (text) {
    CEDU_ASSIGN_OR_RETURN(unit, ledger_.units().resolve(*text, p.path_of("unit")));
  }
  CEDU_ASSIGN_OR_RETURN(YearFigures f, year_figures(ledger_, year));
  mp::MapBuilder b = totals_map(f.scope(ledger_.units(), unit), unit, year);
  return b.bytes();
}

Result<std::string> FundingMethods::per_resident(const Request& r) {
  const mp::MapView& p = r.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"year", "town"}));
  CEDU_ASSIGN_OR_RETURN(int year, read_fiscal_year(p, "year"));
  CEDU_ASSIGN_OR_RETURN(auto town, read_town(p, "town", ledger_.units()));
  CEDU_ASSIGN_OR_RETURN(YearFigures f, year_figures(ledger_, year));
  return per_resident_reply(year, per_resident_towns(f, ledger_.units(), town),
                            per_resident_district(f, ledger_.units()));
}

Result<std::string> FundingMethods::not_arrived(const Request& r) {
  const mp::MapView& p = r.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"year", "town", "as_of"}));
  std::optional<int> year;
  if (p.has("year")) {
    CEDU_ASSIGN_OR_RETURN(year, read_fiscal_year(p, "year"));
  }
  CEDU_ASSIGN_OR_RETURN(auto town, read_town(p, "town", ledger_.units()));
  std::string as_of = library::today();
  if (p.has("as_of")) {
    CEDU_ASSIGN_OR_RETURN(as_of, library::read_date(p, "as_of", false));
  }
  CEDU_ASSIGN_OR_RETURN(auto rows, ledger_.read([&](sqlite::Database& db) {
    return outstanding_disbursements(db, year);
  }));
  mp::ArrayBuilder items;
  std::int64_t total = 0;
  std::size_t count = 0;
  for (const Entry& e : rows) {
    const std::optional<Unit> u = ledger_.units().find(e.unit);
    if (town && (!u || u->town != *town)) continue;
    items.add(outstanding_map(e, ledger_.units(), as_of));
    total += e.amount_fen;
    ++count;
  }
  mp::MapBuilder b;
  b.set("as_of", as_of).set("count", static_cast<std::int64_t>(count)).set("amount_fen", total).set("items", items);
  return b.bytes();
}

}  // namespace cedu::funding
