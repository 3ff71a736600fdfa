// What every `cedu` subcommand starts from: the global options (--config, --endpoint,
// --timeout, --keys/--as, --insecure) resolved against the deployment config, and the bus
// client they imply. Unless bus.insecure, the client uses CURVE: the key pair of --keys/--as,
// or else district-admin's from bus.keys_dir.
// Thread-safety: plain values; a Client belongs to the thread that made it.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "bus/client/client.h"
#include "common/config/deployment.h"
#include "common/result.h"

namespace cedu::cli {

// The config file used when --config is not given, relative to the working directory.
inline constexpr const char* kDefaultConfigPath = "configs/cedu.yaml";

struct GlobalOptions {
  std::string config_path;  // empty: kDefaultConfigPath if it exists, else defaults
  std::string endpoint;     // empty: bus.endpoint of the config
  std::int64_t timeout_ms = 0;  // 0: bus.default_timeout_ms of the config
  // CURVE: connect as PRINCIPAL with DIR/<principal>.{pub,key} and the broker's DIR/cedu-bus.pub.
  std::string keys_dir;
  std::string as_principal;
  // Overrides bus.insecure: connect without CURVE (to a broker that runs plain).
  bool insecure = false;
};

// Who `cedu` is when --keys/--as are not given and the bus runs CURVE.
inline constexpr const char* kDefaultPrincipal = "district-admin";

struct Context {
  config::Deployment deployment;  // with the --endpoint override applied
  std::string config_path;        // the file loaded; empty for built-in defaults
  bool endpoint_overridden = false;
  std::chrono::milliseconds timeout{0};  // per call; never 0 after load_context
  bool insecure_overridden = false;      // --insecure was given
  std::optional<CurveCredentials> curve;  // set by --keys/--as, or by load_default_credentials

  ClientOptions client_options() const;
};

// Loads the deployment config named by the options (with the --endpoint and --insecure
// overrides applied), and the CURVE keys of --keys/--as. Throws config::ConfigError for a
// missing or invalid file and std::runtime_error for unusable keys or contradicting
// options (start-up errors).
Context load_context(const GlobalOptions& options);

// Unless the bus runs plain or `context` already has credentials (--keys/--as), loads
// those of district-admin from bus.keys_dir. Returns OK when it did or had nothing to do,
// else the error of the key files with what to do about it (`cedu up` creates them; or
// --keys/--as; or bus.insecure: true).
Status load_default_credentials(Context& context);

// Connects a bus client. Returns INVALID_ARGUMENT for a malformed endpoint.
Result<std::unique_ptr<Client>> connect_client(const Context& context);

}  // namespace cedu::cli
