// cedu-plugin-host: runs one isolated town-school plugin of a library service in a process
// of its own, so that a plugin that crashes or hangs cannot take the service down. The
// service starts it (remote_plugin.h) — never by hand — first with --describe-to to learn
// the plugin, then for good: it loads <plugin-dir>/<plugin>.so with the same checks as in
// process and serves it on the bus as plugin-<service>-<plugin> (isolated_server.h), with
// that principal's key pair under CURVE (bus.keys_dir/service-plugin-<service>-<plugin>.*).
//
//   cedu-plugin-host --service course --plugin NAME --plugin-dir DIR --towns-dir DIR
//                    --storage-dir DIR [--network FILE] [--config FILE] [--endpoint EP]
//                    [--insecure] [--threads N] [--log-level L] [--describe-to FILE]
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "bus/runtime/service_config.h"
#include "common/config/deployment.h"
#include "common/config/error.h"
#include "common/config/network.h"
#include "common/logging.h"
#include "plugins/host/client_pool.h"
#include "plugins/host/isolated_server.h"
#include "plugins/host/isolation_wire.h"
#include "plugins/host/plugin_host.h"

using namespace cedu;

int main(int argc, char** argv) {
  CLI::App app{"cedu-plugin-host: one isolated town-school plugin of a library service"};
  std::string service_name, plugin, plugin_dir, towns_dir, storage_dir, network_path = "configs/network.yaml";
  std::string config_path, endpoint, log_level, log_file, describe_to;
  bool insecure = false;
  int threads = 4;
  app.add_option("--service", service_name, "the library it extends: course")->required();
  app.add_option("--plugin", plugin, "the plugin (its file is <plugin-dir>/<plugin>.so)")->required();
  app.add_option("--plugin-dir", plugin_dir, "the service's plugin directory")->required();
  app.add_option("--towns-dir", towns_dir, "configs/towns")->required();
  app.add_option("--storage-dir", storage_dir, "where the plugin's own database is")->required();
  app.add_option("--network", network_path, "district network");
  app.add_option("--config", config_path, "deployment config (configs/cedu.yaml)");
  app.add_option("--endpoint", endpoint, "broker endpoint, overrides bus.endpoint");
  app.add_flag("--insecure", insecure, "plain bus without CURVE");
  app.add_option("--threads", threads, "handler threads")->check(CLI::Range(1, 64));
  app.add_option("--log-level", log_level, "overrides log.level");
  app.add_option("--log-file", log_file, "log to this file instead of stderr");
  app.add_option("--describe-to", describe_to, "write the plugin's description there and exit");
  CLI11_PARSE(app, argc, argv);

  const std::string bus_name = plugins::wire::host_service_name(service_name, plugin);
  config::Deployment deployment;
  std::shared_ptr<const config::Network> network;
  try {
    deployment = config_path.empty() ? config::default_deployment() : config::load_deployment(config_path);
    network = std::make_shared<const config::Network>(config::load_network(network_path));
  } catch (const std::exception& e) {
    std::cerr << "cedu-plugin-host: " << e.what() << '\n';
    return 2;
  }
  if (insecure) deployment.bus.insecure = true;
  if (!endpoint.empty()) deployment.bus.endpoint = endpoint;
  if (auto s = logging::init({log_level.empty() ? deployment.log.level : log_level, log_file}, bus_name);
      !s.is_ok()) {
    std::cerr << "cedu-plugin-host: " << s.to_string() << '\n';
    return 2;
  }

  plugins::HostOptions o;
  o.service = service_name;
  o.plugin_dir = plugin_dir;
  o.towns_dir = towns_dir;
  o.database = ":memory:";  // the service decides enablement; this process only serves
  o.storage_dir = storage_dir;
  o.only = plugin;
  o.max_consecutive_failures = 0;  // the service counts failures
  o.is_town = [network](std::string_view slug) { return network->town(slug) != nullptr; };
  o.town_slug = [network](std::string_view text) -> std::optional<std::string> {
    for (const auto& t : network->towns) {
      if (t.slug == text || t.name == text) return t.slug;
    }
    return std::nullopt;
  };
  std::unique_ptr<plugins::PluginHost> host;
  try {
    host = plugins::PluginHost::start(o);
  } catch (const config::ConfigError& e) {
    if (!describe_to.empty()) {
      return plugins::write_describe_file(describe_to, nullptr, plugin, e.file(), e.line(), e.key(), e.problem())
                     .is_ok() ? 0 : 1;
    }
    spdlog::critical("cannot start: {}", e.what());
    return 2;
  } catch (const std::exception& e) {
    spdlog::critical("cannot start: {}", e.what());
    return 1;
  }
  if (!describe_to.empty()) {
    Status s = plugins::write_describe_file(describe_to, host.get(), plugin);
    if (!s.is_ok()) spdlog::critical("{}", s.to_string());
    return s.is_ok() ? 0 : 1;
  }
  plugins::LoadedPlugin* p = host->find(plugin);
  if (p == nullptr || p->refused) {
    spdlog::critical("cannot serve plugin {}: {}", plugin, p == nullptr ? "not a plugin of " + service_name : p->reason);
    return 2;
  }

  auto options = service_options_from(deployment, bus_name);
  if (!options.ok()) {
    spdlog::critical("cannot start: {}", options.status().to_string());
    return 2;
  }
  options->threads = static_cast<std::uint32_t>(threads);
  options->version = CEDU_VERSION;
  ClientOptions client;
  client.endpoint = options->endpoint;
  client.curve = options->curve;
  client.heartbeat_interval = options->heartbeat_interval;
  plugins::ClientPool clients(client);
  // The plugin's own bus calls go out as this host's principal (its ACL grants apply).
  host->set_bus([&clients](std::string_view svc, std::string_view method, std::string_view params,
                           std::chrono::steady_clock::time_point deadline) -> Result<std::string> {
    using namespace std::chrono;
    CallOptions co;
    co.timeout = duration_cast<milliseconds>(deadline - steady_clock::now());
    if (co.timeout <= milliseconds(0)) return Status::deadline_exceeded("no time left to ask " + std::string(svc));
    CEDU_ASSIGN_OR_RETURN(Reply reply, clients.call(svc, method, params, co));
    return reply.bytes();
  });
  try {
    Service service(*options);
    // Under CURVE only the service that spawned it may ask; a plain bus has no identities.
    plugins::serve_isolated(*p, service, deployment.bus.insecure ? std::string() : "service:" + service_name);
    spdlog::info("{} serving plugin {} {} on {}", bus_name, plugin, p->info.version.to_string(), options->endpoint);
    return service.run();
  } catch (const std::exception& e) {
    spdlog::critical("cannot start: {}", e.what());
    return 1;
  }
}
