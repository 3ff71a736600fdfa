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

Status audit_write(CourseEnv& env, const library::Caller& caller, std::string_view method,
                   std::int64_t course_id, std::string detail, std::string_view before,
                   std::string_view after) {
  return library::append_audit(
      env.library.store().db(),
      library::write_entry(caller.principal, method, course_id, std::move(detail), before, after));
}

std::string describe_course(const library::Record& course) {
  return course.text("title") + " (course " + std::to_string(course.id) + ")";
}

}  // namespace cedu::course
