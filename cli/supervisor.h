// Supervisor: the child table of `cedu up`. It starts the broker and the services, restarts
// a child that exits with an exponential backoff (RestartBackoff), and stops everything in
// order: services get SIGTERM first, the broker once they are gone (or after
// `broker_stop_after`), and whatever is alive `kill_after` after the stop began gets
// SIGKILL. It is a state machine driven by the caller (start/on_exit/tick/stop with the
// current time); processes are made through a Launcher, so it is tested without any.
// Thread-safety: not thread-safe; one thread drives it.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "cli/backoff.h"
#include "cli/launcher.h"

namespace cedu::cli {

class Supervisor {
 public:
  using Clock = std::chrono::steady_clock;
  using TimePoint = Clock::time_point;
  // Receives one line per thing a person may want to know ("cedu-course-1 started, pid 7").
  using Reporter = std::function<void(const std::string&)>;

  struct Options {
    RestartBackoff::Policy backoff;
    std::chrono::milliseconds broker_stop_after{5000};
    std::chrono::milliseconds kill_after{10000};
  };

  enum class State {
    kWaiting,  // not running; starts at restart_at (unless the supervisor is stopping)
    kRunning,
    kExited,   // ended during the stop; never started again
  };

  struct Child {
    ChildSpec spec;
    State state = State::kWaiting;
    pid_t pid = -1;
    TimePoint started_at{};
    TimePoint restart_at{};
    RestartBackoff backoff;
    unsigned restarts = 0;  // starts after the first one
    bool term_sent = false;
    bool kill_sent = false;
  };

  Supervisor(std::vector<ChildSpec> specs, Launcher& launcher, Reporter report,
             Options options);

  // Starts every child, the broker first. A child that cannot be launched waits for a
  // restart like a crashed one.
  void start(TimePoint now);

  // Records that `pid` ended. Outside a stop, schedules its restart. Returns false iff `pid`
  // is not a running child of this supervisor.
  bool on_exit(pid_t pid, const ExitStatus& status, TimePoint now);

  // Starts the children whose restart time has come; during a stop, sends the broker its
  // SIGTERM and everyone SIGKILL when their time has come.
  void tick(TimePoint now);

  // Begins the orderly stop. Calling it again while stopping sends SIGKILL to every child
  // still running.
  void stop(TimePoint now);

  bool stopping() const { return stopping_; }
  // True iff stop() was called and no child is running any more.
  bool finished() const;
  std::size_t running() const;
  const std::vector<Child>& children() const { return children_; }

  // The earliest time tick() has something to do, or TimePoint::max().
  TimePoint next_wakeup() const;

 private:
  void launch(Child& child, TimePoint now);
  void send(Child& child, int sig);
  bool services_running() const;

  std::vector<Child> children_;
  Launcher& launcher_;
  Reporter report_;
  Options options_;
  bool stopping_ = false;
  TimePoint stop_began_{};
};

}  // namespace cedu::cli
