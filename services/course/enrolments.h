// The course methods on enrolments (报名), attendance and completion:
//   course.enrol {course_id, name, phone, town, station?, birth_year}
//   course.cancel_enrolment {enrolment_id, reason?}
//   course.enrolments {course_id, status?, after?, limit?}
//   course.attend {enrolment_id, session_id, present}
//   course.complete {enrolment_id}
// Only published courses take enrolments; beyond the capacity residents are waitlisted in
// order, and a free place (a cancellation, or a larger capacity noticed at the next enrol
// or cancel) goes to the first waitlisted (event course.enrolment_promoted). Completion
// publishes course.completed for the credit bank. Phones are personal data: masked in
// replies to callers without the pii right and in every event.
//
// Who may: enrol / cancel — whoever may write the course, and also a town admin for
// residents of its town and a station for residents of its station; read the enrolments —
// unrestricted callers and the course's writers all of them, a town admin or station only
// its own residents' in other courses, an organisation only those of its own courses
// (else PERMISSION_DENIED, audited); attendance and completion — the course's writers.
// Thread-safety: handlers run on any handler thread; they take the Library's lock.
#pragma once

#include <functional>
#include <string>

#include "services/course/course_env.h"

namespace cedu::course {

Result<std::string> enrol(CourseEnv& env, const Request& request);
Result<std::string> cancel_enrolment(CourseEnv& env, const Request& request);
Result<std::string> list_enrolments(CourseEnv& env, const Request& request);
Result<std::string> attend(CourseEnv& env, const Request& request);
Result<std::string> complete(CourseEnv& env, const Request& request);

// The course's Library::AfterWrite: when a write leaves a published course with more room
// than before (a larger or no capacity, or just published), the waitlist moves up at once,
// in the same transaction; the promotions are announced after the commit.
Result<std::function<void()>> fill_after_write(CourseEnv& env, const library::Caller& caller,
                                               std::string_view method,
                                               const library::Record* before,
                                               const library::Record& after);

}  // namespace cedu::course
