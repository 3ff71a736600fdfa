// Cross-town exchange assignments of teachers (跨镇街交流): a teacher of one town teaches
// in another from a start date to an end date (both inclusive). The destination must be
// another town of the district network; one teacher's exchanges never overlap.
//   teacher.assign_exchange {teacher_id, to_town, start_date, end_date, note?}
//   teacher.exchanges       {teacher_id?, town?, after?, limit?}  (town: into or out of it)
// Assigning follows the teacher's row rules (the town that employs the teacher sends it)
// and is audited (side_write.h).
// Thread-safety: the methods may run concurrently (domain.h).
#pragma once

#include "services/teacher/domain.h"

namespace cedu::teacher {

extern const char* const kExchangesSchema;

Result<std::string> assign_exchange(Domain& d, const Request& request);
Result<std::string> exchanges(Domain& d, const Request& request);

}  // namespace cedu::teacher
