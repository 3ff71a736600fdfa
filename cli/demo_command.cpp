#include "cli/demo_command.h"

#include <iostream>

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
  return demo::seed_demo(**client, context, network, args.scale, std::cout, std::cerr);
}

}  // namespace cedu::cli
