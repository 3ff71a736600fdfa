// Domain: what the teacher methods beyond the library core share — the library (records,
// lock, database) and the district network — and the table of those methods. Each method
// is a plain function of (Domain&, Request), so tests call them without a bus.
// Thread-safety: the methods run on several handler threads at once; everything they
// touch in SQLite is behind the library's lock, the network is immutable.
#pragma once

#include <memory>
#include <optional>
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

// The slug of the town written `text` (its slug or Chinese name: "nancun", "南村镇").
inline std::optional<std::string> town_slug(const config::Network& network, std::string_view text) {
  for (const auto& t : network.towns) {
    if (t.slug == text || t.name == text) return t.slug;
  }
  return std::nullopt;
}

// Every domain method by its name without the service prefix ("add_training").
const std::vector<std::pair<std::string_view, Method>>& domain_methods();

}  // namespace cedu::teacher
