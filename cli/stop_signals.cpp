#include "cli/stop_signals.h"

#include <signal.h>

#include <atomic>

#include "common/signals.h"

namespace cedu::cli {
namespace {

std::atomic<int> g_requests{0};

extern "C" void on_stop_signal(int) { g_requests.fetch_add(1); }

}  // namespace

void install_stop_signals() {
  on_signals({SIGINT, SIGTERM}, on_stop_signal);
  ignore_sigpipe();
}

int stop_requests() { return g_requests.load(); }

}  // namespace cedu::cli
