// places_from: the Places a Library checks and resolves towns and stations with, taken
// from the district network (configs/network.yaml). Staff write towns and stations by
// Chinese name (南村镇, 南村村) or by id (nancun, nancun-01); records store the ids.
// Thread-safety: the returned functions only read the shared, immutable Network.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/config/network.h"
#include "common/msgpack/builder.h"
#include "services/library/library.h"

namespace cedu::library {

Places places_from(std::shared_ptr<const config::Network> network);

// The slug of the town of `network` written `text` (its slug or Chinese name: "nancun",
// "南村镇"); nullopt when there is none.
std::optional<std::string> town_slug(const config::Network& network, std::string_view text);

// Sets `key` of a reply to a town slug or station id, or to nil when `id` is empty (a
// figure not limited to one town or station).
void set_place(mp::MapBuilder& reply, std::string_view key, const std::string& id);

}  // namespace cedu::library
