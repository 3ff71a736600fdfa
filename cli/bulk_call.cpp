#include "cli/bulk_call.h"

#include <algorithm>

#include "common/msgpack/fields.h"

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

Result<std::set<std::string>> running_services(Client& client, const Context& context) {
  CallOptions o;
  o.timeout = context.timeout;
  CEDU_ASSIGN_OR_RETURN(Reply reply, client.call("bus", "services", std::string(1, '\x80'), o));
  CEDU_ASSIGN_OR_RETURN(auto view, mp::MapView::of(reply.result(), "reply"));
  CEDU_ASSIGN_OR_RETURN(const msgpack::object* list, view.array("services"));
  std::set<std::string> names;
  for (std::uint32_t i = 0; i < list->via.array.size; ++i) {
    CEDU_ASSIGN_OR_RETURN(auto s, mp::MapView::of(list->via.array.ptr[i], "services"));
    CEDU_ASSIGN_OR_RETURN(auto workers, s.array("workers"));
    if (workers->via.array.size > 0) names.insert(s.string("name").value_or(""));
  }
  return names;
}

Status check_running(Client& client, const Context& context, const std::string& service) {
  auto running = running_services(client, context);
  if (!running.ok() || running->count(service) > 0) return Status::ok();
  return Status::unavailable("no worker serves '" + service + "' on " +
                             context.deployment.bus.endpoint + " (is cedu-" + service +
                             " running?)");
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

Result<Reply> call_running_library(const Context& context, const std::string& library,
                                   std::string_view method, std::string_view params) {
  CEDU_ASSIGN_OR_RETURN(std::unique_ptr<Client> client, connect_client(context));
  CEDU_RETURN_IF_ERROR(check_running(*client, context, library));
  return bulk_call(*client, context, library, method, params);
}

}  // namespace cedu::cli
