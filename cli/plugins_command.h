// `cedu plugins`: the town-school plugins of every running library service (teacher,
// volunteer, course, project) — <service>.plugins — as a table or JSON; and
// `cedu plugins enable|disable NAME --town T [--service S]`, which switches a plugin for a
// town at run time (<service>.plugins_enable|plugins_disable; district-admin only). Without
// --service the command finds the library whose plugin NAME is.
// Thread-safety: run from the main thread.
#pragma once

#include <string>

#include "cli/context.h"
#include "cli/json_msgpack.h"

namespace cedu::cli {

struct PluginsArgs {
  bool json = false;      // list: JSON instead of a table
  std::string name;       // enable/disable: the plugin
  std::string town;       // its slug or Chinese name
  std::string service;    // empty: find it
};

// Lists the plugins; kExitFailed when a running library did not answer.
int run_plugins_list(const Context& context, const PluginsArgs& args);
// Switches NAME on (`enable`) or off for --town; prints the service's reply as JSON.
int run_plugins_switch(const Context& context, const PluginsArgs& args, bool enable);

// The table of `listing`: {"course": <course.plugins reply>, ...}. One row per plugin.
std::string render_plugins_table(const Json& listing);

}  // namespace cedu::cli
