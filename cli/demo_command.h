// `cedu demo seed [--scale S] [--network FILE]`: loads deterministic, clearly labelled
// synthetic demo data for the district of configs/network.yaml (Panyu: 16 towns, 336
// stations) into the running resource libraries — at scale 1: 300 teachers, 1,700
// volunteers, 1,200 courses of all six categories (about a third published with sessions),
// 100 projects (≥ 10 established activity brands). Running it again changes nothing.
// See cli/demo/seed.h for how; exit 0 iff every library was seeded, 1 otherwise (the
// libraries whose service is not running are named), 2 for bad options or network file.
// Thread-safety: run from the main thread.
#pragma once

#include <string>

#include "cli/context.h"

namespace cedu::cli {

struct DemoArgs {
  double scale = 1.0;          // 0 < scale <= 10
  std::string network_path;    // empty: configs/network.yaml
  int wait_seconds = 0;        // > 0: first wait up to this long for the four libraries
};

int run_demo_seed(const Context& context, const DemoArgs& args);

}  // namespace cedu::cli
