// plugin_glue: how a library service takes in its town-school plugins (plugins/host). The
// plugin host knows the bus runtime but not records; this is the one place that knows
// both: the schema grows by the plugins' extra fields, every write is checked by the
// plugins of the record's town, every event the library publishes is shown to their
// observers, and the plugins may call other services through the library's PeerCalls.
// Thread-safety: start-up only (main thread); the hooks it installs are thread-safe.
#pragma once

#include <string>
#include <vector>

#include "plugins/host/plugin_host.h"
#include "services/library/library.h"
#include "services/library/peer_calls.h"

namespace cedu::library {

// The names a plugin may not take for an extra field: the core keys and `spec`'s fields.
std::vector<std::string> reserved_field_names(const LibrarySpec& spec);

// `spec` with the extra fields of `host`'s loaded plugins appended (optional, filterable,
// not searchable: the search index's columns stay the library's own).
LibrarySpec with_plugin_fields(const LibrarySpec& spec, const plugins::PluginHost& host);

// Installs the write check and event tap on `library`, the bus calls of the plugins, and
// serves the plugins' methods and plugins/plugins_enable/plugins_disable on `service`.
// REQUIRES: `host`, `library` and `peers` outlive `service`'s run().
void attach_plugins(plugins::PluginHost& host, Library& library, Service& service, PeerCalls& peers);

}  // namespace cedu::library
