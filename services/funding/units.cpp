#include "services/funding/units.h"

namespace cedu::funding {

Units::Units(std::shared_ptr<const config::Network> network) : network_(std::move(network)) {
  district_ = {network_->district_slug, network_->district_name + "社区学院", Level::kDistrict, ""};
}

std::optional<Unit> Units::find(std::string_view id) const {
  if (id == district_.id) return district_;
  if (const config::Town* t = network_->town(id)) return Unit{t->slug, t->name, Level::kTown, t->slug};
  if (const config::Station* s = network_->station(id)) {
    return Unit{s->id, s->name, Level::kStation, s->town};
  }
  return std::nullopt;
}

Result<Unit> Units::resolve(std::string_view text, const std::string& field) const {
  if (auto u = find(text)) return *u;
  if (text == district_.name || text == network_->district_name) return district_;
  for (const config::Town& t : network_->towns) {
    if (t.name == text) return Unit{t.slug, t.name, Level::kTown, t.slug};
  }
  return Status::invalid_argument("'" + std::string(text) + "' is not a unit of " +
                                      network_->district_name + ": the district centre '" +
                                      district_.id + "', a town slug or a station id",
                                  field);
}

std::optional<Unit> Units::parent(const Unit& unit) const {
  switch (unit.level) {
    case Level::kDistrict: return std::nullopt;
    case Level::kTown: return district_;
    case Level::kStation: return find(unit.town);
  }
  return std::nullopt;
}

std::string Units::name_of(std::string_view id) const {
  if (auto u = find(id)) return u->name;
  return std::string(id);
}

std::string_view level_name(Level level) {
  switch (level) {
    case Level::kDistrict: return "district";
    case Level::kTown: return "town";
    case Level::kStation: return "station";
  }
  return "";
}

}  // namespace cedu::funding
