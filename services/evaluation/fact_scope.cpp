#include "services/evaluation/fact_scope.h"

#include <cmath>

namespace cedu::evaluation {

FactScope fact_scope_of(const library::Record& org, const config::Network& network, int year) {
  FactScope s;
  s.organisation_id = org.id;
  s.type = org.text("type");
  s.town = org.town;
  s.year = year;
  const config::Town* town = network.town(org.town);
  if (s.type == "town") {
    if (town != nullptr) {
      s.residents = town->population;
      s.elderly_residents = town->elderly_population;
    } else {
      s.no_residents = "town " + org.town + " is not in " + network.source;
    }
    return s;
  }
  if (s.type != "station" && s.type != "community") {
    s.no_figures = "a " + s.type + " has no figures in the other services: enter its values";
    return s;
  }
  s.station = org.station;
  if (const auto* members = std::get_if<std::int64_t>(&org.field("members")); members && *members > 0) {
    s.residents = *members;
    if (town != nullptr && town->population > 0) {
      s.elderly_residents = std::llround(static_cast<double>(*members) *
                                         static_cast<double>(town->elderly_population) /
                                         static_cast<double>(town->population));
    }
  } else {
    s.no_residents = "organisation " + std::to_string(org.id) +
                     " has no members (成员人数): a rate needs its residents";
  }
  return s;
}

}  // namespace cedu::evaluation
