// Figures: what the ledger adds up to in a fiscal year, for a unit, a town (the town and
// its stations) or the whole district — budgets by source and category, expenditures,
// disbursements issued and received — and the plan's figures derived from them:
// funding per resident against the 4-yuan target (每位常住人口不少于4元), each source's
// share, the budget execution rate (执行率) and disbursement completeness (到位率).
//
// What counts as funding (经费投入): the net budgets (budget entries less their
// reversals) of every unit in the scope, all sources. Budgets are what each unit has to
// spend; a disbursement only moves money a budget already counts from a parent to a child,
// so counting it too would count the same yuan twice, and expenditures measure execution
// (a year's funding is not smaller because it is not spent yet). See docs/funding.md.
// Thread-safety: pure functions of their inputs; year_figures reads under the Ledger's lock.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "services/funding/ledger.h"

namespace cedu::funding {

// The per-resident target: 4 yuan = 400 fen.
inline constexpr std::int64_t kTargetFenPerResident = 400;

struct Totals {
  std::int64_t budget_fen = 0, expenditure_fen = 0, disbursed_fen = 0, received_fen = 0;
  std::map<std::string, std::int64_t> budget_by_source;       // source id → net budget
  std::map<std::string, std::int64_t> budget_by_category;
  std::map<std::string, std::int64_t> expenditure_by_category;
  std::map<std::string, std::int64_t> expenditure_by_source;

  void add(const Sum& sum);
  void add(const Totals& other);
  std::optional<std::int64_t> execution_bp() const { return ratio(expenditure_fen, budget_fen); }
  std::optional<std::int64_t> completeness_bp() const { return ratio(received_fen, disbursed_fen); }
  std::optional<std::int64_t> source_share_bp(const std::string& source) const;

 private:
  static std::optional<std::int64_t> ratio(std::int64_t part, std::int64_t whole);
};

struct YearFigures {
  int year = 0;
  std::map<std::string, Totals> by_unit;  // each unit alone, by unit id

  // The unit alone.
  Totals unit(const std::string& id) const;
  // A town and its stations.
  Totals town(const Units& units, const std::string& slug) const;
  // Every unit.
  Totals district() const;
  // The scope of `unit`: the district for the district centre, the town and its stations
  // for a town, the station alone.
  Totals scope(const Units& units, const Unit& unit) const;
};

// The figures of `year`; with `town`, only its units' (enough for the town's scope).
Result<YearFigures> year_figures(Ledger& ledger, int year,
                                 const std::optional<std::string>& town = std::nullopt);

struct PerResident {
  std::string town, name;  // empty town: the district
  std::int64_t residents = 0, funding_fen = 0, per_resident_fen = 0;
  bool met = false;  // funding_fen ≥ 400 × residents (exact, not from the rounded figure)
};

// Per town (in network order), or only `town` when given; and the district (every unit,
// the district centre's own budgets included, over all residents).
std::vector<PerResident> per_resident_towns(const YearFigures& figures, const Units& units,
                                            const std::optional<std::string>& town);
PerResident per_resident_district(const YearFigures& figures, const Units& units);

}  // namespace cedu::funding
