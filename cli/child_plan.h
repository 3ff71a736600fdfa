// The processes `cedu up` runs for a deployment: the broker `cedu-bus` and, for every
// configured service, `instances` copies of `cedu-<name>`, each with its log file
// `<log.dir>/<process>.log` (cedu-bus.log, cedu-course-1.log, …).
// Thread-safety: pure functions.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "cli/launcher.h"
#include "common/config/deployment.h"
#include "common/result.h"

namespace cedu::cli {

// Finds an executable by name ("cedu-course"); nullopt when there is none.
using ExecutableFinder = std::function<std::optional<std::string>(const std::string&)>;

struct PlanInput {
  const config::Deployment* deployment = nullptr;
  std::string config_path;    // passed on as --config; empty: children use their defaults
  std::string endpoint_file;  // where cedu-bus writes the endpoint it bound
};

// Returns the children, the broker first, or NOT_FOUND naming every executable that
// `find` cannot locate.
Result<std::vector<ChildSpec>> plan_children(const PlanInput& input,
                                             const ExecutableFinder& find);

}  // namespace cedu::cli
