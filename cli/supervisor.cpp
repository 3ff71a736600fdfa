#include "cli/supervisor.h"

#include <signal.h>

#include <algorithm>
#include <cstring>

namespace cedu::cli {
namespace {

std::string seconds_text(std::chrono::milliseconds d) {
  auto ms = d.count();
  std::string text = std::to_string(ms / 1000);
  if (ms % 1000 != 0) {
    std::string frac = std::to_string(ms % 1000);
    frac.insert(0, 3 - frac.size(), '0');
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
    text += "." + frac;
  }
  return text + " s";
}

}  // namespace

std::string ExitStatus::describe() const {
  if (signal != 0) {
    const char* abbrev = sigabbrev_np(signal);
    return "killed by signal " + std::to_string(signal) +
           (abbrev != nullptr ? std::string(" (SIG") + abbrev + ")" : std::string());
  }
  return "exited with code " + std::to_string(code);
}

Supervisor::Supervisor(std::vector<ChildSpec> specs, Launcher& launcher, Reporter report,
                       Options options)
    : launcher_(launcher), report_(std::move(report)), options_(options) {
  std::stable_partition(specs.begin(), specs.end(), [](const ChildSpec& s) { return s.broker; });
  for (auto& spec : specs) {
    Child child;
    child.spec = std::move(spec);
    child.backoff = RestartBackoff(options_.backoff);
    children_.push_back(std::move(child));
  }
}

void Supervisor::start(TimePoint now) {
  for (auto& child : children_) launch(child, now);
}

void Supervisor::launch(Child& child, TimePoint now) {
  auto pid = launcher_.start(child.spec);
  if (!pid.ok()) {
    auto delay = child.backoff.on_exit(std::chrono::milliseconds(0));
    child.state = State::kWaiting;
    child.restart_at = now + delay;
    report_(child.spec.name + " could not be started: " + pid.status().message() +
            "; retrying in " + seconds_text(delay));
    return;
  }
  child.state = State::kRunning;
  child.pid = *pid;
  child.started_at = now;
  child.term_sent = false;
  child.kill_sent = false;
  report_(child.spec.name + (child.restarts > 0 ? " restarted" : " started") + ", pid " +
          std::to_string(*pid));
}

bool Supervisor::on_exit(pid_t pid, const ExitStatus& status, TimePoint now) {
  auto it = std::find_if(children_.begin(), children_.end(), [pid](const Child& c) {
    return c.state == State::kRunning && c.pid == pid;
  });
  if (it == children_.end()) return false;
  Child& child = *it;
  child.pid = -1;
  if (stopping_) {
    child.state = State::kExited;
    report_(child.spec.name + " stopped (" + status.describe() + ")");
    return true;
  }
  auto ran = std::chrono::duration_cast<std::chrono::milliseconds>(now - child.started_at);
  auto delay = child.backoff.on_exit(ran);
  child.state = State::kWaiting;
  child.restart_at = now + delay;
  ++child.restarts;
  report_(child.spec.name + " " + status.describe() + " after " + seconds_text(ran) +
          "; restarting in " + seconds_text(delay) + " (log: " + child.spec.log_path + ")");
  return true;
}

void Supervisor::tick(TimePoint now) {
  if (!stopping_) {
    for (auto& child : children_) {
      if (child.state == State::kWaiting && now >= child.restart_at) launch(child, now);
    }
    return;
  }
  for (auto& child : children_) {
    if (child.state != State::kRunning) continue;
    if (child.spec.broker && !child.term_sent &&
        (!services_running() || now >= stop_began_ + options_.broker_stop_after)) {
      send(child, SIGTERM);
    }
    if (!child.kill_sent && now >= stop_began_ + options_.kill_after) {
      send(child, SIGKILL);
      report_(child.spec.name + " did not stop within " + seconds_text(options_.kill_after) +
              "; sent SIGKILL");
    }
  }
}

void Supervisor::stop(TimePoint now) {
  if (stopping_) {
    for (auto& child : children_) {
      if (child.state == State::kRunning && !child.kill_sent) {
        send(child, SIGKILL);
        report_(child.spec.name + ": stop requested again; sent SIGKILL");
      }
    }
    return;
  }
  stopping_ = true;
  stop_began_ = now;
  for (auto& child : children_) {
    if (child.state == State::kWaiting) child.state = State::kExited;  // no more restarts
    if (child.state == State::kRunning && !child.spec.broker) send(child, SIGTERM);
  }
  tick(now);  // the broker goes at once when no service is running
}

void Supervisor::send(Child& child, int sig) {
  launcher_.signal(child.pid, sig);
  if (sig == SIGKILL) {
    child.kill_sent = true;
  } else {
    child.term_sent = true;
  }
}

bool Supervisor::services_running() const {
  return std::any_of(children_.begin(), children_.end(), [](const Child& c) {
    return !c.spec.broker && c.state == State::kRunning;
  });
}

bool Supervisor::finished() const { return stopping_ && running() == 0; }

std::size_t Supervisor::running() const {
  return static_cast<std::size_t>(std::count_if(
      children_.begin(), children_.end(), [](const Child& c) { return c.state == State::kRunning; }));
}

Supervisor::TimePoint Supervisor::next_wakeup() const {
  TimePoint next = TimePoint::max();
  for (const auto& child : children_) {
    if (!stopping_ && child.state == State::kWaiting) next = std::min(next, child.restart_at);
    if (stopping_ && child.state == State::kRunning) {
      if (child.spec.broker && !child.term_sent) {
        next = std::min(next, stop_began_ + options_.broker_stop_after);
      }
      if (!child.kill_sent) next = std::min(next, stop_began_ + options_.kill_after);
    }
  }
  return next;
}

}  // namespace cedu::cli
