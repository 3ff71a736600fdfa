#include "cli/child_plan.h"

#include <filesystem>

namespace cedu::cli {

Result<std::vector<ChildSpec>> plan_children(const PlanInput& input,
                                             const ExecutableFinder& find) {
  const config::Deployment& d = *input.deployment;
  std::vector<ChildSpec> children;
  std::vector<std::string> missing;
  auto log_path = [&](const std::string& process) {
    return (std::filesystem::path(d.log.dir) / (process + ".log")).string();
  };
  auto config_args = [&](std::vector<std::string>& argv) {
    if (!input.config_path.empty()) {
      argv.push_back("--config");
      argv.push_back(input.config_path);
    }
  };

  if (auto bus = find("cedu-bus")) {
    ChildSpec broker{"cedu-bus", {*bus}, log_path("cedu-bus"), true};
    config_args(broker.argv);
    if (!input.endpoint_file.empty()) {
      broker.argv.push_back("--endpoint-file");
      broker.argv.push_back(input.endpoint_file);
    }
    children.push_back(std::move(broker));
  } else {
    missing.push_back("cedu-bus");
  }

  for (const auto& service : d.services) {
    std::string program = "cedu-" + service.name;
    auto path = find(program);
    if (!path) {
      missing.push_back(program);
      continue;
    }
    for (int i = 1; i <= service.instances; ++i) {
      std::string process = program + "-" + std::to_string(i);
      ChildSpec child{process, {*path}, log_path(process), false};
      config_args(child.argv);
      children.push_back(std::move(child));
    }
  }

  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    return Status::not_found("cannot find " + list +
                             " next to the cedu executable or on PATH");
  }
  return children;
}

}  // namespace cedu::cli
