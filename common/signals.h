// Installing POSIX signal handlers the way every cedu process does: a plain handler (it
// may only touch lock-free atomics), no SA_RESTART so blocking calls wake up with EINTR,
// and SIGPIPE ignored so a vanished peer is an error code, not a dead process.
// Thread-safety: call at start-up, before other threads exist.
#pragma once

#include <initializer_list>

namespace cedu {

// Installs `handler` for each of `signals`.
void on_signals(std::initializer_list<int> signals, void (*handler)(int));

// Ignores SIGPIPE for the whole process.
void ignore_sigpipe();

}  // namespace cedu
