#include "services/library/library_main.h"

#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "bus/runtime/service_process.h"
#include "common/config/error.h"
#include "services/library/places.h"
#include "services/library/plugin_glue.h"
#include "services/library/plugin_indicators.h"

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
  ServiceFlags flags;
  std::string network_path = "configs/network.yaml", plugin_dir, towns_dir;
  add_service_flags(app, flags, spec.name);
  app.add_option("--network", network_path, "district network")->capture_default_str();
  app.add_option("--plugin-dir", plugin_dir, "town-school plugins (*.so), overrides plugins.dir");
  app.add_option("--towns-dir", towns_dir,
                 "the towns' plugin configs (<town>.yaml), overrides plugins.towns_dir");
  app.set_version_flag("--version", program + " " + CEDU_VERSION);
  CLI11_PARSE(app, argc, argv);

  std::shared_ptr<const config::Network> network;
  auto started = start_service_process(flags, program, [&](const config::Deployment&) {
    network = std::make_shared<const config::Network>(config::load_network(network_path));
  });
  if (!started) return 2;
  const config::Deployment& deployment = *started;
  const std::string database = service_database(flags, deployment, spec.name);
  auto options = service_options_for(flags, deployment, spec.name, CEDU_VERSION);
  if (!options) return 2;

  auto db = sqlite::Database::open(database);
  if (!db.ok()) {
    spdlog::critical("cannot open {}: {}", database, db.status().to_string());
    return 1;
  }
  if (Status s = RecordStore::migrate(*db, *def.spec, def.migrations); !s.is_ok()) {
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
                              "--log-level", flags.log_level.empty() ? deployment.log.level : flags.log_level};
  if (!flags.config_path.empty()) {
    plugin_options.host_args.insert(plugin_options.host_args.end(), {"--config", flags.config_path});
  }
  if (deployment.bus.insecure) plugin_options.host_args.push_back("--insecure");
  if (!flags.log_file.empty()) {
    plugin_options.host_args.insert(plugin_options.host_args.end(), {"--log-file", flags.log_file});
  }
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
    serve_plugin_indicators(*plugin_host, places_from(network), service);
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
