#include "services/volunteer/yearly.h"

#include "common/sqlite/statement.h"
#include "services/library/calendar.h"
#include "services/library/hours.h"
#include "services/library/param_readers.h"
#include "services/library/places.h"

namespace cedu::volunteer {
namespace {

// ?1 town or '', ?2 station or '' (the volunteer's, as it is now), ?3 the year as text.
constexpr const char* kActiveSql =
    "SELECT COUNT(*) FROM records WHERE status = 'active'"
    " AND (?1 = '' OR town = ?1) AND (?2 = '' OR station = ?2)";
constexpr const char* kServedSql =
    "SELECT COUNT(DISTINCT h.volunteer_id), COALESCE(SUM(h.minutes), 0)"
    " FROM volunteer_hours h JOIN records r ON r.id = h.volunteer_id"
    " WHERE h.status = 'approved' AND substr(h.date, 1, 4) = ?3"
    " AND (?1 = '' OR r.town = ?1) AND (?2 = '' OR r.station = ?2)";

Status bind_scope(sqlite::Statement& st, const std::string& town, const std::string& station) {
  CEDU_RETURN_IF_ERROR(st.bind_text(1, town));
  return st.bind_text(2, station);
}

}  // namespace

Result<std::string> yearly(Domain& d, const Request& r) {
  const mp::MapView& p = r.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"year", "town", "station"}));
  if (!d.network) return Status::failed_precondition("no district network loaded");
  CEDU_ASSIGN_OR_RETURN(auto year_given, library::read_year(p, "year"));
  const int year = year_given.value_or(library::current_year());
  CEDU_ASSIGN_OR_RETURN(auto town_text, library::read_optional_text(p, "town", 50));
  CEDU_ASSIGN_OR_RETURN(auto station, library::read_optional_text(p, "station", 50));
  std::string town;
  if (town_text) {
    auto slug = library::town_slug(*d.network, *town_text);
    if (!slug) {
      return Status::invalid_argument("'" + *town_text + "' is not a town of " +
                                          d.network->district_name, p.path_of("town"));
    }
    town = *slug;
  }
  if (station && (town.empty() || !d.network->station_in_town(*station, town))) {
    return Status::invalid_argument(town.empty() ? "a station needs its town"
                                                 : "'" + *station + "' is not a station of " + town,
                                    p.path_of("station"));
  }
  const std::string station_id = station.value_or("");

  std::int64_t active = 0, served = 0, minutes = 0;
  {
    auto guard = d.library.lock();
    sqlite::Database& db = d.library.store().db();
    CEDU_ASSIGN_OR_RETURN(sqlite::Statement a, db.prepare(kActiveSql));
    CEDU_RETURN_IF_ERROR(bind_scope(a, town, station_id));
    CEDU_ASSIGN_OR_RETURN(bool row, a.step());
    if (row) active = a.int64(0);
    CEDU_ASSIGN_OR_RETURN(sqlite::Statement s, db.prepare(kServedSql));
    CEDU_RETURN_IF_ERROR(bind_scope(s, town, station_id));
    CEDU_RETURN_IF_ERROR(s.bind_text(3, std::to_string(year)));
    CEDU_ASSIGN_OR_RETURN(row, s.step());
    if (row) {
      served = s.int64(0);
      minutes = s.int64(1);
    }
  }
  mp::MapBuilder b;
  b.set("year", year);
  library::set_place(b, "town", town);
  library::set_place(b, "station", station_id);
  b.set("volunteers", active)
      .set("serving", served)
      .set("approved_minutes", minutes)
      .set("approved_hours", library::hours_of_minutes(minutes));
  return b.bytes();
}

}  // namespace cedu::volunteer
