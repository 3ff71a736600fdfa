#include "plugins/host/child_supervisor.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

namespace cedu::plugins {
namespace {

using Clock = std::chrono::steady_clock;

// fork + exec; the child dies with the thread that forked it (PR_SET_PDEATHSIG). Only
// async-signal-safe calls between fork and exec: argv is built before.
pid_t spawn(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);  // the parent died before prctl
    execv(args[0], args.data());
    _exit(127);
  }
  return pid;
}

int exit_code(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

std::string describe_exit(int status) {
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  return "exited with code " + std::to_string(exit_code(status));
}

}  // namespace

ChildSupervisor::ChildSupervisor(std::string what, std::vector<std::string> argv,
                                 SupervisorOptions options)
    : what_(std::move(what)), argv_(std::move(argv)), options_(options) {}

ChildSupervisor::~ChildSupervisor() { stop(); }

void ChildSupervisor::start() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { loop(); });
}

void ChildSupervisor::stop(std::chrono::milliseconds grace) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (const pid_t pid = pid_.load(); pid > 0) {
    kill(pid, SIGTERM);
    const auto until = Clock::now() + grace;
    while (pid_.load() == pid && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (pid_.load() == pid) kill(pid, SIGKILL);
  }
  if (thread_.joinable()) thread_.join();
}

void ChildSupervisor::kill_child(const std::string& why) {
  if (const pid_t pid = pid_.load(); pid > 0) {
    spdlog::warn("plugins: killing {} (pid {}): {}", what_, pid, why);
    kill(pid, SIGKILL);
  }
}

void ChildSupervisor::loop() {
  auto backoff = options_.min_backoff;
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return;
    }
    const pid_t pid = spawn(argv_);
    if (pid < 0) {
      spdlog::error("plugins: cannot start {}: fork failed", what_);
    } else {
      pid_.store(pid);
      spdlog::info("plugins: started {} (pid {})", what_, pid);
      const auto began = Clock::now();
      int status = 0;
      while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      pid_.store(0);
      if (Clock::now() - began >= options_.stable_after) backoff = options_.min_backoff;
      std::unique_lock<std::mutex> lock(mutex_);
      if (stopping_) return;
      spdlog::error("plugins: {} {}; restarting in {} ms", what_, describe_exit(status), backoff.count());
    }
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait_for(lock, backoff, [this] { return stopping_; });
    if (stopping_) return;
    backoff = std::min(backoff * 2, options_.max_backoff);
    restarts_++;
  }
}

std::optional<int> ChildSupervisor::run_once(const std::vector<std::string>& argv,
                                             std::chrono::milliseconds timeout) {
  const pid_t pid = spawn(argv);
  if (pid < 0) return std::nullopt;
  const auto until = Clock::now() + timeout;
  int status = 0;
  for (;;) {
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid) return exit_code(status);
    if (r < 0 && errno != EINTR) return std::nullopt;
    if (Clock::now() >= until) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return std::nullopt;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace cedu::plugins
