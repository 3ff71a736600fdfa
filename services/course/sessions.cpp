#include "services/course/sessions.h"

#include "common/sqlite/transaction.h"
#include "services/course/local_time.h"
#include "services/course/params.h"
#include "services/course/session_store.h"

namespace cedu::course {
namespace {

using library::Caller;
using library::Record;

constexpr std::int64_t kLongestSessionMinutes = 24 * 60;

// The course `id` if `caller` may schedule it (caller holds `guard`): NOT_FOUND naming
// params.course_id, PERMISSION_DENIED (audited; releases `guard`), FAILED_PRECONDITION for
// an archived course.
Result<Record> schedulable_course(CourseEnv& env, std::unique_lock<std::mutex>& guard,
                                  const Caller& caller, std::string_view method, std::int64_t id,
                                  const std::string& field) {
  CEDU_ASSIGN_OR_RETURN(Record course, load_course(env, id, field));
  if (Status s = library::may_write(caller, course.scope(), true, method); !s.is_ok()) {
    return library::refuse(env.library, guard, caller, method, id, s);
  }
  if (course.status == "archived") {
    return Status::failed_precondition(describe_course(course) + " is archived", "status");
  }
  return course;
}

Status check_span(const mp::MapView& p, const std::string& starts_at, const std::string& ends_at) {
  const std::int64_t minutes = minutes_of(ends_at) - minutes_of(starts_at);
  if (minutes <= 0) {
    return Status::invalid_argument("must be after starts_at (" + starts_at + ")", p.path_of("ends_at"));
  }
  if (minutes > kLongestSessionMinutes) {
    return Status::invalid_argument("a session lasts at most 24 hours; split longer ones",
                                    p.path_of("ends_at"));
  }
  return Status::ok();
}

// The clash of `s` (of a course in `town`) with a booked teacher or venue, as an error.
Status check_clashes(SessionStore& store, const Session& s, const std::string& town,
                     const mp::MapView& p) {
  if (s.teacher_id) {
    CEDU_ASSIGN_OR_RETURN(auto clash, store.teacher_clash(*s.teacher_id, s.starts_at, s.ends_at));
    if (clash) {
      return Status::failed_precondition("teacher " + std::to_string(*s.teacher_id) +
                                             " is already teaching " + describe(*clash),
                                         p.path_of("teacher_id"));
    }
  }
  CEDU_ASSIGN_OR_RETURN(auto clash, store.venue_clash(town, s.venue, s.starts_at, s.ends_at));
  if (clash) {
    return Status::failed_precondition("venue " + s.venue + " is already booked for " +
                                           describe(*clash), p.path_of("venue"));
  }
  return Status::ok();
}

std::string when(const Session& s) { return s.starts_at + "–" + s.ends_at; }

}  // namespace

Result<std::string> add_session(CourseEnv& env, const Request& req) {
  static constexpr std::string_view kMethod = "course.add_session";
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(
      p.only_keys({"course_id", "starts_at", "ends_at", "venue", "lat", "lon", "teacher_id"}));
  Session s;
  CEDU_ASSIGN_OR_RETURN(s.course_id, read_id(p, "course_id"));
  CEDU_ASSIGN_OR_RETURN(s.starts_at, read_local_time(p, "starts_at"));
  CEDU_ASSIGN_OR_RETURN(s.ends_at, read_local_time(p, "ends_at"));
  CEDU_RETURN_IF_ERROR(check_span(p, s.starts_at, s.ends_at));
  CEDU_ASSIGN_OR_RETURN(auto venue, read_optional_text(p, "venue", 100));
  s.venue = venue.value_or("");
  CEDU_ASSIGN_OR_RETURN(s.lat, read_optional_number(p, "lat", -90, 90));
  CEDU_ASSIGN_OR_RETURN(s.lon, read_optional_number(p, "lon", -180, 180));
  if (s.lat.has_value() != s.lon.has_value()) {
    return Status::invalid_argument("lat and lon come together",
                                    p.path_of(s.lat ? "lon" : "lat"));
  }
  CEDU_ASSIGN_OR_RETURN(s.teacher_id, read_optional_id(p, "teacher_id"));
  const Caller caller = Caller::from(req);

  auto guard = env.library.lock();
  {
    CEDU_ASSIGN_OR_RETURN(Record course, schedulable_course(env, guard, caller, kMethod,
                                                            s.course_id, p.path_of("course_id")));
    if (s.venue.empty() && course.text("mode") != "online") {
      return Status::invalid_argument("is required for a course taught offline or blended",
                                      p.path_of("venue"));
    }
  }
  // The teacher is asked over the bus without holding the lock (other requests go on).
  if (s.teacher_id) {
    guard.unlock();
    CEDU_RETURN_IF_ERROR(env.peer_exists(req, "teacher", *s.teacher_id, p.path_of("teacher_id")));
    guard.lock();
  }
  // Again under the lock: the course may have changed meanwhile.
  CEDU_ASSIGN_OR_RETURN(Record course, schedulable_course(env, guard, caller, kMethod, s.course_id,
                                                          p.path_of("course_id")));
  sqlite::Database& db = env.library.store().db();
  CEDU_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::begin(db));
  SessionStore store(db);
  CEDU_RETURN_IF_ERROR(check_clashes(store, s, course.town, p));
  s.created_by = s.updated_by = caller.principal;
  s.created_at = s.updated_at = library::utc_now();
  CEDU_RETURN_IF_ERROR(store.insert(s));
  CEDU_RETURN_IF_ERROR(audit_write(env, caller, kMethod, s.course_id,
                                   "session " + std::to_string(s.id) + " " + when(s), "",
                                   session_json(s)));
  CEDU_RETURN_IF_ERROR(tx.commit());
  return session_bytes(s);
}

Result<std::string> list_sessions(CourseEnv& env, const Request& req) {
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"course_id", "include_cancelled"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t course_id, read_id(p, "course_id"));
  CEDU_ASSIGN_OR_RETURN(auto include_cancelled, p.optional_boolean("include_cancelled"));
  auto guard = env.library.lock();
  CEDU_RETURN_IF_ERROR(load_course(env, course_id, p.path_of("course_id")).status());
  CEDU_ASSIGN_OR_RETURN(auto sessions, SessionStore(env.library.store().db())
                                           .of_course(course_id, include_cancelled.value_or(false)));
  guard.unlock();
  std::string out;
  mp::StringStream stream(out);
  msgpack::packer<mp::StringStream> pk(stream);
  pk.pack_map(1);
  pk.pack("items");
  pk.pack_array(static_cast<std::uint32_t>(sessions.size()));
  for (const auto& s : sessions) pack_session(pk, s);
  return out;
}

Result<std::string> cancel_session(CourseEnv& env, const Request& req) {
  static constexpr std::string_view kMethod = "course.cancel_session";
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"session_id", "reason"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, read_id(p, "session_id"));
  CEDU_ASSIGN_OR_RETURN(auto reason, read_optional_text(p, "reason", 200));
  const Caller caller = Caller::from(req);
  auto guard = env.library.lock();
  sqlite::Database& db = env.library.store().db();
  SessionStore store(db);
  auto found = store.get(id);
  if (!found.ok()) return library::in_params(found.status());
  Session s = std::move(found).value();
  CEDU_ASSIGN_OR_RETURN(Record course, load_course(env, s.course_id, "course_id"));
  if (Status allowed = library::may_write(caller, course.scope(), true, kMethod); !allowed.is_ok()) {
    return library::refuse(env.library, guard, caller, kMethod, course.id, allowed);
  }
  if (s.status == "cancelled") {
    return Status::failed_precondition("session " + std::to_string(id) + " is already cancelled",
                                       "status");
  }
  const std::string before = session_json(s);
  s.status = "cancelled";
  s.note = reason.value_or("");
  s.updated_by = caller.principal;
  s.updated_at = library::utc_now();
  CEDU_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::begin(db));
  CEDU_RETURN_IF_ERROR(store.update_status(s));
  CEDU_RETURN_IF_ERROR(audit_write(env, caller, kMethod, s.course_id,
                                   "session " + std::to_string(id) + " " + when(s) + " cancelled",
                                   before, session_json(s)));
  CEDU_RETURN_IF_ERROR(tx.commit());
  return session_bytes(s);
}

Result<std::string> assign_volunteer(CourseEnv& env, const Request& req) {
  static constexpr std::string_view kMethod = "course.assign_volunteer";
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"session_id", "volunteer_id"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, read_id(p, "session_id"));
  CEDU_ASSIGN_OR_RETURN(std::int64_t volunteer, read_id(p, "volunteer_id"));
  const Caller caller = Caller::from(req);
  sqlite::Database& db = env.library.store().db();
  SessionStore store(db);

  // The session as it is now, if the caller may staff it (caller holds `guard`).
  auto staffable = [&](std::unique_lock<std::mutex>& guard) -> Result<Session> {
    auto found = store.get(id);
    if (!found.ok()) return library::in_params(found.status());
    CEDU_ASSIGN_OR_RETURN(Record course, schedulable_course(env, guard, caller, kMethod,
                                                            found->course_id, "course_id"));
    if (found->status != "scheduled") {
      return Status::failed_precondition("session " + std::to_string(id) + " is cancelled", "status");
    }
    for (std::int64_t v : found->volunteer_ids) {
      if (v == volunteer) {
        return Status::already_exists("volunteer " + std::to_string(volunteer) +
                                          " is already assigned to session " + std::to_string(id),
                                      p.path_of("volunteer_id"));
      }
    }
    return found;
  };

  auto guard = env.library.lock();
  CEDU_RETURN_IF_ERROR(staffable(guard).status());
  guard.unlock();
  CEDU_RETURN_IF_ERROR(env.peer_exists(req, "volunteer", volunteer, p.path_of("volunteer_id")));
  guard.lock();
  CEDU_ASSIGN_OR_RETURN(Session s, staffable(guard));
  CEDU_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::begin(db));
  CEDU_ASSIGN_OR_RETURN(auto clash, store.volunteer_clash(volunteer, s.starts_at, s.ends_at, s.id));
  if (clash) {
    return Status::failed_precondition("volunteer " + std::to_string(volunteer) +
                                           " already serves " + describe(*clash),
                                       p.path_of("volunteer_id"));
  }
  const std::string before = session_json(s);
  const std::string now = library::utc_now();
  CEDU_RETURN_IF_ERROR(store.add_volunteer(id, volunteer, caller.principal, now));
  s.volunteer_ids.push_back(volunteer);
  CEDU_RETURN_IF_ERROR(audit_write(env, caller, kMethod, s.course_id,
                                   "volunteer " + std::to_string(volunteer) + " to session " +
                                       std::to_string(id),
                                   before, session_json(s)));
  CEDU_RETURN_IF_ERROR(tx.commit());
  return session_bytes(s);
}

}  // namespace cedu::course
