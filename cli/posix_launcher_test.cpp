#define BOOST_TEST_MODULE posix_launcher
#include <boost/test/unit_test.hpp>

#include <signal.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "cli/posix_launcher.h"
#include "common/testing/temp_dir.h"

using namespace std::chrono_literals;
namespace cli = cedu::cli;

namespace {

// Reaps until `pid` has ended; returns how, or nullopt after 10 s.
std::optional<cli::ExitStatus> wait_for(pid_t pid) {
  for (int i = 0; i < 1000; ++i) {
    for (const auto& [p, status] : cli::PosixLauncher::reap()) {
      if (p == pid) return status;
    }
    std::this_thread::sleep_for(10ms);
  }
  return std::nullopt;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

BOOST_AUTO_TEST_CASE(output_goes_to_the_log_and_the_exit_code_is_reported) {
  cedu::testing::TempDir dir;
  const std::string log = (dir.path() / "child.log").string();
  cli::PosixLauncher launcher;
  cli::ChildSpec spec{"child", {"/bin/sh", "-c", "echo to-stdout; echo to-stderr >&2; exit 3"},
                      log, false};
  auto pid = launcher.start(spec);
  BOOST_REQUIRE(pid.ok());
  auto status = wait_for(*pid);
  BOOST_REQUIRE(status.has_value());
  BOOST_TEST(status->code == 3);
  BOOST_TEST(status->signal == 0);
  std::string text = slurp(log);
  BOOST_TEST(text.find("cedu up starts: /bin/sh -c") != std::string::npos, text);
  BOOST_TEST(text.find("to-stdout") != std::string::npos, text);
  BOOST_TEST(text.find("to-stderr") != std::string::npos, text);
}

BOOST_AUTO_TEST_CASE(a_signalled_child_reports_the_signal) {
  cedu::testing::TempDir dir;
  cli::PosixLauncher launcher;
  auto pid = launcher.start({"sleeper", {"/bin/sleep", "30"}, (dir.path() / "s.log").string(),
                             false});
  BOOST_REQUIRE(pid.ok());
  std::this_thread::sleep_for(50ms);
  launcher.signal(*pid, SIGTERM);
  auto status = wait_for(*pid);
  BOOST_REQUIRE(status.has_value());
  BOOST_TEST(status->signal == SIGTERM);
  BOOST_TEST(status->describe() == "killed by signal 15 (SIGTERM)");
}

BOOST_AUTO_TEST_CASE(a_missing_executable_exits_127_with_a_message) {
  cedu::testing::TempDir dir;
  const std::string log = (dir.path() / "m.log").string();
  cli::PosixLauncher launcher;
  auto pid = launcher.start({"missing", {"/nonexistent/cedu-nothing"}, log, false});
  BOOST_REQUIRE(pid.ok());
  auto status = wait_for(*pid);
  BOOST_REQUIRE(status.has_value());
  BOOST_TEST(status->code == 127);
  BOOST_TEST(slurp(log).find("cannot execute /nonexistent/cedu-nothing") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_unwritable_log_is_an_error_not_a_child) {
  cli::PosixLauncher launcher;
  auto pid = launcher.start({"x", {"/bin/true"}, "/nonexistent-dir/x.log", false});
  BOOST_TEST(!pid.ok());
  BOOST_TEST(pid.status().message().find("/nonexistent-dir/x.log") != std::string::npos);
}
