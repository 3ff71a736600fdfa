#include "services/funding/disclosure.h"

namespace cedu::funding {

std::vector<DisclosureRow> disclosure_rows(const YearFigures& f, const Units& units,
                                           const Unit& scope) {
  std::vector<DisclosureRow> rows;
  const config::Network& network = units.network();
  switch (scope.level) {
    case Level::kDistrict:
      rows.push_back({scope.id, scope.name + "（区本级）", "district", std::nullopt, f.unit(scope.id)});
      for (const config::Town& t : network.towns) {
        rows.push_back({t.slug, t.name, "town", t.population, f.town(units, t.slug)});
      }
      rows.push_back({"", "全区合计", "total", network.population(), f.district()});
      break;
    case Level::kTown: {
      const config::Town& t = *network.town(scope.id);
      rows.push_back({t.slug, t.name + "（本级）", "town", std::nullopt, f.unit(t.slug)});
      for (const config::Station& s : t.stations) {
        rows.push_back({s.id, s.name, "station", std::nullopt, f.unit(s.id)});
      }
      rows.push_back({"", "合计", "total", t.population, f.town(units, t.slug)});
      break;
    }
    case Level::kStation:
      rows.push_back({scope.id, scope.name, "station", std::nullopt, f.unit(scope.id)});
      break;
  }
  return rows;
}

}  // namespace cedu::funding
