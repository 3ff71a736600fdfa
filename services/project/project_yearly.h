// project.yearly {year?, town?}: the project figures the plan asks for (§三.9: a batch of
// projects approved every year, municipal level and above sought; ≥ 10 lifelong-learning
// activity brands in 2016–2020, DESIGN.md §4). Counts every project that is not archived.
//
// Reply:
//   {year: int|nil, town: str|nil, total: int,
//    by_level:  {national, provincial, municipal, district: int},
//    by_kind:   {research, brand, base: int},
//    by_status: {applied, approved, midterm, concluded, rejected, withdrawn: int},
//    years: [{year, total, established, by_level: {...}, by_kind: {...}}, …] (ascending),
//    brands: {total: int, established: int, target: 10, met: bool}}
// "established" counts approved, midterm and concluded projects (立项 and later); the
// brand target is met iff established brands ≥ 10.
// INVALID_ARGUMENT naming params.year (not 2000..2100) or params.town (unknown town).
// Thread-safety: takes the library's lock while reading.
#pragma once

#include <functional>
#include <string>

#include "bus/runtime/service.h"
#include "services/library/library.h"

namespace cedu::project {

// The plan's target for lifelong-learning activity brands (DESIGN.md §4).
inline constexpr std::int64_t kBrandTarget = 10;

// `known_town` says whether a town slug exists (unset: every town is accepted).
Result<std::string> yearly(library::Library& library, const Request& request,
                           const std::function<bool(const std::string&)>& known_town);

}  // namespace cedu::project
