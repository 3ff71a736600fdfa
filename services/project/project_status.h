// The life of a project (项目库): which status changes `project.transition` allows.
//
//   applied 申报   → approved 立项 | rejected 未立项 | withdrawn 撤回
//   approved 立项  → midterm 中期检查 | withdrawn
//   midterm 中期检查 → concluded 结题 | withdrawn
//   concluded, rejected, withdrawn: final — nothing leaves them.
//
// "archived" is the core's and is reached by `project.archive` only, never by a transition.
// Thread-safety: pure functions over constants.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace cedu::project {

// The statuses `from` may move to, in the order above; empty for a final or unknown status.
const std::vector<std::string>& next_statuses(std::string_view from);

// Returns true iff `from` → `to` is one of the steps above.
bool legal_transition(std::string_view from, std::string_view to);

// OK iff `from` → `to` is legal. Otherwise FAILED_PRECONDITION naming both (and what
// `from` may move to) for a known target, or INVALID_ARGUMENT for a target that is no
// transition target at all. Errors name `field`.
Status check_transition(std::string_view from, std::string_view to, const std::string& field);

// True iff `status` counts as an established project (立项 and later, not withdrawn):
// approved, midterm, concluded.
bool established(std::string_view status);

}  // namespace cedu::project
