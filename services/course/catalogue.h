// course.catalogue {town?, category?, audience?, from?, to?, unscheduled?, limit?}: the
// learning catalogue (学习目录) residents browse and the learning map (学习地图) draws —
// published courses with their scheduled sessions between two dates, the course whose next
// session comes first first. Courses without any scheduled session (self-paced online
// courses) follow when `unscheduled` is true.
// Thread-safety: runs on any handler thread; takes the Library's lock.
#pragma once

#include <string>

#include "services/course/course_env.h"

namespace cedu::course {

Result<std::string> catalogue(CourseEnv& env, const Request& request);

}  // namespace cedu::course
