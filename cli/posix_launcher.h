// PosixLauncher: starts the children of `cedu up` with fork/exec. Each child gets its own
// process group (a Ctrl-C in the terminal reaches only `cedu`, which then stops the
// children in order), stdin from /dev/null, stdout and stderr appended to its log file, and
// SIGTERM should `cedu` itself die (PR_SET_PDEATHSIG), so no child outlives it unnoticed.
// Thread-safety: use from one thread; fork() in a threaded process only runs
// async-signal-safe calls before exec.
#pragma once

#include <utility>
#include <vector>

#include "cli/launcher.h"

namespace cedu::cli {

class PosixLauncher : public Launcher {
 public:
  Result<pid_t> start(const ChildSpec& spec) override;
  void signal(pid_t pid, int sig) override;

  // Collects every child that has ended, without waiting.
  static std::vector<std::pair<pid_t, ExitStatus>> reap();
};

}  // namespace cedu::cli
