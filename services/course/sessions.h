// The course methods on sessions (课次):
//   course.add_session {course_id, starts_at, ends_at, venue?, lat?, lon?, teacher_id?}
//   course.sessions {course_id, include_cancelled?}
//   course.cancel_session {session_id, reason?}
//   course.assign_volunteer {session_id, volunteer_id}
// Scheduling follows the course's row rules (whoever may update the course). A teacher,
// a volunteer or a venue of the course's town that is booked in an overlapping session of
// any live course is refused FAILED_PRECONDITION naming the clash. Teachers and volunteers
// are checked in their own libraries over the bus, outside the Library's lock; the clash
// check and the write then happen in one transaction under it, audited.
// Thread-safety: handlers run on any handler thread; they take the Library's lock.
#pragma once

#include <string>

#include "services/course/course_env.h"

namespace cedu::course {

Result<std::string> add_session(CourseEnv& env, const Request& request);
Result<std::string> list_sessions(CourseEnv& env, const Request& request);
Result<std::string> cancel_session(CourseEnv& env, const Request& request);
Result<std::string> assign_volunteer(CourseEnv& env, const Request& request);

}  // namespace cedu::course
