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
  if (options.insecure) {
    if (!options.keys_dir.empty()) {
      throw std::runtime_error("--insecure (no CURVE) contradicts --keys/--as (CURVE keys)");
    }
    c.deployment.bus.insecure = true;
    c.insecure_overridden = true;
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

Status load_default_credentials(Context& context) {
  const config::Deployment& d = context.deployment;
  if (!d.secure() || context.curve) return Status::ok();
  auto curve = security::load_credentials(d.bus.keys_dir, kDefaultPrincipal);
  if (!curve.ok()) {
    return Status(curve.status().code(),
                  std::string("cannot connect as ") + kDefaultPrincipal + " with CURVE: " +
                      curve.status().message() + ". `cedu up` creates the keys in bus.keys_dir (" +
                      d.bus.keys_dir + ") on first start; or pass --keys DIR --as PRINCIPAL; "
                      "or, for a bus that runs without CURVE, set bus.insecure: true in " +
                      (context.config_path.empty() ? std::string("the config")
                                                   : context.config_path) +
                      " (or pass --insecure)");
  }
  context.curve = std::move(curve).value();
  return Status::ok();
}

Result<std::unique_ptr<Client>> connect_client(const Context& context) {
  return Client::connect(context.client_options());
}

}  // namespace cedu::cli
