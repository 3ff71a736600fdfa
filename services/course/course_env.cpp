#include "services/course/course_env.h"

#include "services/library/audit_log.h"

namespace cedu::course {

Result<library::Record> load_course(CourseEnv& env, std::int64_t id, const std::string& field) {
  auto r = env.library.store().get(id);
  if (!r.ok() && r.status().code() == StatusCode::kNotFound) {
    return Status::not_found("there is no course " + std::to_string(id), field);
  }
  return r;
}

Status refuse(CourseEnv& env, std::unique_lock<std::mutex>& guard, const library::Caller& caller,
              std::string_view method, std::int64_t course_id, const Status& why) {
  if (guard.owns_lock()) guard.unlock();
  env.library.audit_denied(caller, method, course_id, why);
  return why;
}

Status audit_write(CourseEnv& env, const library::Caller& caller, std::string_view method,
                   std::int64_t course_id, std::string detail, std::string_view before,
                   std::string_view after) {
  library::AuditEntry e;
  e.at = library::utc_now();
  e.principal = caller.principal;
  e.method = std::string(method);
  e.record_id = course_id;
  e.outcome = "ok";
  e.detail = std::move(detail);
  if (!before.empty()) e.before_digest = library::sha256_hex(before);
  if (!after.empty()) e.after_digest = library::sha256_hex(after);
  return library::append_audit(env.library.store().db(), e);
}

std::string describe_course(const library::Record& course) {
  return course.text("title") + " (course " + std::to_string(course.id) + ")";
}

}  // namespace cedu::course
