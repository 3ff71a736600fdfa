// Units: who holds and spends community-education funds — the district centre (区社区学院,
// unit id: the district's slug, "panyu"), its towns and streets (镇街, by slug) and their
// village and community stations (村居辅导站, by id) — taken from configs/network.yaml,
// with the residents each town's and the district's figures are measured against.
// Thread-safety: immutable after construction; read from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/config/network.h"
#include "common/result.h"

namespace cedu::funding {

enum class Level { kDistrict, kTown, kStation };

struct Unit {
  std::string id;    // "panyu", "nancun", "nancun-01"
  std::string name;  // 番禺区社区学院, 南村镇, 南村村
  Level level = Level::kDistrict;
  std::string town;  // the town slug it belongs to (itself for a town); empty for the district
};

class Units {
 public:
  explicit Units(std::shared_ptr<const config::Network> network);

  // The unit written `text`: its id, or the Chinese name of the district centre or of a
  // town. INVALID_ARGUMENT naming `field` when there is none.
  Result<Unit> resolve(std::string_view text, const std::string& field) const;
  std::optional<Unit> find(std::string_view id) const;
  // The unit a disbursement to `unit` comes from: the district centre for a town, the
  // town for a station; nullopt for the district centre.
  std::optional<Unit> parent(const Unit& unit) const;

  const Unit& district() const { return district_; }
  const config::Network& network() const { return *network_; }
  // Display name of unit `id`; the id itself when unknown.
  std::string name_of(std::string_view id) const;

 private:
  std::shared_ptr<const config::Network> network_;
  Unit district_;
};

std::string_view level_name(Level level);  // "district", "town", "station"

}  // namespace cedu::funding
