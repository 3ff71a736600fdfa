// VolunteerConfig: the settings of cedu-volunteer in configs/volunteer.yaml — the star
// levels of volunteers by approved service hours, and who issues certificates.
//
//   star_thresholds_hours: [100, 300, 600, 1000, 1500]   # 1..5 stars (required)
//   certificate_issuer: 番禺区社区教育中心                # optional
//
// Where the file is: beside the district network file (`--network`, default
// configs/network.yaml), i.e. configs/volunteer.yaml in a normal deployment. The
// library services share one main() and command line (services/library/library_main.h),
// so instead of a volunteer-only flag the service looks next to the network file it was
// given. When the file is absent the defaults above apply; when it is present it must be
// valid: a bad file stops start-up with "file:line: key: what is wrong".
//
// Thread-safety: plain values and pure functions; loading is start-up only (throws
// config::ConfigError).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "common/config/reader.h"

namespace cedu::volunteer {

struct VolunteerConfig {
  // Approved hours needed for 1, 2, 3, 4 and 5 stars: positive, strictly ascending.
  std::array<std::int64_t, 5> star_thresholds_hours{100, 300, 600, 1000, 1500};
  // Printed on certificates; empty: "<district name>社区教育中心".
  std::string certificate_issuer;
  std::string source;  // the file it came from; empty for the defaults
};

// Validates the volunteer config held by `root` (a whole file) and calls root.finish().
// Throws ConfigError: star_thresholds_hours missing, not a list of exactly 5 integers,
// not positive or not strictly ascending (the error names the item and its line).
VolunteerConfig parse_volunteer_config(const config::Reader& root);
// Loads `path`. Throws ConfigError.
VolunteerConfig load_volunteer_config(const std::string& path);
// The config beside `network_file` (its directory's volunteer.yaml) when that file
// exists, else the defaults. Throws ConfigError for a bad file.
VolunteerConfig volunteer_config_beside(const std::string& network_file);

// The star level (0..5) earned by `approved_minutes` of approved service: the number of
// thresholds reached.
int star_level(const VolunteerConfig& config, std::int64_t approved_minutes);
// Minutes still needed for the next star, or nullopt at 5 stars.
std::optional<std::int64_t> minutes_to_next_star(const VolunteerConfig& config,
                                                 std::int64_t approved_minutes);

}  // namespace cedu::volunteer
