// TownsConfig: configs/towns/<town>.yaml — which plugins each town school switches on and
// each one's config block:
//
//   plugins:
//     - name: shawan-heritage      # a plugin name, [a-z][a-z0-9-]*
//       enabled: true              # optional, default true; false keeps the config, off
//       isolate: true              # optional, default false: run it in its own
//                                  # cedu-plugin-host process (isolation.h)
//       config:                    # optional map, handed to the plugin as MessagePack
//         heritage_items: [沙湾飘色, 广东音乐]
//
// The file's name is the town's slug and must be a town of the network. Validated at load
// like every cedu config: an unknown key, a wrong type, a bad or repeated plugin name, an
// unknown town stops start-up with "file:line: key: what is wrong".
// Thread-safety: plain values after load.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace cedu::plugins {

struct TownPluginEntry {
  std::string town;      // slug, from the file name
  std::string plugin;    // name
  bool enabled = true;
  bool isolate = false;
  int isolate_line = 0;  // line of `isolate:` (or of the entry when absent)
  std::string config;    // MessagePack map (empty map when absent)
  YAML::Node config_node;  // for line numbers of errors inside the block
  std::string file;      // the file it came from
  std::string key_path;  // "plugins[0].config"
  int line = 0;          // line of the entry's config block (or of the entry)
};

struct TownsConfig {
  std::vector<TownPluginEntry> entries;  // files in name order, entries in file order
};

// Loads every *.yaml file of `dir` (an absent directory is an empty config). `is_town`
// says whether a slug names a town of the network. Throws config::ConfigError.
TownsConfig load_towns_config(const std::string& dir,
                              const std::function<bool(std::string_view)>& is_town);
// The plugins some town marks `isolate: true`. Isolation is a property of the plugin, not
// of a town (one process serves them all), so a plugin marked in one town's file and
// `isolate: false` in another's is an error naming the second: "file:line:
// plugins[0].isolate: …". Throws config::ConfigError.
std::set<std::string> isolated_plugins(const TownsConfig& config);
// Parses one file's text; `file` names it in errors and gives the town (its stem).
std::vector<TownPluginEntry> parse_town_file(const std::string& text, const std::string& file,
                                             const std::function<bool(std::string_view)>& is_town);

}  // namespace cedu::plugins
