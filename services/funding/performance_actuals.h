// The actuals of a performance evaluation: what the ledger knows itself (execution rate,
// disbursement completeness, funding per resident, cost per participant) and what the
// libraries answer over the bus — course.activity (courses and sessions held, completions),
// course.participants, volunteer.hours_entries (approved hours, paged), project.yearly
// (projects concluded) — for the district or one town in a year, and the manual values
// (satisfaction surveys) the caller gives. Each library is asked once per evaluation; an
// answer that cannot be had makes the actuals that need it unavailable, with the reason.
// Thread-safety: as the PeerCall given.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "common/msgpack/fields.h"
#include "services/funding/figures.h"
#include "services/funding/performance_score.h"

namespace cedu::funding {

// Calls service.method with packed `params`; the unpacked result, or the call's error.
using PeerCall = std::function<Result<msgpack::object_handle>(
    std::string_view service, std::string_view method, const std::string& params)>;

struct PerformanceScope {
  int year = 0;
  std::optional<std::string> town;  // nullopt: the district
  Totals totals;                    // the ledger's figures of the scope
  std::int64_t residents = 0;
};

// The actual of every indicator of `config`, by indicator id. `manual` holds the values
// given for manual indicators, by indicator id.
std::map<std::string, Actual> gather_actuals(const PerformanceConfig& config,
                                             const PerformanceScope& scope, const PeerCall& peer,
                                             const std::map<std::string, std::int64_t>& manual);

}  // namespace cedu::funding
