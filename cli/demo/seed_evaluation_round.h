// One demo evaluation round (evaluation_plan.h's DemoRound) taken to published over the
// bus, from wherever a previous run left it: found by name and year (evaluation.round_list,
// so also a round a stopped run opened before its first part), else created; in draft every part entered (the
// district's automatic leaves gathered by the service) and the deadline set; advanced to
// publication (公示), where one objection is lodged and dismissed; published; one
// rectification task (整改) set. A round already published with its task is unchanged.
// Thread-safety: uses the caller's Client (one thread).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "bus/client/client.h"
#include "cli/context.h"
#include "cli/demo/evaluation_plan.h"

namespace cedu::cli::demo {

struct RoundOutcome {
  std::int64_t round_id = 0;
  bool unchanged = false;  // published with its task before this run
};

// `organisations`: network id (town slug / station id) → organisation id.
// `leaves`: the round's standard, for the evidence its leaves require.
Result<RoundOutcome> seed_round(Client& client, const Context& context, int year,
                                const DemoRound& round, const std::vector<DemoLeaf>& leaves,
                                const std::map<std::string, std::int64_t>& organisations);

}  // namespace cedu::cli::demo
