// One request of a command that moves a whole file over the bus (`cedu import`,
// `cedu export`, `cedu demo seed`): sent with a generous timeout — the larger of --timeout
// and 60 s — because a library parses or writes thousands of rows in one request.
// Thread-safety: uses the caller's Client (one thread).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <set>
#include <string>
#include <string_view>

#include "bus/client/client.h"
#include "cli/context.h"
#include "common/msgpack/fields.h"

namespace cedu::cli {

inline constexpr std::chrono::milliseconds kBulkTimeout{60000};

// max(context.timeout, kBulkTimeout).
std::chrono::milliseconds bulk_timeout(const Context& context);

// Calls service.method with `params` within bulk_timeout(context). Returns the reply or
// the bus's error.
Result<Reply> bulk_call(Client& client, const Context& context, std::string_view service,
                        std::string_view method, std::string_view params);

// The services that have at least one worker on the bus (bus.services).
Result<std::set<std::string>> running_services(Client& client, const Context& context);

// UNAVAILABLE naming the executable iff bus.services answers and lists no worker of
// `service` — so that a command fails at once instead of waiting out its long timeout in
// the broker's queue. OK when it has one, or when bus.services cannot be asked (a
// principal not granted it).
Status check_running(Client& client, const Context& context, const std::string& service);

// Connects, checks that `library` is running (check_running) and calls library.method with
// `params` within bulk_timeout(context): what import and export do. Returns the reply or the
// first error.
Result<Reply> call_running_library(const Context& context, const std::string& library,
                                   std::string_view method, std::string_view params);

// What `cedu export`, `cedu evaluation report|export` and `cedu funding report` share: calls
// service.method (call_running_library) and writes the reply's `content` (bin or str) to
// `output` atomically, then calls `on_saved` with the reply and the number of bytes written
// so the command can say what it wrote. Returns the exit code; on failure it has printed the
// bus error, a reply without content, or why `output` could not be written.
using OnSaved = std::function<void(const mp::MapView& reply, std::size_t bytes)>;
int save_reply_content(const Context& context, const std::string& service,
                       std::string_view method, std::string_view params,
                       const std::string& output, const OnSaved& on_saved);

// INVALID_ARGUMENT iff `bytes` of payload cannot travel in one bus message
// (bus.max_message_bytes, leaving room for the envelope); the message says what to do.
Status check_message_size(const Context& context, std::size_t bytes, std::string_view what);

}  // namespace cedu::cli
