#include "services/library/library_main.h"

#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "bus/runtime/service_config.h"
#include "common/logging.h"
#include "common/config/error.h"
#include "services/library/places.h"
#include "services/library/plugin_glue.h"

namespace cedu::library {

std::vector<sqlite::Migration> all_migrations(const LibraryServiceDef& def) {
  std::vector<sqlite::Migration> all{RecordStore::core_migration(*def.spec)};
  all.insert(all.end(), def.migrations.begin(), def.migrations.end());
  return all;
}

int library_main(int argc, char** argv, const LibraryServiceDef& def) {
  const LibrarySpec& spec = *def.spec;
  const std::string program = "cedu-" + spec.name;
  CLI::App app{program + ": the " + spec.display_name + " (" + spec.name + ") service"};
  std::string config_path, network_path, database, endpoint, log_file, log_level;
  std::string plugin_dir, towns_dir;
  int threads = 0;
  bool insecure = false;
  app.add_option("--config", config_path, "deployment config (configs/cedu.yaml)")
      ->check(CLI::ExistingFile);
  app.add_option("--network", network_path, "district network (default: configs/network.yaml)");
  app.add_option("--database", database,
                 "SQLite file, overrides services." + spec.name + ".database");
  app.add_option("--endpoint", endpoint, "broker endpoint, overrides bus.endpoint");
  app.add_option("--threads", threads, "handler threads")->check(CLI::Range(1, 256));
  app.add_flag("--insecure", insecure, "plain bus without CURVE (overrides bus.insecure)");
  app.add_option("--plugin-dir", plugin_dir, "town-school plugins (*.so), overrides plugins.dir");
  app.add_option("--towns-dir", towns_dir,
                 "the towns' plugin configs (<town>.yaml), overrides plugins.towns_dir");
  app.add_option("--log-file", log_file, "log to this file instead of stderr");
  app.add_option("--log-level", log_level, "overrides log.level");
  app.set_version_flag("--version", program + " " + CEDU_VERSION);
  CLI11_PARSE(app, argc, argv);

  config::Deployment deployment;
  std::shared_ptr<const config::Network> network;
  try {
    deployment = config_path.empty() ? config::default_deployment()
                                     : config::load_deployment(config_path);
    if (network_path.empty()) network_path = "configs/network.yaml";
    network = std::make_shared<const config::Network>(config::load_network(network_path));
  } catch (const std::exception& e) {
    std::cerr << program << ": " << e.what() << '\n';
    return 2;
  }
  if (insecure) deployment.bus.insecure = true;
  if (!endpoint.empty()) deployment.bus.endpoint = endpoint;
  if (auto s = logging::init({log_level.empty() ? deployment.log.level : log_level, log_file},
                             program);
      !s.is_ok()) {
    std::cerr << program << ": " << s.to_string() << '\n';
    return 2;
  }
  if (database.empty()) {
    const config::ServiceEntry* entry = deployment.find_service(spec.name);
    database = entry != nullptr && !entry->database.empty()
                   ? entry->database
                   : (std::filesystem::path(deployment.data_dir) / spec.name / (spec.name + ".db")).string();
  }

  auto options = service_options_from(deployment, spec.name);
  if (!options.ok()) {
    spdlog::critical("cannot start: {}", options.status().to_string());
    return 2;
  }
  if (threads > 0) options->threads = static_cast<std::uint32_t>(threads);
  options->version = CEDU_VERSION;

  auto db = sqlite::Database::open(database);
  if (!db.ok()) {
    spdlog::critical("cannot open {}: {}", database, db.status().to_string());
    return 1;
  }
  if (Status s = sqlite::migrate(*db, all_migrations(def)); !s.is_ok()) {
    spdlog::critical("cannot migrate {}: {}", database, s.to_string());
    return 1;
  }

  ClientOptions peer_options;
  peer_options.endpoint = options->endpoint;
  peer_options.curve = options->curve;
  peer_options.heartbeat_interval = options->heartbeat_interval;
  PeerCalls peers(peer_options);

  // Town-school plugins: loaded before the Library, whose schema grows by their fields.
  plugins::HostOptions plugin_options;
  plugin_options.service = spec.name;
  plugin_options.plugin_dir = !plugin_dir.empty()              ? plugin_dir
                              : !deployment.plugins.dir.empty() ? deployment.plugins.dir
                                                               : plugins::default_plugin_dir(argv[0]);
  plugin_options.towns_dir = towns_dir.empty() ? deployment.plugins.towns_dir : towns_dir;
  plugin_options.database = database;
  plugin_options.storage_dir = (std::filesystem::path(database).parent_path() / "plugins").string();
  plugin_options.is_town = [network](std::string_view slug) { return network->town(slug) != nullptr; };
  plugin_options.town_slug = places_from(network).town;
  plugin_options.reserved_fields = reserved_field_names(spec);
  plugin_options.max_consecutive_failures =
      static_cast<std::uint32_t>(deployment.plugins.max_consecutive_failures);
  // Isolated plugins (isolate: true) run in cedu-plugin-host, beside this program.
  plugin_options.isolation.program = plugins::host_program(argv[0]);
  plugin_options.isolation.client = peer_options;
  plugin_options.host_args = {"--network", network_path, "--endpoint", options->endpoint,
                              "--log-level", log_level.empty() ? deployment.log.level : log_level};
  if (!config_path.empty()) plugin_options.host_args.insert(plugin_options.host_args.end(), {"--config", config_path});
  if (deployment.bus.insecure) plugin_options.host_args.push_back("--insecure");
  if (!log_file.empty()) plugin_options.host_args.insert(plugin_options.host_args.end(), {"--log-file", log_file});
  std::unique_ptr<plugins::PluginHost> plugin_host;
  try {
    plugin_host = plugins::PluginHost::start(std::move(plugin_options));
  } catch (const config::ConfigError& e) {
    spdlog::critical("cannot start: {}", e.what());
    return 2;
  } catch (const std::exception& e) {
    spdlog::critical("cannot start: {}", e.what());
    return 1;
  }
  const LibrarySpec extended = with_plugin_fields(spec, *plugin_host);

  try {
    Service service(*options);
    Library library(extended, RecordStore(std::move(db).value(), extended), places_from(network));
    library.serve(service);
    LibraryContext context{library, service, peers, deployment, network};
    if (def.setup) {
      if (Status s = def.setup(context); !s.is_ok()) {
        spdlog::critical("cannot start: {}", s.to_string());
        return 2;
      }
    }
    // After the domain: a plugin method may not take a name the library serves itself.
    attach_plugins(*plugin_host, library, service, peers);
    spdlog::info("{} serving {} on {} (database {})", program, spec.name, options->endpoint, database);
    return service.run();
  } catch (const std::exception& e) {
    spdlog::critical("cannot start: {}", e.what());
    return 1;
  }
}

}  // namespace cedu::library
