// Network: the typed contents of configs/network.yaml — the district's three-level
// community-education network, district → towns and streets (镇街) → village and
// community tutoring stations (村居辅导站), with the populations the plan's targets are
// measured against (DESIGN.md §3, §4). Validated once, at load: an unknown key, a bad or
// duplicate slug, a station id without its town's prefix or an impossible population
// stops start-up with "file:line: key: problem".
// Thread-safety: plain values; a loaded Network may be read from any number of threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/config/reader.h"

namespace cedu::config {

enum class TownKind { kTown, kStreet };            // 镇, 街
enum class StationKind { kVillage, kCommunity };   // 村, 社区

// "town"/"street" and "village"/"community", as in the file.
std::string_view kind_name(TownKind kind);
std::string_view kind_name(StationKind kind);

struct Station {
  std::string id;    // "<town slug>-<nn>", e.g. "nancun-01"
  std::string name;  // 南村村
  StationKind kind = StationKind::kVillage;
  std::string town;  // slug of the town it belongs to
};

struct Town {
  std::string slug;  // pinyin, e.g. "nancun"
  std::string name;  // 南村镇
  TownKind kind = TownKind::kTown;
  std::int64_t population = 0;          // residents, > 0
  std::int64_t elderly_population = 0;  // residents aged 60+, 0..population
  std::vector<Station> stations;        // in file order
};

struct Network {
  std::string district_slug;  // "panyu"
  std::string district_name;  // 番禺区
  std::vector<Town> towns;    // in file order
  std::string source;         // the file it was loaded from

  // The town `slug`, or nullptr iff there is none. Linear in the number of towns.
  const Town* town(std::string_view slug) const;
  // The station `id`, or nullptr iff there is none. Linear in the stations of its town.
  const Station* station(std::string_view id) const;
  // Returns true iff the station `station_id` exists and belongs to the town `town_slug`.
  bool station_in_town(std::string_view station_id, std::string_view town_slug) const;

  // Totals over all towns.
  std::int64_t population() const;
  std::int64_t elderly_population() const;
  std::size_t station_count() const;
};

// Loads and validates the network file at `path`. Throws ConfigError.
Network load_network(const std::string& path);
// Validates the network held by `root` (a whole file) and calls finish() on every map.
// Throws ConfigError.
Network parse_network(const Reader& root);

// Returns true iff `slug` may name a district, town or station: [a-z][a-z0-9-]*.
bool valid_slug(std::string_view slug);

}  // namespace cedu::config
