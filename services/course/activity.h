// course.activity {year?, town?, station?}: what the courses of a town or station offered in
// a year — scheduled (not cancelled) sessions starting that year of published courses, the
// courses they belong to and the local ones (本土特色) among them. The evaluation service
// takes "courses held" (开展课程场次) and "local courses" (本土特色课程) from it. The course's
// own town and station count here (where it is held), not the residents'. `completions`
// (结业人次) counts enrolments completed that year (China time) in those courses; the
// funding service's performance evaluation takes it.
// Thread-safety: runs on any handler thread; takes the Library's lock.
#pragma once

#include <string>

#include "services/course/course_env.h"

namespace cedu::course {

Result<std::string> activity(CourseEnv& env, const Request& request);

}  // namespace cedu::course
