// Launcher: how the supervisor of `cedu up` starts and signals child processes. The real
// one (PosixLauncher) forks and execs; tests use a fake and run no process at all.
// Thread-safety: implementations are used from the one supervisor thread.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "common/result.h"

namespace cedu::cli {

// What `cedu up` runs: one child process.
struct ChildSpec {
  std::string name;               // "cedu-bus", "cedu-course-1"; also the log file's name
  std::vector<std::string> argv;  // argv[0] is the executable's path
  std::string log_path;           // stdout and stderr are appended here
  bool broker = false;            // started first, stopped last
};

// How a child ended: `signal` != 0 iff it was killed by a signal.
struct ExitStatus {
  int code = 0;
  int signal = 0;
  // "exited with code 3", "killed by signal 6 (SIGABRT)".
  std::string describe() const;
};

class Launcher {
 public:
  virtual ~Launcher() = default;
  // Starts the child. Returns its pid, or an error iff no process could be created.
  virtual Result<pid_t> start(const ChildSpec& spec) = 0;
  virtual void signal(pid_t pid, int sig) = 0;
};

}  // namespace cedu::cli
