// Training and teaching-research records of teachers (业务培训, 定期教研): each course a
// teacher attended or research session they took part in, with its hours.
//   teacher.add_training {teacher_id, date, kind: training|research, title, hours}
//   teacher.trainings    {teacher_id, year?}
// Adding follows the teacher's row rules and is audited (side_write.h).
// Thread-safety: the methods may run concurrently (domain.h).
#pragma once

#include "services/teacher/domain.h"

namespace cedu::teacher {

extern const char* const kTrainingsSchema;

Result<std::string> add_training(Domain& d, const Request& request);
Result<std::string> trainings(Domain& d, const Request& request);

}  // namespace cedu::teacher
