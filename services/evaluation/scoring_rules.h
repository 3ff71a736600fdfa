// Scoring one leaf indicator (三级指标): its rule applied to the value an evaluator entered
// or a fact supplied. Scores are integer hundredths of a point ("centi-points") so that a
// total is an exact sum and a band boundary is never missed by a rounding error.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "common/result.h"
#include "services/evaluation/standards.h"

namespace cedu::evaluation {

// A value given for a leaf: a number (a figure, or points for a manual rule) or yes/no.
using Value = std::variant<double, bool>;

// Hundredths of a point: 1250 is 12.5 points.
using CentiPoints = std::int64_t;

// The leaf's score out of its weight (weight × 100 centi-points at most).
// REQUIRES: leaf.is_leaf()
// Returns INVALID_ARGUMENT with field "values.<id>" iff the value does not fit the rule:
// a boolean for a numeric rule or a number for yes_no, a number that is not finite or is
// negative, or a manual score outside 0..weight.
Result<CentiPoints> score_leaf(const Indicator& leaf, const Value& value);

// The field a leaf's value travels in: "values.<id>".
std::string value_field(const Indicator& leaf);

}  // namespace cedu::evaluation
