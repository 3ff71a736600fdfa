#include "services/course/yearly_scope.h"

#include "services/course/local_time.h"
#include "services/course/params.h"

namespace cedu::course {

Result<YearlyScope> read_yearly_scope(const CourseEnv& env, const mp::MapView& p) {
  YearlyScope scope;
  CEDU_ASSIGN_OR_RETURN(auto year, p.optional_int64("year"));
  if (year && (*year < 1900 || *year > 2200)) {
    return Status::invalid_argument("must be a year between 1900 and 2200", p.path_of("year"));
  }
  scope.year = year.value_or(local_year());
  CEDU_ASSIGN_OR_RETURN(auto town_text, read_optional_text(p, "town", 50));
  CEDU_ASSIGN_OR_RETURN(auto station_text, read_optional_text(p, "station", 50));
  if (town_text) {
    auto slug = env.places.town ? env.places.town(*town_text) : town_text;
    if (!slug) {
      return Status::invalid_argument("'" + clip(*town_text) + "' is not a town of the district",
                                      p.path_of("town"));
    }
    scope.town = *slug;
  }
  if (station_text) {
    if (scope.town.empty()) {
      return Status::invalid_argument("a station needs its town", p.path_of("station"));
    }
    auto id = env.places.station ? env.places.station(scope.town, *station_text) : station_text;
    if (!id) {
      return Status::invalid_argument(
          "'" + clip(*station_text) + "' is not a station of town " + scope.town,
          p.path_of("station"));
    }
    scope.station = *id;
  }
  return scope;
}

}  // namespace cedu::course
