// Tiered volunteer training (分类分层的志愿者培训, the plan's 强化队伍建设): each training a
// volunteer attended, at level basic 初级, intermediate 中级 or advanced 高级.
//   volunteer.add_training  {volunteer_id, level, date, title, hours}
//   volunteer.trainings     {volunteer_id}
// Adding follows the volunteer's row rules and is audited (see side_write.h).
// Thread-safety: the methods may run concurrently (see domain.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "services/volunteer/domain.h"

namespace cedu::volunteer {

// The table (the volunteer domain's migration).
extern const char* const kTrainingsSchema;

// "basic", "intermediate", "advanced" for a level written so or as 初级/中级/高级.
std::optional<std::string> training_level(std::string_view text);
// 初级, 中级, 高级.
std::string level_label(std::string_view level);

Result<std::string> add_training(Domain& d, const Request& request);
Result<std::string> trainings(Domain& d, const Request& request);

}  // namespace cedu::volunteer
