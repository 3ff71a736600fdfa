#include "services/funding/funding_replies.h"

#include <chrono>
#include <charconv>

namespace cedu::funding {
namespace {

void set_bp(mp::MapBuilder& b, std::string_view key, std::optional<std::int64_t> bp) {
  if (bp) {
    b.set(key, *bp);
  } else {
    b.set_nil(key);
  }
}

std::chrono::sys_days day_of(const std::string& date) {
  int y = 0;
  unsigned m = 0, d = 0;
  if (date.size() == 10) {
    std::from_chars(date.data(), date.data() + 4, y);
    std::from_chars(date.data() + 5, date.data() + 7, m);
    std::from_chars(date.data() + 8, date.data() + 10, d);
  }
  return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
}

}  // namespace

std::int64_t days_between(const std::string& from, const std::string& to) {
  const auto n = (day_of(to) - day_of(from)).count();
  return n < 0 ? 0 : n;
}

mp::MapBuilder entry_map(const Entry& e, const Units& units) {
  mp::MapBuilder b;
  b.set("id", e.id)
      .set("kind", kind_id(e.kind))
      .set("unit", e.unit)
      .set("unit_name", units.name_of(e.unit))
      .set("year", e.year)
      .set("category", e.category)
      .set("source", e.source)
      .set("amount_fen", e.amount_fen)
      .set("date", e.date)
      .set("document", e.document)
      .set("note", e.note)
      .set("principal", e.principal)
      .set("at", e.at);
  if (e.project_id) b.set("project_id", *e.project_id); else b.set_nil("project_id");
  if (e.kind == Kind::kDisbursement) {
    b.set("payer", e.payer);
    if (!e.reverses) {
      b.set("status", e.reversed_by ? "reversed" : e.received_on.empty() ? "issued" : "received");
      if (e.received_on.empty()) b.set_nil("received_on"); else b.set("received_on", e.received_on);
    }
  }
  if (e.kind == Kind::kExpenditure) {
    b.set("approved_overrun", e.approved_overrun);
    if (e.approved_overrun) b.set("overrun_approval", e.overrun_approval);
  }
  if (e.reverses) b.set("reverses", *e.reverses); else b.set_nil("reverses");
  if (e.reversed_by) b.set("reversed_by", *e.reversed_by); else b.set_nil("reversed_by");
  return b;
}

mp::MapBuilder scope_map(const Unit& unit, int year) {
  mp::MapBuilder b;
  b.set("year", year).set("unit", unit.id).set("name", unit.name).set("level", level_name(unit.level));
  return b;
}

mp::MapBuilder totals_map(const Totals& t, const Unit& unit, int year) {
  // One row per term (a source or a category): its budget and expenditure, and for sources
  // its share of the budget.
  auto rows = [&](const std::vector<Term>& terms, std::string_view key,
                  const std::map<std::string, std::int64_t>& budget,
                  const std::map<std::string, std::int64_t>& spent, bool shares) {
    mp::ArrayBuilder out;
    for (const Term& term : terms) {
      const std::string id(term.id);
      mp::MapBuilder m;
      m.set(key, term.id)
          .set("name", term.name)
          .set("budget_fen", budget.count(id) ? budget.at(id) : 0)
          .set("expenditure_fen", spent.count(id) ? spent.at(id) : 0);
      if (shares) set_bp(m, "share_bp", t.source_share_bp(id));
      out.add(m);
    }
    return out;
  };
  const mp::ArrayBuilder sources_out =
      rows(sources(), "source", t.budget_by_source, t.expenditure_by_source, true);
  const mp::ArrayBuilder categories_out =
      rows(categories(), "category", t.budget_by_category, t.expenditure_by_category, false);
  mp::MapBuilder b = scope_map(unit, year);
  b.set("budget_fen", t.budget_fen)
      .set("expenditure_fen", t.expenditure_fen)
      .set("disbursed_fen", t.disbursed_fen)
      .set("received_fen", t.received_fen);
  set_bp(b, "execution_bp", t.execution_bp());
  set_bp(b, "completeness_bp", t.completeness_bp());
  b.set("sources", sources_out).set("categories", categories_out);
  return b;
}

mp::MapBuilder per_resident_map(const PerResident& p) {
  mp::MapBuilder b;
  if (!p.town.empty()) b.set("town", p.town);
  b.set("name", p.name)
      .set("residents", p.residents)
      .set("funding_fen", p.funding_fen)
      .set("per_resident_fen", p.per_resident_fen)
      .set("target_fen", kTargetFenPerResident)
      .set("met", p.met);
  return b;
}

std::string per_resident_reply(int year, const std::vector<PerResident>& towns,
                               const PerResident& district) {
  mp::ArrayBuilder items;
  for (const PerResident& t : towns) items.add(per_resident_map(t));
  mp::MapBuilder b;
  b.set("year", year).set("towns", items).set("district", per_resident_map(district));
  return b.bytes();
}

mp::MapBuilder outstanding_map(const Entry& e, const Units& units, const std::string& as_of) {
  mp::MapBuilder b;
  b.set("id", e.id)
      .set("year", e.year)
      .set("payer", e.payer)
      .set("payer_name", units.name_of(e.payer))
      .set("unit", e.unit)
      .set("unit_name", units.name_of(e.unit))
      .set("category", e.category)
      .set("source", e.source)
      .set("amount_fen", e.amount_fen)
      .set("issued_on", e.date)
      .set("document", e.document)
      .set("days_outstanding", days_between(e.date, as_of));
  return b;
}

}  // namespace cedu::funding
