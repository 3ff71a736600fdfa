#include "cli/bulk_call.h"

#include <algorithm>

namespace cedu::cli {

std::chrono::milliseconds bulk_timeout(const Context& context) {
  return std::max(context.timeout, kBulkTimeout);
}

Result<Reply> bulk_call(Client& client, const Context& context, std::string_view service,
                        std::string_view method, std::string_view params) {
  CallOptions options;
  options.timeout = bulk_timeout(context);
  return client.call(service, method, params, options);
}

Status check_message_size(const Context& context, std::size_t bytes, std::string_view what) {
  // The envelope (service, method, the other params) needs far less than this.
  constexpr std::size_t kEnvelope = 4096;
  const std::size_t limit = context.deployment.bus.max_message_bytes;
  if (bytes + kEnvelope <= limit) return Status::ok();
  return Status::invalid_argument(
      std::string(what) + " is " + std::to_string(bytes) + " bytes; one bus message carries at most " +
      std::to_string(limit > kEnvelope ? limit - kEnvelope : 0) +
      " (bus.max_message_bytes " + std::to_string(limit) +
      "): split the file, or raise bus.max_message_bytes for the broker and this command");
}

}  // namespace cedu::cli
