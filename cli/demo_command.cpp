#include "cli/demo_command.h"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <set>
#include <thread>

#include "cli/bulk_call.h"
#include "cli/demo/seed.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "common/config/network.h"

namespace cedu::cli {

int run_demo_seed(const Context& context, const DemoArgs& args) {
  if (!(args.scale > 0.0 && args.scale <= 10.0)) {
    print_usage_error("--scale must be above 0 and at most 10");
    return kExitUsage;
  }
  config::Network network;
  const std::string path = args.network_path.empty() ? "configs/network.yaml" : args.network_path;
  try {
    network = config::load_network(path);
  } catch (const std::exception& e) {  // config::ConfigError: "file:line: key: problem"
    print_usage_error(e.what());
    return kExitUsage;
  }
  if (network.towns.empty()) {
    print_usage_error(path + " lists no towns");
    return kExitUsage;
  }
  auto client = connect_client(context);
  if (!client.ok()) {
    print_bus_error(client.status());
    return kExitFailed;
  }
  if (args.wait_seconds > 0) {
    // `cedu up` starts the libraries alongside: give them time to register — and the
    // other services the deployment config lists (funding, evaluation), which the seed
    // skips when they are not there yet.
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(args.wait_seconds);
    std::set<std::string> libraries = {"teacher", "volunteer", "course", "project"};
    for (const auto& service : context.deployment.services) libraries.insert(service.name);
    for (;;) {
      auto running = running_services(**client, context);
      const bool all = running.ok() && std::includes(running->begin(), running->end(),
                                                     libraries.begin(), libraries.end());
      if (all || std::chrono::steady_clock::now() >= until) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  }
  return demo::seed_demo(**client, context, network, args.scale, std::cout, std::cerr);
}

}  // namespace cedu::cli
