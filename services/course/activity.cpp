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

// Completions (结业): enrolments completed in the year, dated by completed_at (UTC) in
// China Standard Time, in courses of the town or station — whatever the course's status
// now, since archiving a course does not undo what its learners finished.
constexpr const char* kCompletionsSql =
    "SELECT COUNT(*) FROM course_enrolments e JOIN records r ON r.id = e.course_id"
    " WHERE e.status = 'completed' AND strftime('%Y', e.completed_at, '+8 hours') = ?1"
    " AND (?2 = '' OR r.town = ?2) AND (?3 = '' OR r.station = ?3)";

// Runs `sql` with the scope's year, town and station as ?1..?3; the first row.
Result<sqlite::Statement> scoped(sqlite::Database& db, const char* sql, const YearlyScope& scope) {
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement st, db.prepare(sql));
  CEDU_RETURN_IF_ERROR(st.bind_text(1, std::to_string(scope.year)));
  CEDU_RETURN_IF_ERROR(st.bind_text(2, scope.town));
  CEDU_RETURN_IF_ERROR(st.bind_text(3, scope.station));
  CEDU_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return Status::internal("an aggregate query returned no row");
  return st;
}

}  // namespace

Result<std::string> activity(CourseEnv& env, const Request& req) {
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"year", "town", "station"}));
  CEDU_ASSIGN_OR_RETURN(YearlyScope scope, read_yearly_scope(env, p));

  auto guard = env.library.lock();
  sqlite::Database& db = env.library.store().db();
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement held, scoped(db, kActivitySql, scope));
  const std::int64_t sessions = held.int64(0), courses = held.int64(1), local = held.int64(2);
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement done, scoped(db, kCompletionsSql, scope));
  const std::int64_t completions = done.int64(0);
  guard.unlock();

  mp::MapBuilder out;
  out.set("year", scope.year);
  library::set_place(out, "town", scope.town);
  library::set_place(out, "station", scope.station);
  return out.set("sessions", sessions).set("courses", courses).set("local_courses", local)
      .set("completions", completions).bytes();
}

}  // namespace cedu::course
