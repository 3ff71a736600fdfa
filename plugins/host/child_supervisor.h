// ChildSupervisor: keeps one child process running — the cedu-plugin-host of an isolated
// plugin. A thread starts it, waits for it and, whenever it exits (a crash, a kill after
// a hang), starts it again after a backoff that doubles from `min_backoff` to
// `max_backoff` and starts over once a child has run for `stable_after`. The child gets
// SIGKILL if this process dies (PR_SET_PDEATHSIG), so no host outlives its service.
// Also run_once(): one child to completion, for the describe run at start.
// Thread-safety: thread-safe.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace cedu::plugins {

struct SupervisorOptions {
  std::chrono::milliseconds min_backoff{100};
  std::chrono::milliseconds max_backoff{10000};
  std::chrono::milliseconds stable_after{30000};
};

class ChildSupervisor {
 public:
  ChildSupervisor(std::string what, std::vector<std::string> argv, SupervisorOptions options = {});
  ~ChildSupervisor();  // stop()
  ChildSupervisor(const ChildSupervisor&) = delete;
  ChildSupervisor& operator=(const ChildSupervisor&) = delete;

  void start();
  // SIGTERM to the child, SIGKILL after `grace`; no restart afterwards. Safe twice.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(2000));
  // SIGKILL to the running child (it hangs); the supervisor starts a new one.
  void kill_child(const std::string& why);

  std::uint64_t restarts() const { return restarts_.load(); }
  pid_t pid() const { return pid_.load(); }

  // Runs argv to completion, at most `timeout` (then SIGKILL). Returns the exit code
  // (128 + signal when killed), nullopt when it could not be started or timed out.
  static std::optional<int> run_once(const std::vector<std::string>& argv,
                                     std::chrono::milliseconds timeout);

 private:
  void loop();

  std::string what_;
  std::vector<std::string> argv_;
  SupervisorOptions options_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::atomic<pid_t> pid_{0};
  std::atomic<std::uint64_t> restarts_{0};
};

}  // namespace cedu::plugins
