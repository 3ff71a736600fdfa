#include "cli/context.h"

#include <filesystem>
#include <stdexcept>

#include "bus/security/curve_keys.h"

namespace cedu::cli {

ClientOptions Context::client_options() const {
  ClientOptions o;
  o.endpoint = deployment.bus.endpoint;
  o.heartbeat_interval = deployment.bus.heartbeat_interval_ms;
  o.heartbeat_liveness = static_cast<std::uint32_t>(deployment.bus.heartbeat_liveness);
  o.default_timeout = timeout;
  o.curve = curve;
  return o;
}

Context load_context(const GlobalOptions& options) {
  Context c;
  std::string path = options.config_path;
  if (path.empty() && std::filesystem::exists(kDefaultConfigPath)) path = kDefaultConfigPath;
  c.deployment = path.empty() ? config::default_deployment() : config::load_deployment(path);
  c.config_path = path;
  if (!options.endpoint.empty()) {
    c.deployment.bus.endpoint = options.endpoint;
    c.endpoint_overridden = true;
  }
  c.timeout = options.timeout_ms > 0 ? std::chrono::milliseconds(options.timeout_ms)
                                     : c.deployment.bus.default_timeout_ms;
  if (options.keys_dir.empty() != options.as_principal.empty()) {
    throw std::runtime_error("--keys and --as go together");
  }
  if (!options.keys_dir.empty()) {
    auto curve = security::load_credentials(options.keys_dir, options.as_principal);
    if (!curve.ok()) {
      throw std::runtime_error("keys of " + options.as_principal + ": " +
                               curve.status().message());
    }
    c.curve = std::move(curve).value();
  }
  return c;
}

Result<std::unique_ptr<Client>> connect_client(const Context& context) {
  return Client::connect(context.client_options());
}

}  // namespace cedu::cli
