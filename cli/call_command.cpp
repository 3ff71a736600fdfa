#include "cli/call_command.h"

#include <iostream>

#include "bus/protocol/protocol.h"
#include "cli/exit_codes.h"
#include "cli/json_msgpack.h"
#include "cli/output.h"
#include "cli/services_table.h"

namespace cedu::cli {
namespace {

// Sends one request and returns its result as JSON.
Result<Json> request(const Context& context, const std::string& service,
                               const std::string& method, const std::string& packed_params,
                               const std::string& idempotency_key = {}) {
  CEDU_ASSIGN_OR_RETURN(auto client, connect_client(context));
  CallOptions options;
  options.timeout = context.timeout;
  options.idempotency_key = idempotency_key;
  CEDU_ASSIGN_OR_RETURN(Reply reply, client->call(service, method, packed_params, options));
  auto result = msgpack_to_json(reply.bytes());
  if (!result.ok()) return Status::internal("the reply body " + result.status().message());
  return result;
}

int print_result(const Result<Json>& result, int indent) {
  if (!result.ok()) {
    print_bus_error(result.status());
    return kExitFailed;
  }
  std::cout << render_json(*result, indent) << std::endl;
  return kExitOk;
}

}  // namespace

int run_call(const Context& context, const CallArgs& args) {
  auto params = parse_json(args.params_json, "params");
  if (!params.ok()) {
    print_usage_error(params.status().message());
    return kExitUsage;
  }
  if (!params->is_object()) {
    print_usage_error("params must be a JSON object, like {\"q\": \"书法\"}; got " +
                      std::string(params->type_name()));
    return kExitUsage;
  }
  auto packed = json_to_msgpack(*params);
  if (!packed.ok()) {
    print_usage_error("params." + packed.status().field() + ": " + packed.status().message());
    return kExitUsage;
  }
  return print_result(request(context, args.service, args.method, *packed, args.idempotency_key),
                      args.compact ? -1 : 2);
}

int run_services(const Context& context, bool table) {
  auto result = request(context, std::string(protocol::kBusService), "services",
                        std::string(1, '\x80'));
  if (table && result.ok()) {
    std::cout << render_services_table(*result) << std::flush;
    return kExitOk;
  }
  return print_result(result, 2);
}

int run_stats(const Context& context) {
  return print_result(
      request(context, std::string(protocol::kBusService), "stats", std::string(1, '\x80')), 2);
}

}  // namespace cedu::cli
