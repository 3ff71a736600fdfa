#include "services/course/enrolments.h"

#include <algorithm>

#include "common/msgpack/builder.h"
#include "common/sqlite/transaction.h"
#include "services/course/enrolment_store.h"
#include "services/course/local_time.h"
#include "services/course/params.h"
#include "services/course/session_store.h"
#include "services/library/paging.h"
#include "services/library/pii.h"

namespace cedu::course {
namespace {

using library::Caller;
using library::Record;

using Packer = msgpack::packer<mp::StringStream>;

// OK iff `caller` may enrol a resident of town/station in `course`, or cancel such an
// enrolment.
Status may_enrol(const Caller& caller, const Record& course, const std::string& town,
                 const std::string& station, std::string_view method) {
  Status s = library::may_write(caller, course.scope(), true, method);
  if (s.is_ok()) return s;
  if (caller.kind == Caller::Kind::kTown && town == caller.scope) return Status::ok();
  if (caller.kind == Caller::Kind::kStation && !station.empty() && station == caller.scope) {
    return Status::ok();
  }
  if (caller.kind == Caller::Kind::kTown || caller.kind == Caller::Kind::kStation) {
    return Status::permission_denied(caller.principal + " may enrol only its own residents or "
                                     "into its own courses; " + std::string(method) +
                                     " for a resident of " + (station.empty() ? town : station) +
                                     " in " + describe_course(course) + " refused");
  }
  return s;
}

// Which enrolments of `course` the caller may read: all, or only those of its town or
// station; PERMISSION_DENIED when none.
Result<EnrolmentQuery> readable(const Caller& caller, const Record& course) {
  EnrolmentQuery q;
  q.course_id = course.id;
  if (library::may_write(caller, course.scope(), true, "course.enrolments").is_ok()) return q;
  switch (caller.kind) {
    case Caller::Kind::kTown:
      q.town = caller.scope;
      return q;
    case Caller::Kind::kStation:
      q.station = caller.scope;
      return q;
    case Caller::Kind::kOrg:
      return Status::permission_denied(caller.principal +
                                       " may read only the enrolments of the courses it "
                                       "provides; course.enrolments of " +
                                       describe_course(course) + " refused");
    default:
      return Status::permission_denied(caller.principal +
                                       " may not read enrolments; course.enrolments refused");
  }
}

Result<std::string> read_phone(const mp::MapView& p) {
  CEDU_ASSIGN_OR_RETURN(std::string raw, p.string("phone"));
  std::string phone;
  for (char c : raw) {
    if (c != ' ' && c != '\t') phone.push_back(c);
  }
  if (phone.rfind("+86", 0) == 0) phone.erase(0, 3);
  if (!library::valid_phone(phone)) {
    return Status::invalid_argument("not a phone number (11-digit mobile or 0xx-xxxxxxxx landline)",
                                    p.path_of("phone"));
  }
  return phone;
}

// The event payload about enrolment `e` of `course` (phone masked), with `extra` more keys
// written by `more`.
template <typename More>
std::string event_payload(const Record& course, const Enrolment& e, std::uint32_t extra, More more) {
  std::string out;
  mp::StringStream stream(out);
  Packer pk(stream);
  pk.pack_map(7 + extra);
  pk.pack("course_id"), pk.pack(course.id);
  pk.pack("enrolment_id"), pk.pack(e.id);
  pk.pack("title"), pk.pack(course.text("title"));
  pk.pack("town"), pk.pack(e.town);
  pk.pack("station"), pk.pack(e.station);
  pk.pack("birth_year"), pk.pack(e.birth_year);
  pk.pack("phone"), pk.pack(library::mask_phone(e.phone));
  more(pk);
  return out;
}

// Gives the free places of a published `course` to its waitlist, first come first served
// (caller holds the lock, inside the transaction). Returns the promoted enrolments.
Result<std::vector<Enrolment>> fill_places(CourseEnv& env, EnrolmentStore& store,
                                           const Record& course, const Caller& caller,
                                           std::string_view method) {
  std::vector<Enrolment> promoted;
  if (course.status != "published") return promoted;
  const auto* capacity = std::get_if<std::int64_t>(&course.field("capacity"));
  CEDU_ASSIGN_OR_RETURN(std::int64_t enrolled, store.count(course.id, "enrolled"));
  while (capacity == nullptr || enrolled < *capacity) {
    CEDU_ASSIGN_OR_RETURN(auto next, store.first_waitlisted(course.id));
    if (!next) break;
    Enrolment e = std::move(*next);
    const std::string before = enrolment_json(e);
    e.status = "enrolled";
    e.position = 0;
    e.promoted_at = e.updated_at = library::utc_now();
    e.updated_by = caller.principal;
    CEDU_RETURN_IF_ERROR(store.update(e));
    CEDU_RETURN_IF_ERROR(audit_write(env, caller, method, course.id,
                                     "enrolment " + std::to_string(e.id) +
                                         " promoted from the waitlist",
                                     before, enrolment_json(e)));
    promoted.push_back(std::move(e));
    ++enrolled;
  }
  return promoted;
}

void announce_promotions(CourseEnv& env, const Record& course, const std::vector<Enrolment>& promoted) {
  for (const auto& e : promoted) {
    env.publish("enrolment_promoted", event_payload(course, e, 1, [&](Packer& pk) {
                  pk.pack("promoted_at"), pk.pack(e.promoted_at);
                }));
  }
}

}  // namespace

Result<std::function<void()>> fill_after_write(CourseEnv& env, const Caller& caller,
                                               std::string_view method, const Record* before,
                                               const Record& after) {
  if (before == nullptr || after.status != "published") return std::function<void()>();
  const auto* was = std::get_if<std::int64_t>(&before->field("capacity"));
  const auto* now = std::get_if<std::int64_t>(&after.field("capacity"));
  const bool more_room = before->status != "published" || (was != nullptr && (now == nullptr || *now > *was));
  if (!more_room) return std::function<void()>();
  EnrolmentStore store(env.library.store().db());
  CEDU_ASSIGN_OR_RETURN(auto promoted, fill_places(env, store, after, caller, method));
  if (promoted.empty()) return std::function<void()>();
  return std::function<void()>([&env, course = after, promoted = std::move(promoted)] {
    announce_promotions(env, course, promoted);
  });
}

namespace {

// The enrolment `id` and its course (caller holds the lock); NOT_FOUND naming
// params.enrolment_id.
Result<std::pair<Enrolment, Record>> load_enrolment(CourseEnv& env, EnrolmentStore& store,
                                                    std::int64_t id) {
  auto e = store.get(id);
  if (!e.ok()) return library::in_params(e.status());
  CEDU_ASSIGN_OR_RETURN(Record course, load_course(env, e->course_id, "course_id"));
  return std::make_pair(std::move(e).value(), std::move(course));
}

}  // namespace

Result<std::string> enrol(CourseEnv& env, const Request& req) {
  static constexpr std::string_view kMethod = "course.enrol";
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"course_id", "name", "phone", "town", "station", "birth_year"}));
  Enrolment e;
  CEDU_ASSIGN_OR_RETURN(e.course_id, read_id(p, "course_id"));
  CEDU_ASSIGN_OR_RETURN(e.name, read_text(p, "name", 50));
  CEDU_ASSIGN_OR_RETURN(e.phone, read_phone(p));
  CEDU_ASSIGN_OR_RETURN(std::string town, read_text(p, "town", 50));
  auto town_slug = env.places.town ? env.places.town(town) : std::optional<std::string>(town);
  if (!town_slug) {
    return Status::invalid_argument("'" + clip(town) + "' is not a town of the district",
                                    p.path_of("town"));
  }
  e.town = *town_slug;
  CEDU_ASSIGN_OR_RETURN(auto station, read_optional_text(p, "station", 50));
  if (station) {
    auto id = env.places.station ? env.places.station(e.town, *station) : station;
    if (!id) {
      return Status::invalid_argument("'" + clip(*station) + "' is not a station of town " + e.town,
                                      p.path_of("station"));
    }
    e.station = *id;
  }
  CEDU_ASSIGN_OR_RETURN(e.birth_year, p.int64("birth_year"));
  if (e.birth_year < 1900 || e.birth_year > local_year()) {
    return Status::invalid_argument("must be a year between 1900 and " + std::to_string(local_year()),
                                    p.path_of("birth_year"));
  }
  const Caller caller = Caller::from(req);

  auto guard = env.library.lock();
  CEDU_ASSIGN_OR_RETURN(Record course, load_course(env, e.course_id, p.path_of("course_id")));
  if (Status s = may_enrol(caller, course, e.town, e.station, kMethod); !s.is_ok()) {
    return library::refuse(env.library, guard, caller, kMethod, course.id, s);
  }
  if (course.status != "published") {
    return Status::failed_precondition(describe_course(course) + " is " + course.status +
                                           ": only published courses take enrolments",
                                       "status");
  }
  sqlite::Database& db = env.library.store().db();
  EnrolmentStore store(db);
  CEDU_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::begin(db));
  // Those already waiting come first.
  CEDU_ASSIGN_OR_RETURN(auto promoted, fill_places(env, store, course, caller, kMethod));
  CEDU_ASSIGN_OR_RETURN(auto existing, store.active_by_phone(course.id, e.phone));
  if (existing) {
    return Status::already_exists("this phone already has enrolment " +
                                      std::to_string(existing->id) + " (" + existing->status +
                                      ") in " + describe_course(course),
                                  p.path_of("phone"));
  }
  CEDU_ASSIGN_OR_RETURN(std::int64_t enrolled, store.count(course.id, "enrolled"));
  const auto* capacity = std::get_if<std::int64_t>(&course.field("capacity"));
  e.status = capacity == nullptr || enrolled < *capacity ? "enrolled" : "waitlisted";
  e.enrolled_at = e.updated_at = library::utc_now();
  e.created_by = e.updated_by = caller.principal;
  CEDU_RETURN_IF_ERROR(store.insert(e));
  CEDU_ASSIGN_OR_RETURN(e, store.get(e.id));
  CEDU_RETURN_IF_ERROR(audit_write(
      env, caller, kMethod, course.id,
      "enrolment " + std::to_string(e.id) + " " + e.status +
          (e.status == "waitlisted" ? " at position " + std::to_string(e.position) : ""),
      "", enrolment_json(e)));
  CEDU_RETURN_IF_ERROR(tx.commit());
  guard.unlock();
  announce_promotions(env, course, promoted);
  return enrolment_bytes(e, caller.pii);
}

Result<std::string> cancel_enrolment(CourseEnv& env, const Request& req) {
  static constexpr std::string_view kMethod = "course.cancel_enrolment";
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"enrolment_id", "reason"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, read_id(p, "enrolment_id"));
  CEDU_ASSIGN_OR_RETURN(auto reason, read_optional_text(p, "reason", 200));
  const Caller caller = Caller::from(req);

  auto guard = env.library.lock();
  sqlite::Database& db = env.library.store().db();
  EnrolmentStore store(db);
  CEDU_ASSIGN_OR_RETURN(auto loaded, load_enrolment(env, store, id));
  Enrolment& e = loaded.first;
  Record& course = loaded.second;
  if (Status s = may_enrol(caller, course, e.town, e.station, kMethod); !s.is_ok()) {
    return library::refuse(env.library, guard, caller, kMethod, course.id, s);
  }
  if (e.status != "enrolled" && e.status != "waitlisted") {
    return Status::failed_precondition("enrolment " + std::to_string(id) + " is " + e.status +
                                           ": only enrolled or waitlisted ones can be cancelled",
                                       "status");
  }
  const std::string before = enrolment_json(e);
  e.status = "cancelled";
  e.position = 0;
  e.cancelled_at = e.updated_at = library::utc_now();
  e.updated_by = caller.principal;
  e.note = reason.value_or("");
  CEDU_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::begin(db));
  CEDU_RETURN_IF_ERROR(store.update(e));
  CEDU_RETURN_IF_ERROR(audit_write(env, caller, kMethod, course.id,
                                   "enrolment " + std::to_string(id) + " cancelled", before,
                                   enrolment_json(e)));
  CEDU_ASSIGN_OR_RETURN(auto promoted, fill_places(env, store, course, caller, kMethod));
  CEDU_RETURN_IF_ERROR(tx.commit());
  guard.unlock();
  announce_promotions(env, course, promoted);

  std::string out;
  mp::StringStream stream(out);
  Packer pk(stream);
  pk.pack_map(2);
  pk.pack("enrolment");
  pack_enrolment(pk, e, caller.pii);
  pk.pack("promoted");
  pk.pack_array(static_cast<std::uint32_t>(promoted.size()));
  for (const auto& x : promoted) pk.pack(x.id);
  return out;
}

Result<std::string> list_enrolments(CourseEnv& env, const Request& req) {
  static constexpr std::string_view kMethod = "course.enrolments";
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"course_id", "status", "after", "limit"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t course_id, read_id(p, "course_id"));
  CEDU_ASSIGN_OR_RETURN(auto status, p.optional_string("status"));
  if (status && std::find(std::begin(kEnrolmentStatuses), std::end(kEnrolmentStatuses), *status) ==
                    std::end(kEnrolmentStatuses)) {
    return Status::invalid_argument("'" + clip(*status) +
                                        "' is not one of: enrolled, waitlisted, cancelled, completed",
                                    p.path_of("status"));
  }
  CEDU_ASSIGN_OR_RETURN(library::PageParams page, library::read_page(p, 500));
  const Caller caller = Caller::from(req);

  auto guard = env.library.lock();
  CEDU_ASSIGN_OR_RETURN(Record course, load_course(env, course_id, p.path_of("course_id")));
  auto q = readable(caller, course);
  if (!q.ok()) return library::refuse(env.library, guard, caller, kMethod, course_id, q.status());
  q->status = status;
  q->after = page.after;
  q->limit = static_cast<std::size_t>(page.limit);
  CEDU_ASSIGN_OR_RETURN(auto items, EnrolmentStore(env.library.store().db()).list(*q));
  guard.unlock();

  std::string out;
  mp::StringStream stream(out);
  Packer pk(stream);
  pk.pack_map(2);
  pk.pack("items");
  pk.pack_array(static_cast<std::uint32_t>(items.size()));
  for (const auto& e : items) pack_enrolment(pk, e, caller.pii);
  pk.pack("next_after"), pk.pack(library::next_after(items, q->limit));
  return out;
}

Result<std::string> attend(CourseEnv& env, const Request& req) {
  static constexpr std::string_view kMethod = "course.attend";
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"enrolment_id", "session_id", "present"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, read_id(p, "enrolment_id"));
  CEDU_ASSIGN_OR_RETURN(std::int64_t session_id, read_id(p, "session_id"));
  CEDU_ASSIGN_OR_RETURN(bool present, p.boolean("present"));
  const Caller caller = Caller::from(req);

  auto guard = env.library.lock();
  sqlite::Database& db = env.library.store().db();
  EnrolmentStore store(db);
  CEDU_ASSIGN_OR_RETURN(auto loaded, load_enrolment(env, store, id));
  Enrolment& e = loaded.first;
  Record& course = loaded.second;
  if (Status s = library::may_write(caller, course.scope(), true, kMethod); !s.is_ok()) {
    return library::refuse(env.library, guard, caller, kMethod, course.id, s);
  }
  auto session = SessionStore(db).get(session_id);
  if (!session.ok()) return library::in_params(session.status());
  if (session->course_id != e.course_id) {
    return Status::invalid_argument("session " + std::to_string(session_id) +
                                        " is not a session of " + describe_course(course),
                                    p.path_of("session_id"));
  }
  if (session->status != "scheduled") {
    return Status::failed_precondition("session " + std::to_string(session_id) + " is cancelled",
                                       "status");
  }
  if (e.status != "enrolled" && e.status != "completed") {
    return Status::failed_precondition("enrolment " + std::to_string(id) + " is " + e.status +
                                           ": attendance is taken of enrolled learners",
                                       "status");
  }
  CEDU_ASSIGN_OR_RETURN(auto was, store.attendance(id, session_id));
  auto row = [&](std::optional<bool> v) -> std::string {
    if (!v) return "";
    return "{\"enrolment_id\":" + std::to_string(id) + ",\"present\":" + (*v ? "true" : "false") +
           ",\"session_id\":" + std::to_string(session_id) + "}";
  };
  CEDU_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::begin(db));
  CEDU_RETURN_IF_ERROR(store.set_attendance(id, session_id, present, caller.principal,
                                            library::utc_now()));
  CEDU_RETURN_IF_ERROR(audit_write(env, caller, kMethod, course.id,
                                   "enrolment " + std::to_string(id) + " " +
                                       (present ? "present at" : "absent from") + " session " +
                                       std::to_string(session_id),
                                   row(was), row(present)));
  CEDU_RETURN_IF_ERROR(tx.commit());
  CEDU_ASSIGN_OR_RETURN(Enrolment now, store.get(id));
  guard.unlock();

  mp::MapBuilder b;
  b.set("enrolment_id", id).set("session_id", session_id).set("present", present)
      .set("attended", now.attended);
  return b.bytes();
}

Result<std::string> complete(CourseEnv& env, const Request& req) {
  static constexpr std::string_view kMethod = "course.complete";
  const mp::MapView& p = req.params;
  CEDU_RETURN_IF_ERROR(p.only_keys({"enrolment_id"}));
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, read_id(p, "enrolment_id"));
  const Caller caller = Caller::from(req);

  auto guard = env.library.lock();
  sqlite::Database& db = env.library.store().db();
  EnrolmentStore store(db);
  CEDU_ASSIGN_OR_RETURN(auto loaded, load_enrolment(env, store, id));
  Enrolment& e = loaded.first;
  Record& course = loaded.second;
  if (Status s = library::may_write(caller, course.scope(), true, kMethod); !s.is_ok()) {
    return library::refuse(env.library, guard, caller, kMethod, course.id, s);
  }
  if (e.status != "enrolled") {
    return Status::failed_precondition("enrolment " + std::to_string(id) + " is " + e.status +
                                           ": only enrolled learners complete a course",
                                       "status");
  }
  const std::string before = enrolment_json(e);
  e.status = "completed";
  e.completed_at = e.updated_at = library::utc_now();
  e.updated_by = caller.principal;
  CEDU_ASSIGN_OR_RETURN(sqlite::Transaction tx, sqlite::Transaction::begin(db));
  CEDU_RETURN_IF_ERROR(store.update(e));
  CEDU_RETURN_IF_ERROR(audit_write(env, caller, kMethod, course.id,
                                   "enrolment " + std::to_string(id) + " completed", before,
                                   enrolment_json(e)));
  CEDU_RETURN_IF_ERROR(tx.commit());
  guard.unlock();

  // For the credit bank and the learning archive: what was learnt, how long, by whom
  // (without the phone in clear).
  env.publish("completed", event_payload(course, e, 6, [&](Packer& pk) {
                pk.pack("category"), pk.pack(course.text("category"));
                pk.pack("local"), pk.pack(std::get_if<bool>(&course.field("local")) != nullptr &&
                                          std::get<bool>(course.field("local")));
                pk.pack("hours");
                if (const auto* h = std::get_if<std::int64_t>(&course.field("hours"))) {
                  pk.pack(*h);
                } else {
                  pk.pack_nil();
                }
                pk.pack("course_town"), pk.pack(course.town);
                pk.pack("attended"), pk.pack(e.attended);
                pk.pack("completed_at"), pk.pack(e.completed_at);
              }));
  return enrolment_bytes(e, caller.pii);
}

}  // namespace cedu::course
