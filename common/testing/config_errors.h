// Test helpers for config loaders: the message a loader fails with, and a known-good text
// with one thing changed, so each error case states only what it breaks.
// Header-only, for tests.
#pragma once

#include <stdexcept>
#include <string>

#include "common/config/error.h"

namespace cedu::testing {

// What `load` throws as a ConfigError ("file:line: key: problem"), or "no error".
template <typename F>
std::string config_error_of(F&& load) {
  try {
    load();
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "no error";
}

// `text` with its first `from` replaced by `to`. Throws std::invalid_argument when `text`
// has no `from` (the test itself is wrong).
inline std::string replace_first(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  if (pos == std::string::npos) throw std::invalid_argument("not in the text: " + from);
  return text.replace(pos, from.size(), to);
}

}  // namespace cedu::testing
