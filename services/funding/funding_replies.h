// The wire forms of the funding service's replies and events (docs/funding.md): an entry,
// a scope's figures, the per-resident figures, an outstanding disbursement.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "common/msgpack/builder.h"
#include "services/funding/figures.h"

namespace cedu::funding {

mp::MapBuilder entry_map(const Entry& entry, const Units& units);
// {year, unit, name, level}: what every figure's reply starts with.
mp::MapBuilder scope_map(const Unit& unit, int year);
// The figures of `totals` for `unit` in `year`: totals, sources with shares, categories,
// execution rate and disbursement completeness (basis points or nil).
mp::MapBuilder totals_map(const Totals& totals, const Unit& unit, int year);
mp::MapBuilder per_resident_map(const PerResident& figure);
// funding.per_resident's reply.
std::string per_resident_reply(int year, const std::vector<PerResident>& towns,
                               const PerResident& district);
// An outstanding disbursement and how long it has been waiting on `as_of`.
mp::MapBuilder outstanding_map(const Entry& entry, const Units& units, const std::string& as_of);

// Whole days from `from` to `to` (both YYYY-MM-DD); 0 when `to` is earlier.
std::int64_t days_between(const std::string& from, const std::string& to);

}  // namespace cedu::funding
