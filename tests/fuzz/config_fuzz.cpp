// Fuzz target: the YAML config loader and the deployment schema. Any input must end in a
// Deployment or a ConfigError ("file:line: key: problem") — never a crash or another
// exception.
#include <cstdint>
#include <string>

#include "common/config/deployment.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    auto root = cedu::config::Reader::from_string(std::move(text), "fuzz.yaml");
    (void)cedu::config::parse_deployment(root);
  } catch (const cedu::config::ConfigError&) {
    // Expected for bad input.
  }
  return 0;
}
