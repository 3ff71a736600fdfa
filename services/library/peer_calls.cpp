#include "services/library/peer_calls.h"

namespace cedu::library {

Result<Reply> PeerCalls::call(const Request& request, std::string_view service,
                              std::string_view method, std::string_view params,
                              std::chrono::milliseconds cap) {
  using namespace std::chrono;
  auto left = duration_cast<milliseconds>(request.deadline - steady_clock::now());
  // Keep a little of the caller's time for answering it.
  left -= milliseconds(50);
  if (left <= milliseconds(0)) {
    return Status::deadline_exceeded("no time left to ask " + std::string(service) + "." +
                                     std::string(method));
  }
  CallOptions o;
  o.timeout = std::min(left, cap);
  std::lock_guard<std::mutex> lock(mutex_);
  if (!client_) {
    CEDU_ASSIGN_OR_RETURN(client_, Client::connect(options_));
  }
  auto reply = client_->call(service, method, params, o);
  if (!reply.ok()) {
    const Status& s = reply.status();
    return Status(s.code(), std::string(service) + "." + std::string(method) + ": " + s.message(),
                  s.field());
  }
  return reply;
}

}  // namespace cedu::library
