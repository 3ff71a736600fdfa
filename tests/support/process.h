// Test support: child processes and temporary directories for integration tests that run
// the real binaries (cedu-bus, services, cedu) on loopback. Thread-safety: none needed;
// one test thread owns these objects.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/testing/temp_dir.h"

namespace cedu::testing {

// Path of a project binary in the build tree (CEDU_BUILD_DIR/bin/NAME).
std::string binary(const std::string& name);
// Path of a file in the source tree (CEDU_SOURCE_DIR/RELATIVE).
std::string source_path(const std::string& relative);

// A child process. Its stdout and stderr go to `log_path` (or are inherited when empty).
// The destructor kills (SIGKILL) and reaps a process still running.
class Process {
 public:
  static Process spawn(const std::vector<std::string>& argv, const std::string& log_path = {});
  Process() = default;
  Process(Process&& other) noexcept;
  Process& operator=(Process&& other) noexcept;
  ~Process();

  pid_t pid() const { return pid_; }
  bool running();
  void signal(int sig);
  // Waits for exit; returns the exit code (128+signal when killed), or nullopt on timeout.
  std::optional<int> wait(std::chrono::milliseconds timeout);
  // SIGTERM, then SIGKILL after `grace`.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(3000));

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_code_;
};

// Reads a whole file; empty when absent.
std::string read_file(const std::string& path);

// Waits until `path` exists and is non-empty; returns its content without a trailing
// newline, or nullopt after `timeout`.
std::optional<std::string> wait_for_file(const std::string& path,
                                         std::chrono::milliseconds timeout);

}  // namespace cedu::testing
