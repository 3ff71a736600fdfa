// The demo data and the towns' plugins: when the running course library has shawan-heritage
// on for Shawan (configs/towns/shawan.yaml), Shawan's demo local-specialty courses name the
// heritage item they teach (非遗项目), and those whose topic is not on Shawan's list count
// as culture courses — so the seed passes the town's own rule.
// Thread-safety: run from the main thread.
#pragma once

#include "bus/client/client.h"
#include "cli/context.h"
#include "common/config/network.h"
#include "common/tabular/csv_writer.h"

namespace cedu::cli::demo {

// Adjusts the course table in place; leaves it as it is when the plugin is not on (or the
// library cannot say).
void follow_town_plugins(Client& client, const Context& context, const config::Network& network,
                         tabular::TextTable& courses);

}  // namespace cedu::cli::demo
