#include "cli/posix_launcher.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

namespace cedu::cli {
namespace {

std::string errno_text() { return std::strerror(errno); }

// "2024-05-01 10:00:00" in local time.
std::string timestamp() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

void write_all(int fd, const std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace

Result<pid_t> PosixLauncher::start(const ChildSpec& spec) {
  if (spec.argv.empty()) return Status::invalid_argument("empty command line", "argv");
  int log_fd = ::open(spec.log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    return Status::unavailable("cannot open log file " + spec.log_path + ": " + errno_text());
  }
  std::string banner = "==== " + timestamp() + " cedu up starts:";
  for (const auto& a : spec.argv) banner += " " + a;
  write_all(log_fd, banner + "\n");

  // Everything the child needs is prepared before fork().
  std::vector<char*> argv;
  for (const auto& a : spec.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const std::string exec_failed = "cedu up: cannot execute " + spec.argv[0] + "\n";
  const pid_t parent = ::getpid();

  pid_t pid = ::fork();
  if (pid < 0) {
    std::string why = errno_text();
    ::close(log_fd);
    return Status::unavailable("fork failed: " + why);
  }
  if (pid == 0) {
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(1);  // `cedu` died before prctl took effect
    int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    // The child starts with default dispositions and nothing blocked.
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    for (int sig : {SIGINT, SIGTERM, SIGPIPE, SIGCHLD, SIGHUP}) ::sigaction(sig, &dfl, nullptr);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    ::execv(argv[0], argv.data());
    ssize_t ignored = ::write(STDERR_FILENO, exec_failed.data(), exec_failed.size());
    (void)ignored;
    ::_exit(127);
  }
  ::close(log_fd);
  return pid;
}

void PosixLauncher::signal(pid_t pid, int sig) {
  if (pid > 0) ::kill(pid, sig);
}

std::vector<std::pair<pid_t, ExitStatus>> PosixLauncher::reap() {
  std::vector<std::pair<pid_t, ExitStatus>> ended;
  for (;;) {
    int status = 0;
    pid_t pid = ::waitpid(-1, &status, WNOHANG);
    if (pid <= 0) break;
    ExitStatus exit;
    if (WIFEXITED(status)) exit.code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) exit.signal = WTERMSIG(status);
    ended.emplace_back(pid, exit);
  }
  return ended;
}

}  // namespace cedu::cli
