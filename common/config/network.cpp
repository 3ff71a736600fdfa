#include "common/config/network.h"

#include <map>

namespace cedu::config {
namespace {

// Line of the first use of each id, for "duplicate ... (first at line N)".
using FirstSeen = std::map<std::string, int, std::less<>>;

std::string required_slug(const Reader& r, std::string_view key) {
  std::string slug = r.required<std::string>(key);
  if (!valid_slug(slug)) r.fail(key, "\"" + slug + "\" must match [a-z][a-z0-9-]*");
  return slug;
}

std::string required_name(const Reader& r, std::string_view key) {
  std::string name = r.required<std::string>(key);
  if (name.empty()) r.fail(key, "must not be empty");
  return name;
}

// The value of `key`, which must be one of `allowed` (their index is returned).
std::size_t required_choice(const Reader& r, std::string_view key,
                            std::initializer_list<std::string_view> allowed) {
  std::string value = r.required<std::string>(key);
  std::size_t i = 0;
  std::string names;
  for (std::string_view a : allowed) {
    if (a == value) return i;
    names += (i++ == 0 ? "" : ", ") + std::string(a);
  }
  r.fail(key, "must be one of " + names + ", got \"" + value + "\"");
}

// Records `id` as first seen at `key`'s line, or fails iff it was seen before.
void check_unique(const Reader& r, std::string_view key, const std::string& id,
                  std::string_view what, FirstSeen* seen) {
  auto [it, inserted] = seen->emplace(id, r.line_of(key));
  if (!inserted) {
    r.fail(key, "duplicate " + std::string(what) + " \"" + id + "\" (first at line " +
                    std::to_string(it->second) + ")");
  }
}

Station parse_station(const Reader& r, const std::string& town, FirstSeen* ids,
                      FirstSeen* names) {
  Station s;
  s.town = town;
  s.id = required_slug(r, "id");
  if (!s.id.starts_with(town + "-") || s.id.size() == town.size() + 1) {
    r.fail("id", "\"" + s.id + "\" must start with its town's slug and a dash (\"" + town +
                     "-\")");
  }
  check_unique(r, "id", s.id, "station id", ids);
  s.name = required_name(r, "name");
  check_unique(r, "name", s.name, "station name in town " + town + ":", names);
  s.kind = required_choice(r, "kind", {"village", "community"}) == 0 ? StationKind::kVillage
                                                                     : StationKind::kCommunity;
  r.finish();
  return s;
}

Town parse_town(const Reader& r, FirstSeen* slugs, FirstSeen* station_ids) {
  Town t;
  t.slug = required_slug(r, "slug");
  check_unique(r, "slug", t.slug, "town", slugs);
  t.name = required_name(r, "name");
  t.kind = required_choice(r, "kind", {"town", "street"}) == 0 ? TownKind::kTown
                                                               : TownKind::kStreet;
  t.population = r.required<std::int64_t>("population");
  if (t.population <= 0) r.fail("population", "must be positive");
  t.elderly_population = r.required<std::int64_t>("elderly_population");
  if (t.elderly_population < 0) r.fail("elderly_population", "must not be negative");
  if (t.elderly_population > t.population) {
    r.fail("elderly_population",
           "must not exceed population (" + std::to_string(t.population) + ")");
  }
  if (!r.has("stations")) r.fail("stations", "a town needs at least one station");
  FirstSeen names;
  for (const Reader& s : r.list("stations")) {
    t.stations.push_back(parse_station(s, t.slug, station_ids, &names));
  }
  if (t.stations.empty()) r.fail("stations", "a town needs at least one station");
  r.finish();
  return t;
}

}  // namespace

std::string_view kind_name(TownKind kind) {
  return kind == TownKind::kTown ? "town" : "street";
}

std::string_view kind_name(StationKind kind) {
  return kind == StationKind::kVillage ? "village" : "community";
}

bool valid_slug(std::string_view slug) {
  if (slug.empty() || slug.front() < 'a' || slug.front() > 'z') return false;
  for (char c : slug) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

const Town* Network::town(std::string_view slug) const {
  for (const Town& t : towns) {
    if (t.slug == slug) return &t;
  }
  return nullptr;
}

const Station* Network::station(std::string_view id) const {
  for (const Town& t : towns) {
    // Every station id starts with "<its town>-" (checked at load).
    if (id.size() <= t.slug.size() || !id.starts_with(t.slug) || id[t.slug.size()] != '-') {
      continue;
    }
    for (const Station& s : t.stations) {
      if (s.id == id) return &s;
    }
  }
  return nullptr;
}

bool Network::station_in_town(std::string_view station_id, std::string_view town_slug) const {
  const Station* s = station(station_id);
  return s != nullptr && s->town == town_slug;
}

std::int64_t Network::population() const {
  std::int64_t n = 0;
  for (const Town& t : towns) n += t.population;
  return n;
}

std::int64_t Network::elderly_population() const {
  std::int64_t n = 0;
  for (const Town& t : towns) n += t.elderly_population;
  return n;
}

std::size_t Network::station_count() const {
  std::size_t n = 0;
  for (const Town& t : towns) n += t.stations.size();
  return n;
}

Network parse_network(const Reader& root) {
  Network n;
  n.source = root.file();
  Reader district = root.child("district");
  n.district_slug = required_slug(district, "slug");
  n.district_name = required_name(district, "name");
  district.finish();
  if (!root.has("towns")) root.fail("towns", "the network needs at least one town");
  FirstSeen slugs;
  FirstSeen station_ids;
  for (const Reader& t : root.list("towns")) {
    n.towns.push_back(parse_town(t, &slugs, &station_ids));
  }
  if (n.towns.empty()) root.fail("towns", "the network needs at least one town");
  root.finish();
  return n;
}

Network load_network(const std::string& path) { return parse_network(Reader::load_file(path)); }

}  // namespace cedu::config
