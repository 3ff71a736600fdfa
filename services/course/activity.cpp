#include "services/course/activity.h"

#include "common/msgpack/builder.h"
#include "common/sqlite/statement.h"
#include "services/course/yearly_scope.h"
#include "services/library/places.h"

namespace cedu::course {
namespace {

constexpr const char* kActivitySql =
    "SELECT COUNT(*), COUNT(DISTINCT s.course_id),"
    " COUNT(DISTINCT CASE WHEN json_extract(r.body, '$.local') THEN s.course_id END)"
    " FROM course_sessions s JOIN records r ON r.id = s.course_id"
    " WHERE s.status = 'scheduled' AND r.status = 'published'"
    " AND substr(s.starts_at, 1, 4) = ?1 AND (?2 = '' OR r.town = ?2)"
    " AND (?3 = '' OR r.station = ?3)";

}  // namespace

Result<std::string> activity(CourseEnv& env, const Request& req) {
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"year", "town", "station"}));
  CEDU_ASSIGN_OR_RETURN(YearlyScope scope, read_yearly_scope(env, p));

  auto guard = env.library.lock();
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement st, env.library.store().db().prepare(kActivitySql));
  CEDU_RETURN_IF_ERROR(st.bind_text(1, std::to_string(scope.year)));
  CEDU_RETURN_IF_ERROR(st.bind_text(2, scope.town));
  CEDU_RETURN_IF_ERROR(st.bind_text(3, scope.station));
  CEDU_ASSIGN_OR_RETURN(bool row, st.step());
  const std::int64_t sessions = row ? st.int64(0) : 0;
  const std::int64_t courses = row ? st.int64(1) : 0;
  const std::int64_t local = row ? st.int64(2) : 0;
  guard.unlock();

  mp::MapBuilder out;
  out.set("year", scope.year);
  library::set_place(out, "town", scope.town);
  library::set_place(out, "station", scope.station);
  return out.set("sessions", sessions).set("courses", courses).set("local_courses", local).bytes();
}

}  // namespace cedu::course
