// Yearly performance appraisals of teachers (绩效考评): one per teacher and year, graded
// excellent 优秀, competent 合格, basic 基本合格 or incompetent 不合格. The teacher's town
// at the time of the appraisal is kept with it, so a later move does not rewrite the
// town's record of past years.
//   teacher.appraise   {teacher_id, year, grade, comment?}   (a second one → ALREADY_EXISTS)
//   teacher.appraisals {teacher_id?, year?, town?, grade?, after?, limit?}
// Appraising follows the teacher's row rules and is audited (side_write.h).
// Thread-safety: the methods may run concurrently (domain.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "services/teacher/domain.h"

namespace cedu::teacher {

extern const char* const kAppraisalsSchema;

// "excellent", "competent", "basic", "incompetent" for a grade written so or in Chinese.
std::optional<std::string> appraisal_grade(std::string_view text);

Result<std::string> appraise(Domain& d, const Request& request);
Result<std::string> appraisals(Domain& d, const Request& request);

}  // namespace cedu::teacher
