#include "cli/status_command.h"

#include <iostream>

#include "bus/protocol/last_error.h"
#include "bus/protocol/protocol.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "cli/status_model.h"
#include "common/msgpack/builder.h"

namespace cedu::cli {
namespace {

Result<Json> ask(Client& client, const std::string& service, const std::string& method,
                 std::chrono::milliseconds timeout) {
  CallOptions options;
  options.timeout = timeout;
  options.idempotent = true;  // reads: the broker may retry them on another worker
  CEDU_ASSIGN_OR_RETURN(Reply reply, client.call(service, method, mp::empty_map(), options));
  return msgpack_to_json(reply.bytes());
}

}  // namespace

int run_status(const Context& context, const StatusArgs& args) {
  auto client = connect_client(context);
  if (!client.ok()) {
    print_bus_error(client.status());
    return kExitFailed;
  }
  const std::string bus(protocol::kBusService);
  StatusInputs in;
  auto stats = ask(**client, bus, "stats", context.timeout);
  if (!stats.ok()) {
    print_bus_error(stats.status());
    return kExitFailed;
  }
  auto services = ask(**client, bus, "services", context.timeout);
  if (!services.ok()) {
    print_bus_error(services.status());
    return kExitFailed;
  }
  in.stats = std::move(*stats);
  in.services = std::move(*services);
  for (const Json& svc : in.services.value("services", Json::array())) {
    const std::string name = svc.value("name", "");
    if (svc.value("workers", Json::array()).empty()) continue;
    // A service that does not answer health still has its rows from the broker's view.
    if (auto h = ask(**client, name, "health", context.timeout); h.ok()) in.health[name] = std::move(*h);
  }
  for (const auto& s : context.deployment.services) in.expected.push_back({s.name, s.instances});
  in.now_ms = protocol::unix_now_ms();
  const Json model = status_model(in);
  if (args.json) {
    std::cout << render_json(model, 2) << std::endl;
  } else {
    std::cout << render_status_table(model) << std::flush;
  }
  return model.value("healthy", false) ? kExitOk : kExitFailed;
}

}  // namespace cedu::cli
