// Domain: what the volunteer methods beyond the library core share — the library (its
// records, lock and database), the district network, the volunteer config and a way to
// publish volunteer.* events — and the table of those methods. Each method is a plain
// function of (Domain&, Request), so tests call them without a bus.
// Thread-safety: the methods run on several handler threads at once; everything they
// touch in SQLite is behind the library's lock, the rest is immutable.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/config/network.h"
#include "services/library/library.h"
#include "services/volunteer/volunteer_config.h"

namespace cedu::volunteer {

struct Domain {
  library::Library& library;
  std::shared_ptr<const config::Network> network;
  VolunteerConfig config;
  // Publishes volunteer.<event> with a packed payload; empty in tests without a bus.
  std::function<void(std::string_view event, std::string payload)> publish;
};

using Method = Result<std::string> (*)(Domain&, const Request&);

// Every domain method by its name without the service prefix ("log_hours").
const std::vector<std::pair<std::string_view, Method>>& domain_methods();

}  // namespace cedu::volunteer
