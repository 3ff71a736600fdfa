#include "cli/plugins_command.h"

#include <algorithm>
#include <iostream>
#include <vector>

#include "bus/protocol/protocol.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "cli/text_table.h"

namespace cedu::cli {
namespace {

// The resource libraries, which are the services that host plugins.
const char* const kLibraries[] = {"teacher", "volunteer", "course", "project"};

const std::string kNoParams(1, '\x80');  // an empty MessagePack map

Result<Json> request(Client& client, const Context& context, const std::string& service,
                     const std::string& method, const std::string& params) {
  CallOptions options;
  options.timeout = context.timeout;
  CEDU_ASSIGN_OR_RETURN(Reply reply, client.call(service, method, params, options));
  auto json = msgpack_to_json(reply.bytes());
  if (!json.ok()) return Status::internal("the reply body " + json.status().message());
  return json;
}

// The libraries that have a worker now: asking one that has none would wait out the
// deadline.
Result<std::vector<std::string>> running_libraries(Client& client, const Context& context) {
  CEDU_ASSIGN_OR_RETURN(Json services, request(client, context, std::string(protocol::kBusService),
                                               "services", kNoParams));
  std::vector<std::string> out;
  for (const char* library : kLibraries) {
    for (const auto& s : services.value("services", Json::array())) {
      if (s.value("name", "") == library && !s.value("workers", Json::array()).empty()) {
        out.emplace_back(library);
      }
    }
  }
  return out;
}

std::string number(const Json& v) { return v.is_number() ? v.dump() : "-"; }

// Where a plugin runs: in the service's process, or in its isolated cedu-plugin-host.
std::string runs_in(const Json& plugin) {
  const Json isolation = plugin.value("isolation", Json());
  if (!isolation.is_object()) return "service";
  const std::string pid = number(isolation.value("pid", Json()));
  return "host pid " + (pid == "0" ? std::string("(restarting)") : pid) + ", " +
         number(isolation.value("restarts", Json())) + " restarts";
}

}  // namespace

std::string render_plugins_table(const Json& listing) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"SERVICE", "PLUGIN", "VERSION", "STATE", "TOWNS", "RUNS IN", "CALLS", "REJECTED",
                  "FAILED", "REASON"});
  for (const auto& [service, reply] : listing.items()) {
    for (const auto& p : reply.value("plugins", Json::array())) {
      std::string towns;
      for (const auto& t : p.value("towns", Json::array())) {
        towns += (towns.empty() ? "" : ",") + t.value("town", "") + (t.value("enabled", false) ? "" : "(off)");
      }
      rows.push_back({service, p.value("name", ""), p.value("version", ""), p.value("state", ""),
                      towns.empty() ? "-" : towns, runs_in(p), number(p.value("calls", Json())),
                      number(p.value("rejections", Json())), number(p.value("failures", Json())),
                      p.value("reason", "")});
    }
  }
  std::string out = render_text_table(rows);
  if (rows.size() == 1) out += "(no plugins)\n";
  return out;
}

int run_plugins_list(const Context& context, const PluginsArgs& args) {
  auto client = connect_client(context);
  if (!client.ok()) {
    print_bus_error(client.status());
    return kExitFailed;
  }
  auto libraries = running_libraries(**client, context);
  if (!libraries.ok()) {
    print_bus_error(libraries.status());
    return kExitFailed;
  }
  Json listing = Json::object();
  int exit = kExitOk;
  for (const auto& library : *libraries) {
    auto reply = request(**client, context, library, "plugins", kNoParams);
    if (!reply.ok()) {
      print_bus_error(reply.status().with_context(library + ".plugins"));
      exit = kExitFailed;
      continue;
    }
    listing[library] = *reply;
  }
  if (args.json) {
    std::cout << render_json(listing, 2) << std::endl;
  } else {
    std::cout << render_plugins_table(listing) << std::flush;
  }
  return exit;
}

int run_plugins_switch(const Context& context, const PluginsArgs& args, bool enable) {
  auto client = connect_client(context);
  if (!client.ok()) {
    print_bus_error(client.status());
    return kExitFailed;
  }
  std::string service = args.service;
  if (service.empty()) {
    auto libraries = running_libraries(**client, context);
    if (!libraries.ok()) {
      print_bus_error(libraries.status());
      return kExitFailed;
    }
    for (const auto& library : *libraries) {
      auto reply = request(**client, context, library, "plugins", kNoParams);
      if (!reply.ok()) continue;
      for (const auto& p : reply->value("plugins", Json::array())) {
        if (p.value("name", "") == args.name) service = library;
      }
    }
    if (service.empty()) {
      print_usage_error("no running library has a plugin named '" + args.name + "' (see cedu plugins)");
      return kExitFailed;
    }
  }
  Json params = {{"name", args.name}, {"town", args.town}};
  auto packed = json_to_msgpack(params);
  auto reply = request(**client, context, service, enable ? "plugins_enable" : "plugins_disable", *packed);
  if (!reply.ok()) {
    print_bus_error(reply.status());
    return kExitFailed;
  }
  (*reply)["service"] = service;
  std::cout << render_json(*reply, 2) << std::endl;
  return kExitOk;
}

}  // namespace cedu::cli
