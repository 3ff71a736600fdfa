// course.participants {year?, town?, station?}: how many residents took part in courses in
// a year, per town (of residence; with `station`, only that station's residents) — distinct
// people (by phone) and the elderly among them (60 or older that year by year of birth) — the figures behind the plan's targets "≥ 40 % of residents" and
// "≥ 30 % of the elderly" (the evaluation service divides them by configs/network.yaml's
// populations). No personal data leaves: only counts.
// Thread-safety: runs on any handler thread; takes the Library's lock.
#pragma once

#include <string>

#include "services/course/course_env.h"

namespace cedu::course {

Result<std::string> participants(CourseEnv& env, const Request& request);

}  // namespace cedu::course
