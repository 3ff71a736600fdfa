#include "plugins/host/towns_config.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "common/config/error.h"
#include "common/config/network.h"
#include "common/config/reader.h"
#include "plugins/host/yaml_msgpack.h"

namespace cedu::plugins {

std::vector<TownPluginEntry> parse_town_file(const std::string& text, const std::string& file,
                                             const std::function<bool(std::string_view)>& is_town) {
  const std::string town = std::filesystem::path(file).stem().string();
  config::Reader root = config::Reader::from_string(text, file);
  if (!config::valid_slug(town) || (is_town && !is_town(town))) {
    throw config::ConfigError(file, 1, "",
                              "'" + town + "' is not a town of the network: a town's plugin "
                              "file is named after its slug (configs/towns/nancun.yaml)");
  }
  std::vector<TownPluginEntry> out;
  std::set<std::string> seen;
  for (const config::Reader& item : root.list("plugins")) {
    TownPluginEntry e;
    e.town = town;
    e.file = file;
    e.plugin = item.required<std::string>("name");
    if (!config::valid_slug(e.plugin)) {
      item.fail("name", "'" + e.plugin + "' is not a plugin name ([a-z][a-z0-9-]*)");
    }
    if (!seen.insert(e.plugin).second) item.fail("name", "plugin '" + e.plugin + "' is listed twice");
    e.enabled = item.optional<bool>("enabled", true);
    e.isolate = item.optional<bool>("isolate", false);
    e.isolate_line = item.has("isolate") ? item.line_of("isolate") : item.line();
    e.key_path = item.path_of("config");
    e.line = item.line();
    if (auto block = item.maybe_child("config")) {
      // The block is the plugin's to validate (its config check); the host only carries it.
      e.config_node.reset(block->node());
      e.config = yaml_to_msgpack(block->node());
      e.line = item.line_of("config");
    } else {
      e.config = yaml_to_msgpack(YAML::Node());
    }
    item.finish();
    out.push_back(std::move(e));
  }
  root.finish();
  return out;
}

std::set<std::string> isolated_plugins(const TownsConfig& config) {
  std::set<std::string> out;
  for (const TownPluginEntry& e : config.entries) {
    if (e.isolate) out.insert(e.plugin);
  }
  for (const TownPluginEntry& e : config.entries) {
    if (e.isolate || out.count(e.plugin) == 0) continue;
    const auto first = std::find_if(config.entries.begin(), config.entries.end(),
                                    [&e](const TownPluginEntry& o) { return o.isolate && o.plugin == e.plugin; });
    throw config::ConfigError(e.file, e.isolate_line, e.key_path.substr(0, e.key_path.rfind('.')) + ".isolate",
                              "plugin " + e.plugin + " is isolate: true in " + first->file + ":" +
                                  std::to_string(first->isolate_line) +
                                  "; one process runs it for every town, so mark it alike in every town's file");
  }
  return out;
}

TownsConfig load_towns_config(const std::string& dir,
                              const std::function<bool(std::string_view)>& is_town) {
  TownsConfig config;
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".yaml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path);
    if (!in) throw config::ConfigError(path.string(), 0, "", "cannot open");
    std::stringstream text;
    text << in.rdbuf();
    auto entries = parse_town_file(text.str(), path.string(), is_town);
    config.entries.insert(config.entries.end(), entries.begin(), entries.end());
  }
  return config;
}

}  // namespace cedu::plugins
