// volunteer.yearly {year?, town?, station?}: the volunteer figures of a town or station in
// a year — active volunteers registered there (records with status active), those of them
// who served (approved hours dated that year) and the approved hours. The evaluation
// service takes "volunteer hours" (志愿服务时数) and, for a station, the volunteers per
// 1,000 residents from it; only counts leave the service.
// Thread-safety: the method may run concurrently (domain.h).
#pragma once

#include <string>

#include "services/volunteer/domain.h"

namespace cedu::volunteer {

Result<std::string> yearly(Domain& d, const Request& request);

}  // namespace cedu::volunteer
