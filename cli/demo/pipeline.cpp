#include "cli/demo/pipeline.h"

#include <memory>
#include <optional>

namespace cedu::cli::demo {

std::vector<Result<Reply>> run_pipelined(Client& client, const std::vector<PlannedCall>& calls,
                                         std::size_t window, std::chrono::milliseconds timeout) {
  // Shared with the callbacks, which the client could run after we return.
  struct State {
    std::vector<std::optional<Result<Reply>>> results;
    std::size_t in_flight = 0, done = 0;
  };
  auto state = std::make_shared<State>();
  state->results.resize(calls.size());
  CallOptions options;
  options.timeout = timeout;
  std::size_t next = 0;
  Status polled = Status::ok();
  while (state->done < calls.size()) {
    while (state->in_flight < window && next < calls.size()) {
      const std::size_t i = next++;
      ++state->in_flight;
      client.call_async(calls[i].service, calls[i].method, calls[i].params,
                        [state, i](Result<Reply> r) {
                          state->results[i].emplace(std::move(r));
                          --state->in_flight;
                          ++state->done;
                        },
                        options);
    }
    polled = client.poll(std::chrono::milliseconds(100));
    if (!polled.is_ok()) break;
  }
  std::vector<Result<Reply>> out;
  out.reserve(calls.size());
  for (auto& r : state->results) {
    if (r) {
      out.push_back(std::move(*r));
    } else {
      out.push_back(Status::unavailable("not completed: " + polled.message()));
    }
  }
  return out;
}

Result<std::vector<Reply>> run_all_or_first_error(Client& client,
                                                  const std::vector<PlannedCall>& calls,
                                                  std::size_t window,
                                                  std::chrono::milliseconds timeout) {
  std::vector<Reply> replies;
  replies.reserve(calls.size());
  for (auto& r : run_pipelined(client, calls, window, timeout)) {
    if (!r.ok()) {
      const PlannedCall& c = calls[replies.size()];
      return Status(r.status().code(), c.service + "." + c.method + ": " + r.status().message(),
                    r.status().field());
    }
    replies.push_back(std::move(r).value());
  }
  return replies;
}

}  // namespace cedu::cli::demo
