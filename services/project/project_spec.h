// The project library (项目库, plan §三.5 and §三.9): research and experimental projects
// (课题/实验项目), lifelong-learning activity brands (活动品牌) and learning experience
// bases (学习体验基地) — their level (国家级 … 区级), undertaking unit, budget in fen, year
// and dates, a contact whose phone only callers with the `pii` right see unmasked. Records
// are owned by the organisation that applied; a title is unique within its town.
// Statuses: applied 申报 → approved 立项 → midterm 中期检查 → concluded 结题, or rejected
// 未立项 / withdrawn 撤回 (project_status.h says which steps are legal).
// Thread-safety: a constant.
#pragma once

#include "services/library/schema.h"

namespace cedu::project {

const library::LibrarySpec& project_spec();

}  // namespace cedu::project
