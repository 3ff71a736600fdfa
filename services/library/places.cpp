#include "services/library/places.h"

namespace cedu::library {

Places places_from(std::shared_ptr<const config::Network> network) {
  Places p;
  p.check = [network](const std::string& town, const std::string& station) -> Status {
    if (network->town(town) == nullptr) {
      return Status::invalid_argument("'" + town + "' is not a town of " + network->district_name +
                                      " (configs/network.yaml)", "town");
    }
    if (!station.empty() && !network->station_in_town(station, town)) {
      return Status::invalid_argument("'" + station + "' is not a station of town " + town, "station");
    }
    return Status::ok();
  };
  p.town = [network](std::string_view text) { return town_slug(*network, text); };
  p.station = [network](const std::string& town, std::string_view text) -> std::optional<std::string> {
    const config::Town* t = network->town(town);
    if (t == nullptr) return std::nullopt;
    for (const auto& s : t->stations) {
      if (s.id == text || s.name == text) return s.id;
    }
    return std::nullopt;
  };
  p.town_name = [network](const std::string& town) {
    const config::Town* t = network->town(town);
    return t != nullptr ? t->name : town;
  };
  p.station_name = [network](const std::string& station) {
    const config::Station* s = network->station(station);
    return s != nullptr ? s->name : station;
  };
  return p;
}

std::optional<std::string> town_slug(const config::Network& network, std::string_view text) {
  for (const auto& t : network.towns) {
    if (t.slug == text || t.name == text) return t.slug;
  }
  return std::nullopt;
}

void set_place(mp::MapBuilder& reply, std::string_view key, const std::string& id) {
  if (id.empty()) {
    reply.set_nil(key);
  } else {
    reply.set(key, id);
  }
}

}  // namespace cedu::library
