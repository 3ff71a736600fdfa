// cedu-funding: the funding service (经费绩效). It keeps the funding ledger of the
// district's community education in its own SQLite file — budgets, disbursements
// district → town → station and their receipt, expenditures, reversals, closed years —
// and serves the plan's figures from it (per resident against 4 yuan, source shares,
// execution, disbursement completeness), the performance evaluation of special funds
// (configs/funding/performance.yaml) and the disclosure report. docs/funding.md.
//
//   cedu-funding [--config FILE] [--network FILE] [--performance FILE] [--database FILE]
//                [--endpoint EP] [--insecure] [--threads N] [--log-file FILE]
//                [--log-level LEVEL]
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "bus/runtime/service_process.h"
#include "common/config/network.h"
#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"
#include "services/funding/funding_methods.h"
#include "services/library/peer_calls.h"

int main(int argc, char** argv) {
  using namespace cedu;
  const std::string program = "cedu-funding";
  CLI::App app{program + ": the funding service (funding)"};
  ServiceFlags flags;
  std::string network_path = "configs/network.yaml";
  std::string performance_path = "configs/funding/performance.yaml";
  add_service_flags(app, flags, "funding");
  app.add_option("--network", network_path, "district network (units and residents)")
      ->capture_default_str();
  app.add_option("--performance", performance_path,
                 "indicator system of the performance evaluation of special funds")
      ->capture_default_str();
  app.set_version_flag("--version", program + " " + CEDU_VERSION);
  CLI11_PARSE(app, argc, argv);

  std::shared_ptr<const funding::Units> units;
  funding::PerformanceConfig performance;
  auto started = start_service_process(flags, program, [&](const config::Deployment&) {
    units = std::make_shared<const funding::Units>(
        std::make_shared<const config::Network>(config::load_network(network_path)));
    performance = funding::load_performance(performance_path);
  });
  if (!started) return 2;
  const config::Deployment& deployment = *started;
  const std::string database = service_database(flags, deployment, "funding");
  auto options = service_options_for(flags, deployment, "funding", CEDU_VERSION);
  if (!options) return 2;

  auto ledger = funding::Ledger::open(database, units);
  if (!ledger.ok()) {
    spdlog::critical("cannot open the ledger {}: {}", database, ledger.status().to_string());
    return 1;
  }
  try {
    ClientOptions peer_options;
    peer_options.endpoint = options->endpoint;
    peer_options.curve = options->curve;
    peer_options.heartbeat_interval = options->heartbeat_interval;
    library::PeerCalls peers(peer_options);
    Service service(*options);
    funding::FundingMethods methods(
        **ledger, performance,
        [&peers](const Request& r, std::string_view peer, std::string_view method,
                 const std::string& params) -> Result<msgpack::object_handle> {
          auto reply = peers.call(r, peer, method, params);
          if (!reply.ok()) return reply.status();
          return mp::unpack(reply->bytes(), "reply");
        },
        [&service](std::string_view event, std::string payload) {
          service.publish(event, std::move(payload));
        });
    methods.serve(service);
    spdlog::info("{} serving funding on {} (database {}, {} towns, {} performance indicators from {})",
                 program, options->endpoint, database, units->network().towns.size(),
                 performance.indicators.size(), performance_path);
    return service.run();
  } catch (const std::exception& e) {
    spdlog::critical("cannot start: {}", e.what());
    return 1;
  }
}
