// Reading one evaluation standard from YAML (configs/standards/*.yaml, format in
// docs/evaluation.md). Everything is checked once, at load, with config::Reader's
// "file:line: key.path: what is wrong": unknown keys, ids, depth (three levels at most),
// weights (positive integers; children add up to their parent's weight, first-level
// indicators to 100), the rule of every leaf, the facts automatic indicators name, and
// the scales (levels ascending, required indicators that exist).
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "common/config/reader.h"
#include "services/evaluation/standards.h"

namespace cedu::evaluation {

// Loads and validates the standard in the file at `path`. Throws config::ConfigError.
Standard load_standard(const std::string& path);
// Validates the standard held by `root` (a whole file) and calls finish() on every map.
// Throws config::ConfigError.
Standard parse_standard(const config::Reader& root);

}  // namespace cedu::evaluation
