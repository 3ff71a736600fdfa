// cedu-evaluation: the evaluation service (学习型组织评估). It serves the evaluation
// standards and scores values against them (evaluation_methods.h), and keeps the learning
// organisations in its own SQLite file, towns and stations registered from the network at
// start (organisation_methods.h), and evaluation rounds through their workflow
// (round_methods.h) with objections and rectification tasks (objection_methods.h,
// rectification_methods.h), and the district's results and exports (results_methods.h).
//
//   cedu-evaluation [--config FILE] [--standards DIR] [--network FILE] [--database FILE]
//                   [--endpoint EP] [--insecure] [--threads N] [--log-file FILE]
//                   [--log-level LEVEL]
#include <filesystem>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "bus/runtime/service_process.h"
#include "common/config/deployment.h"
#include "common/config/network.h"
#include "services/evaluation/evaluation_methods.h"
#include "services/evaluation/fact_bus_source.h"
#include "services/evaluation/fact_methods.h"
#include "services/evaluation/objection_methods.h"
#include "services/evaluation/organisation_methods.h"
#include "services/evaluation/organisations.h"
#include "services/evaluation/rectification_methods.h"
#include "services/evaluation/results_methods.h"
#include "services/evaluation/round_methods.h"
#include "services/evaluation/standards_catalogue.h"
#include "services/library/places.h"

int main(int argc, char** argv) {
  using namespace cedu;
  const std::string program = "cedu-evaluation";
  CLI::App app{program + ": the evaluation service (evaluation)"};
  ServiceFlags flags;
  std::string standards_dir = "configs/standards", network_path = "configs/network.yaml";
  add_service_flags(app, flags, "evaluation");
  app.add_option("--standards", standards_dir, "evaluation standards (*.yaml)")
      ->capture_default_str();
  app.add_option("--network", network_path, "district network (towns and stations)")
      ->capture_default_str();
  app.set_version_flag("--version", program + " " + CEDU_VERSION);
  CLI11_PARSE(app, argc, argv);

  std::unique_ptr<evaluation::StandardCatalogue> catalogue;
  std::shared_ptr<const config::Network> network;
  auto started = start_service_process(flags, program, [&](const config::Deployment&) {
    catalogue = std::make_unique<evaluation::StandardCatalogue>(
        evaluation::StandardCatalogue::load_dir(standards_dir));
    network = std::make_shared<const config::Network>(config::load_network(network_path));
  });
  if (!started) return 2;
  const config::Deployment& deployment = *started;
  const std::string database = service_database(flags, deployment, "evaluation");
  auto options = service_options_for(flags, deployment, "evaluation", CEDU_VERSION);
  if (!options) return 2;

  auto db = sqlite::Database::open(database);
  if (!db.ok()) {
    spdlog::critical("cannot open {}: {}", database, db.status().to_string());
    return 1;
  }
  if (Status s = library::RecordStore::migrate(*db, evaluation::organisation_spec(),
                                               evaluation::evaluation_domain_migrations());
      !s.is_ok()) {
    spdlog::critical("cannot migrate {}: {}", database, s.to_string());
    return 1;
  }

  try {
    const library::LibrarySpec& spec = evaluation::organisation_spec();
    library::Library organisations(spec, library::RecordStore(std::move(db).value(), spec),
                                   library::places_from(network));
    organisations.set_validator(evaluation::check_organisation);
    auto registered = evaluation::register_network(organisations, *network);
    if (!registered.ok()) {
      spdlog::critical("cannot register the network's towns and stations: {}",
                       registered.status().to_string());
      return 1;
    }
    spdlog::info("organisations from {}: {} new, {} renamed, {} unchanged", network_path,
                 registered->created, registered->renamed, registered->unchanged);
    // Before the service: its handlers use it until run() returns.
    evaluation::RoundEvents events(organisations);
    evaluation::OrganisationMethods organisation_methods(
        organisations, library::places_from(network), *catalogue, events);
    evaluation::RoundMethods round_methods(organisations, *catalogue, events);
    // Automatic indicators: asked of the other services with the service's own key.
    ClientOptions fact_client;
    fact_client.endpoint = options->endpoint;
    fact_client.curve = options->curve;
    fact_client.heartbeat_interval = options->heartbeat_interval;
    evaluation::BusFactSource fact_source(fact_client);
    evaluation::FactMethods fact_methods(organisations, *catalogue, network, fact_source);
    round_methods.set_part_facts(fact_methods.hook());
    evaluation::ObjectionMethods objection_methods(organisations, events);
    evaluation::RectificationMethods rectification_methods(
        organisations, library::places_from(network), events);
    std::vector<std::string> town_order;
    for (const config::Town& town : network->towns) town_order.push_back(town.slug);
    evaluation::ResultsMethods results_methods(organisations, *catalogue,
                                               library::places_from(network), town_order);
    Service service(*options);
    events.attach(service);
    evaluation::serve_evaluation(service, *catalogue);
    organisation_methods.serve(service);
    round_methods.serve(service);
    fact_methods.serve(service);
    objection_methods.serve(service);
    rectification_methods.serve(service);
    results_methods.serve(service);
    spdlog::info("{} serving evaluation on {} ({} standards from {}, database {})", program,
                 options->endpoint, catalogue->all().size(), standards_dir, database);
    return service.run();
  } catch (const std::exception& e) {
    spdlog::critical("cannot start: {}", e.what());
    return 1;
  }
}
