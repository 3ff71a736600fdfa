// SIGINT/SIGTERM as a request to stop, for the long-running subcommands (`cedu events`,
// `cedu up`): the handler only counts the signals; the main loop looks at the count.
// Thread-safety: install once from the main thread; stop_requests() may be read anywhere.
#pragma once

namespace cedu::cli {

// Installs the handlers for SIGINT and SIGTERM (and ignores SIGPIPE).
void install_stop_signals();

// How many SIGINT/SIGTERM arrived since install_stop_signals().
int stop_requests();

}  // namespace cedu::cli
