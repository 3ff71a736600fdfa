// Logging set-up: every cedu process logs through spdlog's default logger, configured
// once at start-up by init(). Lines read
//   2024-05-01 10:00:00.123 [info] [cedu-course] [t1234] message
// Thread-safety: init() must not race with itself; once it returns, logging through
// spdlog (spdlog::info(...)) is thread-safe.
#pragma once

#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

#include "common/result.h"

namespace cedu::logging {

struct LogConfig {
  std::string level = "info";  // trace, debug, info, warn, error, critical, off
  std::string file;            // empty = stderr
};

// Parses a level name. Returns INVALID_ARGUMENT (field "log.level") iff `name` is not
// one of trace, debug, info, warn, error, critical, off.
Result<spdlog::level::level_enum> parse_level(std::string_view name);

// Makes a logger named `process_name` writing to config.file (its parent directories are
// created; lines are appended) or to stderr, the default logger. Warnings and worse are
// flushed at once, everything else at least every second.
// Returns INVALID_ARGUMENT (field "log.level") for an unknown level, INTERNAL iff the log
// file cannot be opened; the previous default logger is kept then.
Status init(const LogConfig& config, std::string_view process_name);

}  // namespace cedu::logging
