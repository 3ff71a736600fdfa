// `cedu demo seed`: the synthetic funding year (funding_plan.h) posted to cedu-funding —
// budgets, then disbursements, their receipts and the expenditures, pipelined. A year that
// has entries already is left as it is, so seeding twice posts nothing the second time.
// Thread-safety: uses the caller's Client (one thread).
#pragma once

#include <string>

#include "bus/client/client.h"
#include "cli/context.h"
#include "common/config/network.h"

namespace cedu::cli::demo {

// Returns a summary ("2020: 893 budgets, …; 13 of 16 towns at 4 yuan per resident") or the
// first error.
Result<std::string> seed_funding(Client& client, const Context& context,
                                 const config::Network& network);

}  // namespace cedu::cli::demo
