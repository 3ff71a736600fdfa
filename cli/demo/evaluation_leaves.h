// The leaves of a standard as `evaluation.standards {standard}` answers them (its `tree`,
// docs/evaluation.md), in the shape the demo's evaluation plan takes (evaluation_plan.h).
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "bus/client/client.h"
#include "cli/context.h"
#include "cli/demo/evaluation_plan.h"

namespace cedu::cli::demo {

// Every leaf of `tree` (an array of indicators), depth first in the tree's order.
Result<std::vector<DemoLeaf>> leaves_of(const msgpack::object& tree);

// Asks evaluation.standards for the newest version of `standard` and returns its leaves.
Result<std::vector<DemoLeaf>> standard_leaves(Client& client, const Context& context,
                                              const std::string& standard);

}  // namespace cedu::cli::demo
