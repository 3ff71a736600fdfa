#define BOOST_TEST_MODULE supervisor
#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <map>
#include <utility>

#include "cli/backoff.h"
#include "cli/supervisor.h"

using namespace std::chrono_literals;
using cedu::Result;
using cedu::Status;
namespace cli = cedu::cli;
using Sup = cli::Supervisor;

namespace {

// Records what the supervisor asked for; pids are handed out from 100.
class FakeLauncher : public cli::Launcher {
 public:
  Result<pid_t> start(const cli::ChildSpec& spec) override {
    if (fail_next > 0) {
      --fail_next;
      return Status::internal("fork failed");
    }
    pid_t pid = next_pid++;
    started.push_back(spec.name);
    pid_of[spec.name] = pid;
    return pid;
  }
  void signal(pid_t pid, int sig) override { signals.emplace_back(pid, sig); }

  std::vector<std::string> started;
  std::map<std::string, pid_t> pid_of;
  std::vector<std::pair<pid_t, int>> signals;
  pid_t next_pid = 100;
  int fail_next = 0;
};

std::vector<cli::ChildSpec> specs() {
  return {{"cedu-course-1", {"/bin/cedu-course"}, "/log/cedu-course-1.log", false},
          {"cedu-course-2", {"/bin/cedu-course"}, "/log/cedu-course-2.log", false},
          {"cedu-bus", {"/bin/cedu-bus"}, "/log/cedu-bus.log", true}};
}

struct Fixture {
  FakeLauncher launcher;
  std::vector<std::string> lines;
  Sup::TimePoint t0 = Sup::Clock::now();
  Sup sup{specs(), launcher, [this](const std::string& l) { lines.push_back(l); }, {}};

  pid_t pid(const std::string& name) { return launcher.pid_of.at(name); }
  bool signalled(const std::string& name, int sig) {
    for (auto [p, s] : launcher.signals) {
      if (p == pid(name) && s == sig) return true;
    }
    return false;
  }
};

const cli::ExitStatus kCrash{0, SIGABRT};

}  // namespace

BOOST_AUTO_TEST_CASE(backoff_doubles_to_the_cap_and_resets_when_healthy) {
  cli::RestartBackoff b;
  std::vector<long> delays;
  for (int i = 0; i < 9; ++i) delays.push_back(b.on_exit(1s).count());
  BOOST_TEST(delays == (std::vector<long>{500, 1000, 2000, 4000, 8000, 16000, 30000, 30000,
                                          30000}),
             boost::test_tools::per_element());
  BOOST_TEST(b.on_exit(59s).count() == 30000);
  BOOST_TEST(b.on_exit(60s).count() == 500);  // ran 60 s: healthy, schedule starts afresh
  BOOST_TEST(b.on_exit(1s).count() == 1000);
}

BOOST_FIXTURE_TEST_CASE(starts_the_broker_first, Fixture) {
  sup.start(t0);
  BOOST_TEST(launcher.started ==
                 (std::vector<std::string>{"cedu-bus", "cedu-course-1", "cedu-course-2"}),
             boost::test_tools::per_element());
  BOOST_TEST(sup.running() == 3u);
  BOOST_TEST(!sup.finished());
}

BOOST_FIXTURE_TEST_CASE(restarts_a_crashed_child_after_its_backoff, Fixture) {
  sup.start(t0);
  BOOST_TEST(sup.on_exit(pid("cedu-course-1"), kCrash, t0 + 2s));
  BOOST_TEST(sup.running() == 2u);
  BOOST_TEST((sup.next_wakeup() - t0 == 2500ms));
  sup.tick(t0 + 2400ms);
  BOOST_TEST(launcher.started.size() == 3u);
  sup.tick(t0 + 2500ms);
  BOOST_TEST(launcher.started.size() == 4u);
  BOOST_TEST(launcher.started.back() == "cedu-course-1");
  BOOST_TEST(sup.running() == 3u);
  // Crashing again at once doubles the wait.
  BOOST_TEST(sup.on_exit(pid("cedu-course-1"), kCrash, t0 + 3s));
  BOOST_TEST((sup.next_wakeup() - t0 == 4s));
  BOOST_TEST(sup.children()[1].restarts == 2u);
  BOOST_TEST(lines.back().find("killed by signal 6 (SIGABRT)") != std::string::npos, lines.back());
  BOOST_TEST(lines.back().find("restarting in 1 s") != std::string::npos, lines.back());
}

BOOST_FIXTURE_TEST_CASE(a_child_that_cannot_be_launched_is_retried, Fixture) {
  launcher.fail_next = 1;  // the broker
  sup.start(t0);
  BOOST_TEST(sup.running() == 2u);
  BOOST_TEST(lines.front().find("could not be started") != std::string::npos);
  sup.tick(t0 + 500ms);
  BOOST_TEST(launcher.started.back() == "cedu-bus");
  BOOST_TEST(sup.running() == 3u);
}

BOOST_FIXTURE_TEST_CASE(unknown_pids_are_ignored, Fixture) {
  sup.start(t0);
  BOOST_TEST(!sup.on_exit(4242, kCrash, t0));
  BOOST_TEST(sup.running() == 3u);
}

BOOST_FIXTURE_TEST_CASE(stop_terminates_services_before_the_broker, Fixture) {
  sup.start(t0);
  sup.stop(t0 + 1s);
  BOOST_TEST(signalled("cedu-course-1", SIGTERM));
  BOOST_TEST(signalled("cedu-course-2", SIGTERM));
  BOOST_TEST(!signalled("cedu-bus", SIGTERM));
  BOOST_TEST(sup.on_exit(pid("cedu-course-1"), {0, 0}, t0 + 1200ms));
  sup.tick(t0 + 1200ms);
  BOOST_TEST(!signalled("cedu-bus", SIGTERM));
  BOOST_TEST(sup.on_exit(pid("cedu-course-2"), {0, 0}, t0 + 1300ms));
  sup.tick(t0 + 1300ms);
  BOOST_TEST(signalled("cedu-bus", SIGTERM));
  BOOST_TEST(!sup.finished());
  BOOST_TEST(sup.on_exit(pid("cedu-bus"), {0, 0}, t0 + 1400ms));
  BOOST_TEST(sup.finished());
  BOOST_TEST(launcher.started.size() == 3u);  // nothing restarted during the stop
}

BOOST_FIXTURE_TEST_CASE(stop_escalates_to_sigkill, Fixture) {
  sup.start(t0);
  sup.stop(t0);
  sup.tick(t0 + 4900ms);
  BOOST_TEST(!signalled("cedu-bus", SIGTERM));
  BOOST_TEST((sup.next_wakeup() - t0 == 5s));
  sup.tick(t0 + 5s);  // services still running: the broker goes anyway
  BOOST_TEST(signalled("cedu-bus", SIGTERM));
  sup.tick(t0 + 9900ms);
  BOOST_TEST(!signalled("cedu-course-1", SIGKILL));
  sup.tick(t0 + 10s);
  BOOST_TEST(signalled("cedu-course-1", SIGKILL));
  BOOST_TEST(signalled("cedu-course-2", SIGKILL));
  BOOST_TEST(signalled("cedu-bus", SIGKILL));
  BOOST_TEST(launcher.signals.size() == 6u);
  sup.tick(t0 + 11s);
  BOOST_TEST(launcher.signals.size() == 6u);  // SIGKILL once
}

BOOST_FIXTURE_TEST_CASE(stop_cancels_pending_restarts, Fixture) {
  sup.start(t0);
  BOOST_TEST(sup.on_exit(pid("cedu-course-2"), kCrash, t0 + 1s));
  sup.stop(t0 + 1100ms);
  sup.tick(t0 + 5s);
  BOOST_TEST(launcher.started.size() == 3u);
  BOOST_TEST(sup.on_exit(pid("cedu-course-1"), {0, 0}, t0 + 5s));
  sup.tick(t0 + 5s);
  BOOST_TEST(signalled("cedu-bus", SIGTERM));
  BOOST_TEST(sup.on_exit(pid("cedu-bus"), {0, 0}, t0 + 5s));
  BOOST_TEST(sup.finished());
}

BOOST_FIXTURE_TEST_CASE(a_second_stop_kills_at_once, Fixture) {
  sup.start(t0);
  sup.stop(t0);
  sup.stop(t0 + 100ms);
  BOOST_TEST(signalled("cedu-course-1", SIGKILL));
  BOOST_TEST(signalled("cedu-bus", SIGKILL));
}

BOOST_AUTO_TEST_CASE(exit_status_describes_itself) {
  BOOST_TEST(cli::ExitStatus({3, 0}).describe() == "exited with code 3");
  BOOST_TEST(cli::ExitStatus({0, SIGKILL}).describe() == "killed by signal 9 (SIGKILL)");
}
