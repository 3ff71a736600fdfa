#include "plugins/host/client_pool.h"

namespace cedu::plugins {

Result<Reply> ClientPool::call(std::string_view service, std::string_view method,
                               std::string_view params, const CallOptions& options) {
  std::unique_ptr<Client> client;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!idle_.empty()) {
      client = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (!client) {
    CEDU_ASSIGN_OR_RETURN(client, Client::connect(options_));
  }
  Result<Reply> reply = client->call(service, method, params, options);
  // A client whose call timed out may still get that late reply; the client drops replies
  // to calls it no longer waits for, so it is fine to reuse.
  std::lock_guard<std::mutex> lock(mutex_);
  idle_.push_back(std::move(client));
  return reply;
}

}  // namespace cedu::plugins
