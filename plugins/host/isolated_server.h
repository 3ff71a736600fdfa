// isolated_server: the cedu-plugin-host side of isolation — serves one plugin, loaded in
// this process by a PluginHost restricted to it (HostOptions::only), on the bus as
// plugin-<service>-<plugin> (isolation_wire.h), and writes the describe file the service
// reads at start (remote_plugin.h).
// Thread-safety: start-up only; the handlers it installs are thread-safe.
#pragma once

#include <string>

#include "bus/runtime/service.h"
#include "common/status.h"
#include "plugins/host/plugin_host.h"

namespace cedu::plugins {

// Writes what the service needs to know of plugin `name` to `path`: its description and
// what it registered, or why it is refused, or (`config_error`) the towns file's error.
Status write_describe_file(const std::string& path, PluginHost* host, const std::string& name,
                           const std::string& config_error_file = {}, int config_error_line = 0,
                           const std::string& config_error_key = {},
                           const std::string& config_error_problem = {});

// Registers validate, observe, call_method, indicator and config_check on `service` for
// plugin `p`. With `caller` non-empty only that principal (service:<service>, stamped by
// a CURVE broker) may call them: nobody else may make the plugin write or answer.
void serve_isolated(LoadedPlugin& p, Service& service, std::string caller);

}  // namespace cedu::plugins
