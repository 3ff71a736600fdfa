// `cedu demo seed`: the synthetic evaluation year (evaluation_plan.h) entered into
// cedu-evaluation — the communities, families and associations (found by type, town and
// name: created once), the residents of every station, then the station round and the
// town round (seed_evaluation_round.h) each taken to published. Found again by name and
// year, a published round is left as it is, so seeding twice creates nothing.
// Needs cedu-evaluation and the services its automatic indicators come from (the four
// libraries and cedu-funding) on the bus.
// Thread-safety: uses the caller's Client (one thread).
#pragma once

#include <string>

#include "bus/client/client.h"
#include "cli/context.h"
#include "common/config/network.h"

namespace cedu::cli::demo {

// The services whose figures the demo rounds gather (besides evaluation itself).
inline constexpr const char* kEvaluationFactServices[] = {"teacher", "volunteer", "course",
                                                          "project", "funding"};

// Returns a summary ("2020: 112 organisations — 112 created, 0 unchanged; …") or the first
// error.
Result<std::string> seed_evaluation(Client& client, const Context& context,
                                    const config::Network& network);

}  // namespace cedu::cli::demo
