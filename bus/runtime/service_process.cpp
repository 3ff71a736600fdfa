#include "bus/runtime/service_process.h"

#include <filesystem>
#include <iostream>

#include <spdlog/spdlog.h>

#include "bus/runtime/service_config.h"
#include "common/logging.h"

namespace cedu {

void add_service_flags(CLI::App& app, ServiceFlags& flags, const std::string& name) {
  app.add_option("--config", flags.config_path, "deployment config (configs/cedu.yaml)")
      ->check(CLI::ExistingFile);
  app.add_option("--database", flags.database,
                 "SQLite file, overrides services." + name + ".database");
  app.add_option("--endpoint", flags.endpoint, "broker endpoint, overrides bus.endpoint");
  app.add_option("--threads", flags.threads, "handler threads")->check(CLI::Range(1, 256));
  app.add_flag("--insecure", flags.insecure, "plain bus without CURVE (overrides bus.insecure)");
  app.add_option("--log-file", flags.log_file, "log to this file instead of stderr");
  app.add_option("--log-level", flags.log_level, "overrides log.level");
}

std::optional<config::Deployment> start_service_process(
    const ServiceFlags& flags, const std::string& program,
    const std::function<void(const config::Deployment&)>& load_more) {
  config::Deployment deployment;
  try {
    deployment = flags.config_path.empty() ? config::default_deployment()
                                           : config::load_deployment(flags.config_path);
    if (load_more) load_more(deployment);
  } catch (const std::exception& e) {
    std::cerr << program << ": " << e.what() << '\n';
    return std::nullopt;
  }
  if (flags.insecure) deployment.bus.insecure = true;
  if (!flags.endpoint.empty()) deployment.bus.endpoint = flags.endpoint;
  const std::string level = flags.log_level.empty() ? deployment.log.level : flags.log_level;
  if (auto s = logging::init({level, flags.log_file}, program); !s.is_ok()) {
    std::cerr << program << ": " << s.to_string() << '\n';
    return std::nullopt;
  }
  return deployment;
}

std::string service_database(const ServiceFlags& flags, const config::Deployment& deployment,
                             const std::string& name) {
  if (!flags.database.empty()) return flags.database;
  const config::ServiceEntry* entry = deployment.find_service(name);
  if (entry != nullptr && !entry->database.empty()) return entry->database;
  return (std::filesystem::path(deployment.data_dir) / name / (name + ".db")).string();
}

std::optional<ServiceOptions> service_options_for(const ServiceFlags& flags,
                                                  const config::Deployment& deployment,
                                                  const std::string& name,
                                                  const std::string& version) {
  auto options = service_options_from(deployment, name);
  if (!options.ok()) {
    spdlog::critical("cannot start: {}", options.status().to_string());
    return std::nullopt;
  }
  if (flags.threads > 0) options->threads = static_cast<std::uint32_t>(flags.threads);
  options->version = version;
  return std::move(options).value();
}

}  // namespace cedu
