// Enumerations the four libraries share (DESIGN.md §3): the six course categories
// (六大类课程) and the weekly time slots of availability.
// Thread-safety: constants.
#pragma once

#include <vector>

#include "services/library/schema.h"

namespace cedu::library {

// 健康 / 道德 / 技能 / 文化 / 休闲 / 本土特色.
const std::vector<EnumValue>& course_categories();
// mon-am 周一上午 … sun-eve 周日晚上: 21 slots.
const std::vector<EnumValue>& week_slots();
// male 男, female 女.
const std::vector<EnumValue>& genders();

}  // namespace cedu::library
