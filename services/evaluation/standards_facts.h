// The facts automatic indicators may take (自动指标的数据来源): each names a figure
// another cedu service can report for an organisation over the bus. This is the
// declaration only — a standard that names a fact not listed here is refused at load;
// gathering the figures is the evaluation round's job (not built yet, docs/evaluation.md).
// Thread-safety: immutable static data.
#pragma once

#include <span>
#include <string_view>

namespace cedu::evaluation {

struct Fact {
  std::string_view name;     // courses_held
  std::string_view label;    // 本年度开展课程(场次)
  std::string_view unit;     // "count", "percent", "per_thousand", "fen"
  std::string_view service;  // the bus service expected to report it: course, volunteer, ...
};

// Every known fact, sorted by name.
std::span<const Fact> known_facts();
// The fact `name`, or nullptr iff there is none.
const Fact* find_fact(std::string_view name);

}  // namespace cedu::evaluation
