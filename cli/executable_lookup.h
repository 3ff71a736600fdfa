// Finding the executables `cedu up` starts: next to the running `cedu` binary first (so a
// build tree or an install prefix stays self-consistent), then on PATH.
// Thread-safety: reads the environment and the file system only.
#pragma once

#include <optional>
#include <string>

namespace cedu::cli {

// The directory holding the running executable (from /proc/self/exe), or empty.
std::string self_directory();

// Returns the path of an executable file called `name` in self_directory() or else in a
// PATH directory, or nullopt iff there is none.
std::optional<std::string> find_executable(const std::string& name);

}  // namespace cedu::cli
