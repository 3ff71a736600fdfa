// `cedu up`: runs a whole deployment in the foreground — the broker and every configured
// service as supervised child processes (see Supervisor, PosixLauncher, BusWatch) — until
// SIGINT/SIGTERM, then stops them in order. Thread-safety: run from the main thread.
#pragma once

#include "cli/context.h"

namespace cedu::cli {

// Unless bus.insecure, first makes the missing key pairs of this machine's peers in
// bus.keys_dir (see first_start_keys.h) and loads district-admin's into `context`; with
// bus.insecure, says a warning.
// Returns kExitOk after an orderly stop; kExitUsage for an unusable configuration
// (--endpoint or --insecure given, port 0, no or a bad access list); kExitFailed iff another
// broker already answers on the endpoint, an executable is missing or a directory or key
// cannot be created.
int run_up(Context& context);

}  // namespace cedu::cli
