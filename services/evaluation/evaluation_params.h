// Reading the params of evaluation.* requests into scoring inputs. A value arrives as a
// number, a boolean, or {value, evidence: [...]}; anything else is INVALID_ARGUMENT
// naming the field ("params.values.head"). Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>

#include "common/msgpack/fields.h"
#include "common/result.h"
#include "services/evaluation/scoring.h"

namespace cedu::evaluation {

// Which standard a request means: `standard` (an id) and an optional `version`
// (the highest when absent).
struct StandardRef {
  std::string id;
  std::optional<int> version;
};

// Reads `standard` and `version` from `params`. Returns INVALID_ARGUMENT naming the field.
Result<StandardRef> read_standard_ref(const mp::MapView& params);

// Reads `params.values`: indicator id → number | boolean | {value, evidence}.
// An absent `values` is an empty map. Returns INVALID_ARGUMENT naming the field.
Result<Inputs> read_inputs(const mp::MapView& params);

}  // namespace cedu::evaluation
