// Domain: what the teacher methods beyond the library core share — the library (records,
// lock, database) and the district network — and the table of those methods. Each method
// is a plain function of (Domain&, Request), so tests call them without a bus.
// Thread-safety: the methods run on several handler threads at once; everything they
// touch in SQLite is behind the library's lock, the network is immutable.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/config/network.h"
#include "services/library/library.h"

namespace cedu::teacher {

struct Domain {
  library::Library& library;
  std::shared_ptr<const config::Network> network;
};

using Method = Result<std::string> (*)(Domain&, const Request&);

// Every domain method by its name without the service prefix ("add_training").
const std::vector<std::pair<std::string_view, Method>>& domain_methods();

}  // namespace cedu::teacher
