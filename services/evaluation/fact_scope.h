// FactScope: which place and year an organisation's automatic indicators are measured over,
// and the residents its rates are measured against (docs/evaluation.md, "Automatic
// indicators gathered over the bus"):
//   town       its town; residents and elderly residents from configs/network.yaml;
//   station    its station (figures of that station of its town); residents: the
//              organisation's `members` (成员人数 — the station's residents: the network has
//              no population below the town); elderly residents: members × the town's
//              elderly share, rounded (the network has no elderly count below the town);
//   community  its station when it has one, else its town; residents as for a station;
//   family, association, enterprise: no figures in the other services (every fact is
//              UNAVAILABLE, `no_figures` says why).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "common/config/network.h"
#include "services/library/record.h"

namespace cedu::evaluation {

struct FactScope {
  std::int64_t organisation_id = 0;
  std::string type;     // the organisation type
  std::string town;     // slug
  std::string station;  // station id; "" for a town-wide scope
  int year = 0;
  std::optional<std::int64_t> residents;          // 常住人口, for the rates
  std::optional<std::int64_t> elderly_residents;  // aged 60+
  std::string no_residents;  // why `residents` is unknown; "" when known
  std::string no_figures;    // why nothing can be gathered; "" for towns, stations, communities
};

// The scope of organisation `org` (a record of organisation_spec()) in `year`.
FactScope fact_scope_of(const library::Record& org, const config::Network& network, int year);

}  // namespace cedu::evaluation
