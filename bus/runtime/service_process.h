// ServiceProcess: the start of every cedu service program, written once. The flags each
// one takes (--config, --database, --endpoint, --threads, --insecure, --log-file,
// --log-level), loading the deployment (errors with file:line), the overrides the flags
// make, logging, the service's SQLite file and its ServiceOptions.
// Thread-safety: for main(), before any thread starts.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "bus/runtime/service.h"
#include "common/config/deployment.h"

namespace cedu {

struct ServiceFlags {
  std::string config_path, database, endpoint, log_file, log_level;
  int threads = 0;  // 0: services.<name>.threads
  bool insecure = false;
};

// Adds the shared flags for service `name` to `app`.
void add_service_flags(CLI::App& app, ServiceFlags& flags, const std::string& name);

// Loads the deployment (`flags.config_path`, else the defaults), runs `load_more` (the
// program's own files, e.g. the network) under the same error handling, applies
// --insecure and --endpoint and starts logging as `program`. On an error prints
// "<program>: <error>" to stderr and returns nullopt: the program exits 2.
std::optional<config::Deployment> start_service_process(
    const ServiceFlags& flags, const std::string& program,
    const std::function<void(const config::Deployment&)>& load_more = {});

// The SQLite file of service `name`: --database, else services.<name>.database, else
// <data_dir>/<name>/<name>.db.
std::string service_database(const ServiceFlags& flags, const config::Deployment& deployment,
                             const std::string& name);

// service_options_from() with --threads and `version` applied. Logs why and returns
// nullopt when the service's keys cannot be loaded: the program exits 2.
std::optional<ServiceOptions> service_options_for(const ServiceFlags& flags,
                                                  const config::Deployment& deployment,
                                                  const std::string& name,
                                                  const std::string& version);

}  // namespace cedu
