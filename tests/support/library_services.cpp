#include "tests/support/library_services.h"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace cedu::testing {

std::string network_file() {
  const char* source = std::getenv("CEDU_SOURCE_DIR");
  return std::string(source != nullptr ? source : CEDU_TEST_SOURCE_DIR) + "/configs/network.yaml";
}

Process start_library_service(BusFixture& bus, const std::string& name,
                              const std::vector<std::string>& extra, const std::string& database,
                              const std::string& bus_settings) {
  std::vector<std::string> argv = {binary("cedu-" + name), "--endpoint", bus.endpoint(),
                                   "--network", network_file(), "--database",
                                   database.empty() ? bus.dir().file(name + ".db") : database,
                                   "--log-level", "debug"};
  if (bus.secure()) {
    // The service finds its key pair and the broker's key in bus.keys_dir.
    const std::string config = bus.dir().file("service-" + name + ".yaml");
    std::ofstream(config) << "bus:\n  keys_dir: " << bus.dir().file("keys") << "\n"
                          << "  heartbeat_interval_ms: " << bus.heartbeat_ms() << "\n"
                          << bus_settings;
    argv.insert(argv.end(), {"--config", config});
  } else {
    argv.push_back("--insecure");
  }
  argv.insert(argv.end(), extra.begin(), extra.end());
  static int started = 0;
  Process p = Process::spawn(argv, bus.dir().file("cedu-" + name + "-" + std::to_string(++started) + ".log"));
  if (!bus.wait_for_workers(name, 1, std::chrono::milliseconds(10000))) {
    throw std::runtime_error("cedu-" + name + " did not register with the broker");
  }
  return p;
}

}  // namespace cedu::testing
