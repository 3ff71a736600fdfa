#include "cli/bulk_call.h"

#include <algorithm>

#include "cli/exit_codes.h"
#include "cli/output.h"
#include "common/msgpack/fields.h"
#include "common/tabular/file_io.h"

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

int save_reply_content(const Context& context, const std::string& service,
                       std::string_view method, std::string_view params,
                       const std::string& output, const OnSaved& on_saved) {
  auto reply = call_running_library(context, service, method, params);
  if (!reply.ok()) {
    print_bus_error(reply.status());
    return kExitFailed;
  }
  auto view = mp::MapView::of(reply->result(), "reply");
  const msgpack::object* content = view.ok() ? view->find("content") : nullptr;
  if (content == nullptr ||
      (content->type != msgpack::type::BIN && content->type != msgpack::type::STR)) {
    print_bus_error(Status::internal(service + "." + std::string(method) +
                                     " replied without its content"));
    return kExitFailed;
  }
  const std::string_view bytes = content->type == msgpack::type::BIN
                                     ? std::string_view(content->via.bin.ptr, content->via.bin.size)
                                     : std::string_view(content->via.str.ptr, content->via.str.size);
  if (Status s = tabular::write_file_atomically(output, bytes); !s.is_ok()) {
    print_usage_error("cannot write " + output + ": " + s.message());
    return kExitFailed;
  }
  on_saved(*view, bytes.size());
  return kExitOk;
}

}  // namespace cedu::cli
