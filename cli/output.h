// How `cedu` reports to people and scripts: results as JSON on stdout, bus errors as
// {"error":{"code":…,"message":…,"field":…}} on stderr, and its own complaints as
// "cedu: …" lines on stderr. Thread-safety: writes to the process's standard streams.
#pragma once

#include <string_view>

#include "cli/json_msgpack.h"

#include "common/status.h"

namespace cedu::cli {

// {"error":{"code":"NOT_FOUND","message":"…","field":null}} — `field` is null when the
// error names none.
Json error_json(const Status& status);

// Writes error_json(status) as one line to stderr.
void print_bus_error(const Status& status);

// Writes "cedu: <message>" to stderr.
void print_usage_error(std::string_view message);

}  // namespace cedu::cli
