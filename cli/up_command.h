// `cedu up`: runs a whole deployment in the foreground — the broker and every configured
// service as supervised child processes (see Supervisor, PosixLauncher, BusWatch) — until
// SIGINT/SIGTERM, then stops them in order. Thread-safety: run from the main thread.
#pragma once

#include "cli/context.h"

namespace cedu::cli {

// Returns kExitOk after an orderly stop; kExitUsage for an unusable configuration
// (--endpoint given, port 0); kExitFailed iff another broker already answers on the
// endpoint, an executable is missing or a directory cannot be created.
int run_up(const Context& context);

}  // namespace cedu::cli
