// cedu-evaluation: the evaluation service (学习型组织评估). So far it serves the
// evaluation standards and scores values against them without storing anything
// (evaluation_methods.h); rounds, organisations and results are still to come
// (docs/evaluation.md).
//
//   cedu-evaluation [--config FILE] [--standards DIR] [--endpoint EP] [--insecure]
//                   [--threads N] [--log-file FILE] [--log-level LEVEL]
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "bus/runtime/service_config.h"
#include "common/config/deployment.h"
#include "common/logging.h"
#include "services/evaluation/evaluation_methods.h"
#include "services/evaluation/standards_catalogue.h"

int main(int argc, char** argv) {
  using namespace cedu;
  const std::string program = "cedu-evaluation";
  CLI::App app{program + ": the evaluation service (evaluation)"};
  std::string config_path, standards_dir = "configs/standards", endpoint, log_file, log_level;
  int threads = 0;
  bool insecure = false;
  app.add_option("--config", config_path, "deployment config (configs/cedu.yaml)")
      ->check(CLI::ExistingFile);
  app.add_option("--standards", standards_dir, "evaluation standards (*.yaml)")
      ->capture_default_str();
  app.add_option("--endpoint", endpoint, "broker endpoint, overrides bus.endpoint");
  app.add_option("--threads", threads, "handler threads")->check(CLI::Range(1, 256));
  app.add_flag("--insecure", insecure, "plain bus without CURVE (overrides bus.insecure)");
  app.add_option("--log-file", log_file, "log to this file instead of stderr");
  app.add_option("--log-level", log_level, "overrides log.level");
  app.set_version_flag("--version", program + " " + CEDU_VERSION);
  CLI11_PARSE(app, argc, argv);

  config::Deployment deployment;
  std::unique_ptr<evaluation::StandardCatalogue> catalogue;
  try {
    deployment = config_path.empty() ? config::default_deployment()
                                     : config::load_deployment(config_path);
    catalogue = std::make_unique<evaluation::StandardCatalogue>(
        evaluation::StandardCatalogue::load_dir(standards_dir));
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
  auto options = service_options_from(deployment, "evaluation");
  if (!options.ok()) {
    spdlog::critical("cannot start: {}", options.status().to_string());
    return 2;
  }
  if (threads > 0) options->threads = static_cast<std::uint32_t>(threads);
  options->version = CEDU_VERSION;

  try {
    Service service(*options);
    evaluation::serve_evaluation(service, *catalogue);
    spdlog::info("{} serving evaluation on {} ({} standards from {})", program,
                 options->endpoint, catalogue->all().size(), standards_dir);
    return service.run();
  } catch (const std::exception& e) {
    spdlog::critical("cannot start: {}", e.what());
    return 1;
  }
}
