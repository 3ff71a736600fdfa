#include "services/funding/figures.h"

#include "services/funding/money.h"

namespace cedu::funding {
namespace {

void add_to(std::map<std::string, std::int64_t>& to, const std::map<std::string, std::int64_t>& from) {
  for (const auto& [k, v] : from) to[k] += v;
}

PerResident per_resident(std::string town, std::string name, std::int64_t residents,
                         std::int64_t funding_fen) {
  PerResident p{std::move(town), std::move(name), residents, funding_fen, 0, false};
  if (residents > 0) {
    p.per_resident_fen = funding_fen / residents;
    p.met = funding_fen >= kTargetFenPerResident * residents;
  }
  return p;
}

}  // namespace

void Totals::add(const Sum& s) {
  switch (s.kind) {
    case Kind::kBudget:
      budget_fen += s.amount_fen;
      budget_by_source[s.source] += s.amount_fen;
      budget_by_category[s.category] += s.amount_fen;
      break;
    case Kind::kExpenditure:
      expenditure_fen += s.amount_fen;
      expenditure_by_category[s.category] += s.amount_fen;
      expenditure_by_source[s.source] += s.amount_fen;
      break;
    case Kind::kDisbursement:
      disbursed_fen += s.amount_fen;
      received_fen += s.received_fen;
      break;
  }
}

void Totals::add(const Totals& o) {
  budget_fen += o.budget_fen;
  expenditure_fen += o.expenditure_fen;
  disbursed_fen += o.disbursed_fen;
  received_fen += o.received_fen;
  add_to(budget_by_source, o.budget_by_source);
  add_to(budget_by_category, o.budget_by_category);
  add_to(expenditure_by_category, o.expenditure_by_category);
  add_to(expenditure_by_source, o.expenditure_by_source);
}

std::optional<std::int64_t> Totals::source_share_bp(const std::string& source) const {
  auto it = budget_by_source.find(source);
  return ratio(it == budget_by_source.end() ? 0 : it->second, budget_fen);
}

std::optional<std::int64_t> Totals::ratio(std::int64_t part, std::int64_t whole) {
  return ratio_bp(part, whole);
}

Totals YearFigures::unit(const std::string& id) const {
  auto it = by_unit.find(id);
  return it == by_unit.end() ? Totals{} : it->second;
}

Totals YearFigures::town(const Units& units, const std::string& slug) const {
  Totals t = unit(slug);
  if (const config::Town* town = units.network().town(slug)) {
    for (const config::Station& s : town->stations) t.add(unit(s.id));
  }
  return t;
}

Totals YearFigures::district() const {
  Totals t;
  for (const auto& [id, totals] : by_unit) t.add(totals);
  return t;
}

Totals YearFigures::scope(const Units& units, const Unit& u) const {
  switch (u.level) {
    case Level::kDistrict: return district();
    case Level::kTown: return town(units, u.id);
    case Level::kStation: return unit(u.id);
  }
  return {};
}

Result<YearFigures> year_figures(Ledger& ledger, int year, const std::optional<std::string>& town) {
  CEDU_ASSIGN_OR_RETURN(std::vector<Sum> sums,
                        ledger.read([&](sqlite::Database& db) { return year_sums(db, year, town); }));
  YearFigures f;
  f.year = year;
  for (const Sum& s : sums) f.by_unit[s.unit].add(s);
  return f;
}

std::vector<PerResident> per_resident_towns(const YearFigures& figures, const Units& units,
                                            const std::optional<std::string>& only) {
  std::vector<PerResident> out;
  for (const config::Town& t : units.network().towns) {
    if (only && *only != t.slug) continue;
    out.push_back(per_resident(t.slug, t.name, t.population, figures.town(units, t.slug).budget_fen));
  }
  return out;
}

PerResident per_resident_district(const YearFigures& figures, const Units& units) {
  return per_resident("", units.network().district_name, units.network().population(),
                      figures.district().budget_fen);
}

}  // namespace cedu::funding
