// Volunteers per 1,000 residents, per town and for the district, against the plan's target
// (DESIGN.md §4: volunteers ≥ 10 % of residents, 志愿者占比达到10%以上). Residents are the
// populations of the district network (configs/network.yaml); volunteers are the records
// with status active (archived ones do not count).
//   volunteer.per_thousand {}
// Thread-safety: volunteer_shares is pure; the method may run concurrently (domain.h).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/config/network.h"
#include "services/volunteer/domain.h"

namespace cedu::volunteer {

inline constexpr double kTargetSharePercent = 10.0;

struct VolunteerShare {
  std::string town;  // slug; empty for the district total
  std::string name;  // 南村镇 / 番禺区
  std::int64_t volunteers = 0;
  std::int64_t residents = 0;
  double per_thousand = 0;   // volunteers per 1,000 residents, 3 decimals
  double share_percent = 0;  // volunteers as % of residents, 4 decimals
  bool meets_target = false;  // share_percent >= kTargetSharePercent
};

// One share per town of `network` in file order, then the district total (town empty).
// `active` maps town slug → active volunteers; towns not in the network are ignored.
std::vector<VolunteerShare> volunteer_shares(const config::Network& network,
                                             const std::map<std::string, std::int64_t>& active);

Result<std::string> per_thousand(Domain& d, const Request& request);

}  // namespace cedu::volunteer
