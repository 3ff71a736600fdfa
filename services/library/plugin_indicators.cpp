#include "services/library/plugin_indicators.h"

#include "common/msgpack/builder.h"
#include "services/library/param_readers.h"
#include "services/library/places.h"

namespace cedu::library {
namespace {

Result<std::string> indicator(plugins::PluginHost& host, const Places& places, const Request& req) {
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"name", "town", "station", "year"}));
  CEDU_ASSIGN_OR_RETURN(std::string name, read_text(p, "name", 100));
  CEDU_ASSIGN_OR_RETURN(std::string town_text, read_text(p, "town", 100));
  auto town = places.town ? places.town(town_text) : std::optional<std::string>(town_text);
  if (!town) {
    return Status::invalid_argument("'" + town_text + "' is not a town of the district",
                                    p.path_of("town"));
  }
  CEDU_ASSIGN_OR_RETURN(auto station_text, read_optional_text(p, "station", 100));
  std::string station;
  if (station_text && !station_text->empty()) {
    auto id = places.station ? places.station(*town, *station_text) : station_text;
    if (!id) {
      return Status::invalid_argument("'" + *station_text + "' is not a station of " + *town,
                                      p.path_of("station"));
    }
    station = *id;
  }
  CEDU_ASSIGN_OR_RETURN(std::int64_t year, p.int64("year"));
  if (year < 2000 || year > 2100) {
    return Status::invalid_argument("must be 2000..2100", p.path_of("year"));
  }
  Result<double> value = host.indicator(name, *town, station, static_cast<int>(year));
  if (!value.ok()) return in_params(value.status());
  mp::MapBuilder out;
  out.set("name", name).set("town", *town);
  set_place(out, "station", station);
  return out.set("year", year).set("value", *value).bytes();
}

}  // namespace

void serve_plugin_indicators(plugins::PluginHost& host, const Places& places, Service& service) {
  service.handle("indicator", [&host, places](const Request& r) { return indicator(host, places, r); });
}

}  // namespace cedu::library
