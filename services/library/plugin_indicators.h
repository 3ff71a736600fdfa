// The bus method through which other services read the indicators a library's town-school
// plugins register (docs/plugins.md: `add_indicator`; the nancun-indicators plugin of the
// course library) — the evaluation service takes them as facts
// (`fact: plugin:<service>:<indicator>`, docs/evaluation.md):
//   <lib>.indicator {name, town, station?, year} → {name, town, station | nil, year, value}
// `town` is a slug or Chinese name, `station` an id or name of that town. Errors: NOT_FOUND
// params.name (no plugin of the library provides it), FAILED_PRECONDITION params.town (its
// plugin is not enabled for the town, or was disabled after failures), INVALID_ARGUMENT
// naming a bad param; the plugin's own failure as it reported it. `<lib>.plugins` lists the
// indicators of every plugin.
// Thread-safety: start-up only; the handler it installs is thread-safe (the host's).
#pragma once

#include "bus/runtime/service.h"
#include "plugins/host/plugin_host.h"
#include "services/library/library.h"

namespace cedu::library {

// Serves <lib>.indicator on `service`. REQUIRES: `host` outlives `service`'s run().
void serve_plugin_indicators(plugins::PluginHost& host, const Places& places, Service& service);

}  // namespace cedu::library
