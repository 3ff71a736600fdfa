#include "services/evaluation/fact_bus_source.h"

namespace cedu::evaluation {

std::vector<Result<std::string>> BusFactSource::call_all(
    const std::vector<FactCall>& calls, std::chrono::steady_clock::time_point deadline) {
  using namespace std::chrono;
  // Shared with the callbacks: a reply that arrives after this batch returned (it cannot,
  // the client fails each call at its timeout, but a late one must not write freed memory).
  auto answers = std::make_shared<std::vector<Result<std::string>>>(
      calls.size(), Status::deadline_exceeded("no answer before the deadline"));
  const auto left = duration_cast<milliseconds>(deadline - steady_clock::now());
  if (left <= milliseconds(0) || calls.empty()) return *answers;

  std::lock_guard<std::mutex> lock(mutex_);
  if (!client_) {
    auto connected = Client::connect(options_);
    if (!connected.ok()) {
      return std::vector<Result<std::string>>(calls.size(), connected.status());
    }
    client_ = std::move(connected).value();
  }
  CallOptions o;
  o.timeout = left;
  o.idempotent = true;  // every fact call is a read
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const FactCall& c = calls[i];
    client_->call_async(c.service, c.method, c.params,
                        [answers, i](Result<Reply> r) {
                          if (r.ok()) {
                            (*answers)[i] = r->bytes();
                          } else {
                            (*answers)[i] = r.status();
                          }
                        },
                        o);
  }
  // A little beyond the calls' own timeout, for the client to fail what is left.
  client_->wait_all(left + milliseconds(200));
  return *answers;
}

}  // namespace cedu::evaluation
