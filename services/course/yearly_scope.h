// YearlyScope: the "which year, which town, which station" params the course's yearly
// figures take (course.participants, course.activity): `year` (default this year, China
// time), `town` (slug or Chinese name) and `station` (id or name, needs `town`). Bad input
// is INVALID_ARGUMENT naming params.year / params.town / params.station.
// Thread-safety: pure function of its arguments.
#pragma once

#include <cstdint>
#include <string>

#include "services/course/course_env.h"

namespace cedu::course {

struct YearlyScope {
  std::int64_t year = 0;
  std::string town;     // slug, "" for the whole district
  std::string station;  // station id, "" for the whole town
};

Result<YearlyScope> read_yearly_scope(const CourseEnv& env, const mp::MapView& params);

}  // namespace cedu::course
