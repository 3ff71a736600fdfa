#include "cli/stop_signals.h"

#include <signal.h>

#include <atomic>

namespace cedu::cli {
namespace {

std::atomic<int> g_requests{0};

extern "C" void on_stop_signal(int) { g_requests.fetch_add(1); }

}  // namespace

void install_stop_signals() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, nullptr);
}

int stop_requests() { return g_requests.load(); }

}  // namespace cedu::cli
