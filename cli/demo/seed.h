// `cedu demo seed`: loads the deterministic demo data of Panyu (tables.h) into the four
// resource libraries over the bus, each library on its own:
//   1. skipped, and named, when its service has no worker on the bus;
//   2. its table sent to <lib>.import in chunks that fit a bus message — first every chunk
//      as a dry run, then, only if none refused a row, for real (all-or-nothing per chunk):
//      a bad table leaves the library as it was;
//   3. courses: the chosen drafts get their missing sessions and are published;
//      projects: each is moved along its steps from where it stands;
//   4. its count of records.
// Natural keys (phone; title per town) make a second run change nothing: it reports the
// rows as unchanged and the same totals.
// Then the funding year (seed_funding.h) and the evaluation year (seed_evaluation.h), each
// skipped, and said so, when the services it needs are not running.
// Thread-safety: uses the caller's Client (one thread).
#pragma once

#include <ostream>

#include "bus/client/client.h"
#include "cli/context.h"
#include "common/config/network.h"

namespace cedu::cli::demo {

// Seeds every library that runs; one line (or a few) per library to `out`, problems to
// `err`. Returns 0 iff all four libraries were seeded completely and the funding and
// evaluation years were loaded where their services run, else 1.
int seed_demo(Client& client, const Context& context, const config::Network& network,
              double scale, std::ostream& out, std::ostream& err);

}  // namespace cedu::cli::demo
