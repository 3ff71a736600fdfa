// PluginHost: the town-school plugins of one library service, loaded in process. At start
// it reads configs/towns/*.yaml, then dlopens every *.so of the plugin directory and, for
// each, checks the file (owner, mode), resolves the entry points, reads the description,
// checks the API version (refuses another major or a newer minor), the target service and
// the dependencies, lets the plugin register (load), applies its storage steps and checks
// each town's config block. A refused plugin stays listed with the reason; it never runs.
//
// At run time the library asks it to check writes (validators, and that extra fields are
// set only for towns that enable their plugin), tells it the events it publishes
// (observers), and serves the plugins' extra methods plus <service>.plugins,
// plugins_enable and plugins_disable on the service. A plugin acts only for the towns that
// enable it (Enablement).
//
// Thread-safety: start() and serve() run on the main thread before the service runs;
// everything else is thread-safe and may run on any handler thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "bus/runtime/service.h"
#include "common/result.h"
#include "plugins/host/enablement.h"
#include "plugins/host/loaded_plugin.h"
#include "plugins/host/remote_plugin.h"
#include "plugins/host/towns_config.h"

namespace cedu::plugins {

struct HostOptions {
  std::string service;      // the library it serves: "course"
  std::string plugin_dir;   // where the *.so files are
  std::string towns_dir;    // configs/towns
  std::string database;     // the service's SQLite file (run-time switches)
  std::string storage_dir;  // plugins' own databases: <storage_dir>/<plugin>.db
  // Whether a slug names a town of the network, and the slug of a town written as its
  // slug or Chinese name (nullopt when there is none).
  std::function<bool(std::string_view)> is_town;
  std::function<std::optional<std::string>(std::string_view)> town_slug;
  std::chrono::milliseconds refresh{1000};  // see Enablement
  // Names an extra field may not take: the library's own fields and core keys.
  std::vector<std::string> reserved_fields;
  // After this many failed callbacks in a row a plugin is disabled for every town until a
  // district admin switches it on again for some town (plugins_enable); 0: never.
  std::uint32_t max_consecutive_failures = 5;
  // Isolation. In a library service: how to run the plugins a towns file marks `isolate:
  // true` (an empty program runs them in process like the others, with a warning). In a
  // cedu-plugin-host: `only` is the one plugin it serves — only <plugin_dir>/<only>.so is
  // loaded, in process, whatever the towns say.
  IsolationOptions isolation;
  std::string only;
  // Further arguments of cedu-plugin-host that only the service knows (its network file).
  std::vector<std::string> host_args;
};

// A call over the bus on a plugin's behalf: packed params in, the packed reply out.
using BusCall = std::function<Result<std::string>(
    std::string_view service, std::string_view method, std::string_view params,
    std::chrono::steady_clock::time_point deadline)>;

// Publishes <service>.<event> with a packed payload (the service's publish).
using Publish = std::function<void(std::string_view event, std::string payload)>;

struct ExtraField {
  std::string plugin;
  FieldEntry field;
};

// Where a plugin's default directory is for a program at `program_path` (argv[0] or
// /proc/self/exe): <prefix>/lib/cedu/plugins beside <prefix>/bin, so the build tree
// (build/bin → build/lib/cedu/plugins) and an install (/usr/bin → /usr/lib/cedu/plugins)
// both work.
std::string default_plugin_dir(const std::string& program_path);
// The cedu-plugin-host beside the running program (build/bin, /usr/bin); empty when there
// is none, so isolated plugins cannot run isolated (PluginHost warns).
std::string host_program(const std::string& program_path);

// " (disabled after N consecutive failures; last: …)" iff `p` was disabled automatically,
// else empty: what a refusal adds so the caller knows why a plugin does not answer.
std::string disabled_note(LoadedPlugin& p);

class PluginHost {
 public:
  // Throws config::ConfigError for a bad towns file or a town config a plugin rejects
  // ("file:line: plugins[0].config.heritage_items: …"), std::runtime_error when the
  // database cannot be opened. Plugin refusals are not errors: see list().
  static std::unique_ptr<PluginHost> start(HostOptions options);
  ~PluginHost();  // unloads every plugin (reverse load order), then dlcloses
  PluginHost(const PluginHost&) = delete;
  PluginHost& operator=(const PluginHost&) = delete;

  const HostOptions& options() const { return options_; }
  // The extra fields of the loaded plugins, in load order.
  std::vector<ExtraField> fields() const;
  // True iff at least one plugin is loaded (the library's hooks do nothing otherwise).
  bool active() const { return active_; }
  void set_bus(BusCall call) { bus_ = std::move(call); }
  // Where plugin_disabled goes; unset, the host only logs it.
  void set_publisher(Publish publish) { publish_ = std::move(publish); }

  // Before a write of a record of `resource` in `town`: each changed extra field must
  // belong to a plugin the town enables, then each enabled plugin's validators run.
  // `before` is empty for a create. A rejection is the plugin's code (INVALID_ARGUMENT or
  // FAILED_PRECONDITION) with "plugin <name>: <message>" and its field; a plugin failure
  // is INTERNAL.
  Status check_write(std::string_view resource, std::string_view town, std::string_view principal,
                     std::string_view method, std::string_view before, std::string_view after,
                     const std::vector<std::string>& changed_fields,
                     std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt);
  // After an event: the observers of the plugins `town` enables whose prefix matches.
  void notify(std::string_view topic, std::string_view town, std::string_view payload);
  // An indicator for a town (and station, or empty) and year. NOT_FOUND for an unknown
  // name, FAILED_PRECONDITION when its plugin is not enabled for the town.
  Result<double> indicator(std::string_view name, std::string_view town,
                           std::string_view station, int year);

  // Registers the plugins' extra methods and plugins, plugins_enable, plugins_disable on
  // `service`. A plugin whose method clashes with one already served is refused.
  void serve(Service& service);

  // <service>.plugins: every plugin, loaded or refused, with its towns and counters.
  std::string list_bytes();
  // Switches `plugin` on or off for `town` (slug or Chinese name) and persists it. Switching
  // on also lifts an automatic disabling (failure_guard.cpp).
  // NOT_FOUND (field "name") for an unknown plugin, FAILED_PRECONDITION for a refused one or
  // a town config the plugin rejects, INVALID_ARGUMENT (field "town") for an unknown town.
  Status set_enabled(std::string_view plugin, std::string_view town, bool enabled,
                     const std::string& principal);
  // Runs an extra method of a plugin for `town` (already resolved) — what serve() wires.
  Result<std::string> invoke(LoadedPlugin& plugin, const MethodEntry& method,
                             const std::string& town, const Request& request);

  // For the C host table (host_table.cpp).
  const BusCall& bus() const { return bus_; }
  std::string config_of(const LoadedPlugin& plugin, std::string_view town);
  LoadedPlugin* find(std::string_view name);

 private:
  explicit PluginHost(HostOptions options) : options_(std::move(options)) {}
  void load_all(const std::set<std::string>& isolated);
  // The arguments every run of an isolated plugin's cedu-plugin-host gets.
  std::vector<std::string> host_arguments(const std::string& plugin) const;
  void open_and_describe(LoadedPlugin& p);
  void resolve_dependencies();
  void load_one(LoadedPlugin& p);
  void check_names(LoadedPlugin& p);  // refuses `p` if a method or field name is taken
  void open_storage(LoadedPlugin& p);
  void apply_towns(const TownsConfig& towns);
  // Calls the plugin's config check on `config` for `town`; OK without a check.
  Status check_config(LoadedPlugin& p, const std::string& town, const std::string& config);
  void drop(LoadedPlugin& p, std::string why);  // refuse after load: unload, forget hooks
  Result<std::string> town_of(const Request& request) const;
  // Whether `p` acts for `town`: not refused, not disabled after failures, enabled there.
  bool acts_for(const LoadedPlugin& p, std::string_view town) const;
  // The outcome of one callback of `p` (failure_guard.cpp): a success (or a rejection)
  // ends a run of failures; a failure counts, and the one that reaches
  // max_consecutive_failures disables the plugin and publishes plugin_disabled.
  void succeeded(LoadedPlugin& p);
  void failed(LoadedPlugin& p, std::string_view what, const std::string& message);

  HostOptions options_;
  std::unique_ptr<Enablement> enablement_;
  std::vector<std::unique_ptr<LoadedPlugin>> plugins_;  // this service's, in load order
  BusCall bus_;
  Publish publish_;
  bool active_ = false;  // fixed after start()
};

}  // namespace cedu::plugins
