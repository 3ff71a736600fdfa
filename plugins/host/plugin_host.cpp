#include "plugins/host/plugin_host.h"

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <set>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "common/config/error.h"
#include "common/config/network.h"
#include "common/sqlite/migrations.h"
#include "plugins/host/host_table.h"
#include "plugins/host/plugin_file.h"
#include "plugins/host/yaml_msgpack.h"

namespace cedu::plugins {
namespace {

std::string text(const char* s) { return s == nullptr ? std::string() : std::string(s); }

std::string api_text(std::uint32_t major, std::uint32_t minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

// The context a callback receives; the strings it points into outlive the call.
cedu_context context_of(const std::string& town, std::string_view principal, std::string_view method,
                        const std::string& config, cedu_call* call) {
  cedu_context c{};
  c.struct_size = sizeof(cedu_context);
  c.town = {town.data(), town.size()};
  c.principal = {principal.data(), principal.size()};
  c.method = {method.data(), method.size()};
  c.config = {config.data(), config.size()};
  c.call = call;
  return c;
}

std::string call_message(const cedu_call& call) {
  return call.message.empty() ? std::string("no reason given") : call.message;
}

}  // namespace

std::string default_plugin_dir(const std::string& program_path) {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::canonical("/proc/self/exe", ec);
  if (ec) exe = std::filesystem::absolute(program_path, ec);
  return (exe.parent_path().parent_path() / "lib" / "cedu" / "plugins").string();
}

std::string host_program(const std::string& program_path) {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::canonical("/proc/self/exe", ec);
  if (ec) exe = std::filesystem::absolute(program_path, ec);
  const std::filesystem::path host = exe.parent_path() / "cedu-plugin-host";
  return std::filesystem::exists(host, ec) ? host.string() : std::string();
}

std::unique_ptr<PluginHost> PluginHost::start(HostOptions options) {
  std::unique_ptr<PluginHost> host(new PluginHost(std::move(options)));
  auto enablement = Enablement::open(host->options_.database, host->options_.refresh);
  if (!enablement.ok()) {
    throw std::runtime_error("plugins: " + enablement.status().to_string());
  }
  host->enablement_ = std::move(enablement).value();
  // The towns' files first: a bad one stops start-up before any plugin code runs.
  TownsConfig towns = load_towns_config(host->options_.towns_dir, host->options_.is_town);
  std::set<std::string> isolated;
  if (host->options_.only.empty()) isolated = isolated_plugins(towns);
  if (!isolated.empty() && host->options_.isolation.program.empty()) {
    spdlog::warn("plugins: no cedu-plugin-host program: isolated plugins run in process");
    isolated.clear();
  }
  host->load_all(isolated);
  host->apply_towns(towns);
  for (const auto& p : host->plugins_) {
    if (!p->refused && p->remote) p->remote->start();
  }
  return host;
}

PluginHost::~PluginHost() {
  for (auto it = plugins_.rbegin(); it != plugins_.rend(); ++it) {
    LoadedPlugin& p = **it;
    if (!p.refused && p.unload != nullptr) p.unload();
    std::lock_guard<std::mutex> lock(p.storage_mutex);
    p.storage.reset();
  }
  plugins_.clear();  // dlclose
}

std::vector<std::string> PluginHost::host_arguments(const std::string& plugin) const {
  std::vector<std::string> args = {"--service", options_.service, "--plugin", plugin,
                                   "--plugin-dir", options_.plugin_dir, "--towns-dir", options_.towns_dir,
                                   "--storage-dir", options_.storage_dir};
  args.insert(args.end(), options_.host_args.begin(), options_.host_args.end());
  return args;
}

void PluginHost::load_all(const std::set<std::string>& isolated) {
  for (const std::string& file : plugin_files(options_.plugin_dir)) {
    auto p = std::make_unique<LoadedPlugin>();
    p->file = file;
    p->info.name = std::filesystem::path(file).stem().string();
    p->handle = cedu_host{this, p.get()};
    // A host process loads its one plugin and nothing else; a service never dlopens an
    // isolated plugin (a crash in its constructors would be the service's): the file's
    // stem is its name (cedu_add_plugin makes <name>.so).
    if (!options_.only.empty() && p->info.name != options_.only) continue;
    if (isolated.count(p->info.name) != 0) {
      if (Status s = check_plugin_file(p->file); !s.is_ok()) {
        p->refuse(s.message());
      } else {
        RemotePlugin::describe(*p, options_.service, options_.isolation, host_arguments(p->info.name),
                               options_.storage_dir);
      }
    } else {
      open_and_describe(*p);
    }
    if (!options_.only.empty() && !p->refused && !p->info.dependencies.empty()) {
      p->refuse("an isolated plugin runs alone in its cedu-plugin-host: it cannot depend on other plugins");
    }
    if (!p->refused && p->info.service != options_.service) {
      spdlog::debug("plugins: {} extends {}, not {}", file, p->info.service, options_.service);
      continue;  // another library's plugin: not ours to list
    }
    if (!p->refused && find(p->info.name) != nullptr) {
      p->refuse("another file already provides plugin " + p->info.name);
    }
    plugins_.push_back(std::move(p));
  }
  resolve_dependencies();
  // Dependencies first: repeat over the list, loading each plugin whose dependencies are
  // loaded, until nothing changes; what is left waits on a cycle.
  std::vector<std::unique_ptr<LoadedPlugin>> ordered;
  bool progress = true;
  while (progress) {
    progress = false;
    for (auto& p : plugins_) {
      if (!p || p->refused) continue;
      bool ready = std::all_of(p->info.dependencies.begin(), p->info.dependencies.end(),
                               [&](const Dependency& d) {
                                 return std::any_of(ordered.begin(), ordered.end(), [&](const auto& o) {
                                   return o->info.name == d.name && !o->refused;
                                 });
                               });
      if (!ready) continue;
      load_one(*p);
      ordered.push_back(std::move(p));
      progress = true;
    }
  }
  for (auto& p : plugins_) {
    if (!p) continue;
    if (!p->refused) {
      std::string why = "its dependencies form a cycle";
      for (const auto& d : p->info.dependencies) {
        const LoadedPlugin* dep = nullptr;
        for (const auto& o : ordered) {
          if (o->info.name == d.name) dep = o.get();
        }
        if (dep != nullptr && dep->refused) why = "needs plugin " + d.name + ", which was refused: " + dep->reason;
      }
      p->refuse(why);
    }
    ordered.push_back(std::move(p));
  }
  plugins_ = std::move(ordered);
  for (const auto& p : plugins_) {
    active_ = active_ || !p->refused;
    if (p->refused) {
      spdlog::warn("plugins: {} refused: {}", p->info.name, p->reason);
    } else {
      spdlog::info("plugins: {} {} loaded from {}", p->info.name, p->info.version.to_string(), p->file);
    }
  }
}

void PluginHost::open_and_describe(LoadedPlugin& p) {
  if (Status s = check_plugin_file(p.file); !s.is_ok()) return p.refuse(s.message());
  auto object = SharedObject::open(p.file);
  if (!object.ok()) return p.refuse(object.status().message());
  p.object = std::move(object).value();
  auto describe = p.object.symbol(CEDU_PLUGIN_DESCRIBE_SYMBOL);
  auto load = p.object.symbol(CEDU_PLUGIN_LOAD_SYMBOL);
  auto unload = p.object.symbol(CEDU_PLUGIN_UNLOAD_SYMBOL);
  for (const auto* r : {&describe, &load, &unload}) {
    if (!r->ok()) return p.refuse(r->status().message());
  }
  const auto* info = reinterpret_cast<cedu_plugin_describe_fn>(*describe)();
  // The first three members are the same in every version of the ABI.
  if (info == nullptr || info->struct_size < offsetof(cedu_plugin_info, dependency_count) + sizeof(uint32_t)) {
    if (info != nullptr && info->struct_size >= 3 * sizeof(uint32_t)) {
      p.info.api_major = info->api_major;
      p.info.api_minor = info->api_minor;
    }
    return p.refuse("its description is missing or too short");
  }
  p.info.api_major = info->api_major;
  p.info.api_minor = info->api_minor;
  if (info->api_major != CEDU_PLUGIN_API_MAJOR) {
    return p.refuse("built for plugin API " + api_text(info->api_major, info->api_minor) +
                    ", this host speaks " + api_text(CEDU_PLUGIN_API_MAJOR, CEDU_PLUGIN_API_MINOR) +
                    " (another major version)");
  }
  if (info->api_minor > CEDU_PLUGIN_API_MINOR) {
    return p.refuse("built for plugin API " + api_text(info->api_major, info->api_minor) +
                    ", newer than this host's " +
                    api_text(CEDU_PLUGIN_API_MAJOR, CEDU_PLUGIN_API_MINOR) + ": upgrade cedu");
  }
  if (!config::valid_slug(text(info->name))) {
    return p.refuse("its name '" + text(info->name) + "' is not [a-z][a-z0-9-]*");
  }
  p.info.name = text(info->name);
  auto version = Semver::parse(text(info->version));
  if (!version) return p.refuse("its version '" + text(info->version) + "' is not MAJOR.MINOR.PATCH");
  p.info.version = *version;
  p.info.service = text(info->service);
  p.info.author = text(info->author);
  p.info.description = text(info->description);
  for (std::uint32_t i = 0; i < info->dependency_count; ++i) {
    const cedu_dependency& d = info->dependencies[i];
    auto min = Semver::parse(text(d.min_version));
    if (!config::valid_slug(text(d.name)) || !min) {
      return p.refuse("dependency " + std::to_string(i) + " ('" + text(d.name) + "' " +
                      text(d.min_version) + ") is not a plugin name and MAJOR.MINOR.PATCH");
    }
    p.info.dependencies.push_back({text(d.name), *min});
  }
  // cedu_plugin_load is called later, in dependency order (load_one).
  p.unload = reinterpret_cast<cedu_plugin_unload_fn>(*unload);
}

void PluginHost::resolve_dependencies() {
  // Refusals spread: a plugin whose dependency is refused is refused too, until stable.
  bool changed = true;
  while (changed) {
    changed = false;
    for (auto& p : plugins_) {
      if (p->refused) continue;
      for (const Dependency& d : p->info.dependencies) {
        const LoadedPlugin* dep = find(d.name);
        std::string why;
        if (dep == nullptr) {
          why = "needs plugin " + d.name + " >= " + d.min_version.to_string() + ", which is not installed";
        } else if (dep->refused) {
          why = "needs plugin " + d.name + ", which was refused";
        } else if (dep->info.version < d.min_version) {
          why = "needs plugin " + d.name + " >= " + d.min_version.to_string() + ", installed is " +
                dep->info.version.to_string();
        }
        if (!why.empty()) {
          p->refuse(why);
          changed = true;
          break;
        }
      }
    }
  }
}

void PluginHost::load_one(LoadedPlugin& p) {
  if (p.remote) return check_names(p);  // its host loaded it and opened its storage
  auto load = p.object.symbol(CEDU_PLUGIN_LOAD_SYMBOL);
  if (!load.ok()) return p.refuse(load.status().message());
  cedu_call call;
  p.loading = true;
  const int code = reinterpret_cast<cedu_plugin_load_fn>(*load)(host_api(), &p.handle, &call);
  p.loading = false;
  if (code != CEDU_OK) {
    return drop(p, "its load failed (" + std::string(code_name(static_cast<StatusCode>(
                       code >= 0 && code <= CEDU_INTERNAL ? code : CEDU_INTERNAL))) +
                       "): " + call_message(call));
  }
  check_names(p);
  if (!p.refused) open_storage(p);
}

void PluginHost::check_names(LoadedPlugin& p) {
  // Names are shared by all plugins of the service.
  for (const auto& other : plugins_) {
    if (!other || other.get() == &p || other->refused) continue;
    for (const auto& m : p.methods) {
      for (const auto& om : other->methods) {
        if (m.name == om.name) return drop(p, "method " + options_.service + "." + m.name + " is already plugin " + other->info.name + "'s");
      }
    }
    for (const auto& f : p.fields) {
      for (const auto& of : other->fields) {
        if (f.name == of.name) return drop(p, "field " + f.name + " is already plugin " + other->info.name + "'s");
      }
    }
  }
}

void PluginHost::open_storage(LoadedPlugin& p) {
  if (p.storage_steps.empty()) return;
  std::error_code ec;
  std::filesystem::create_directories(options_.storage_dir, ec);
  const std::string path = (std::filesystem::path(options_.storage_dir) / (p.info.name + ".db")).string();
  auto db = sqlite::Database::open(path);
  if (!db.ok()) return drop(p, "cannot open its storage: " + db.status().message());
  std::vector<sqlite::Migration> steps;
  for (const auto& s : p.storage_steps) steps.push_back({s.version, s.description, s.sql, {}});
  // Install (from nothing) and upgrades (from an older plugin's version) alike: each step
  // newer than the file's user_version, in its own transaction.
  if (Status s = sqlite::migrate(*db, steps); !s.is_ok()) {
    return drop(p, "its storage steps failed: " + s.message());
  }
  p.storage = std::make_unique<sqlite::Database>(std::move(db).value());
}

void PluginHost::drop(LoadedPlugin& p, std::string why) {
  if (p.unload != nullptr) p.unload();
  p.validators.clear();
  p.observers.clear();
  p.methods.clear();
  p.indicators.clear();
  p.fields.clear();
  p.config_check = nullptr;
  p.remote.reset();  // stops its host, if it was started
  p.refuse(std::move(why));
}

void PluginHost::apply_towns(const TownsConfig& towns) {
  for (const TownPluginEntry& e : towns.entries) {
    LoadedPlugin* p = find(e.plugin);
    if (p == nullptr) {
      // Perhaps another library's plugin; that library checks it.
      spdlog::debug("plugins: {}:{}: {} is not a plugin of {}", e.file, e.line, e.plugin, options_.service);
      continue;
    }
    enablement_->configure(e.plugin, e.town, e.enabled, e.config);
    // An isolated plugin's host checked every town's block when it described the plugin.
    if (p->refused || !e.enabled || p->remote) continue;
    if (Status s = check_config(*p, e.town, e.config); !s.is_ok()) {
      const std::string key = s.field().empty() ? e.key_path : e.key_path + "." + s.field();
      throw config::ConfigError(e.file, line_of_path(e.config_node, s.field(), e.line), key,
                                "plugin " + p->info.name + ": " + s.message());
    }
  }
}

Status PluginHost::check_config(LoadedPlugin& p, const std::string& town, const std::string& config) {
  if (p.config_check == nullptr) return Status::ok();
  cedu_call call;
  const cedu_context ctx = context_of(town, "", "config", config, &call);
  p.counters.calls++;
  const int code = p.config_check(p.config_check_user, &ctx);
  if (code == CEDU_OK) return Status::ok();
  return Status::invalid_argument(call_message(call), call.field);
}

std::vector<ExtraField> PluginHost::fields() const {
  std::vector<ExtraField> out;
  for (const auto& p : plugins_) {
    if (p->refused) continue;
    for (const auto& f : p->fields) out.push_back({p->info.name, f});
  }
  return out;
}

LoadedPlugin* PluginHost::find(std::string_view name) {
  for (auto& p : plugins_) {
    if (p && p->info.name == name) return p.get();
  }
  return nullptr;
}

std::string PluginHost::config_of(const LoadedPlugin& plugin, std::string_view town) {
  return enablement_->config(plugin.info.name, town);
}

Status PluginHost::check_write(std::string_view resource, std::string_view town,
                               std::string_view principal, std::string_view method,
                               std::string_view before, std::string_view after,
                               const std::vector<std::string>& changed_fields,
                               std::optional<std::chrono::steady_clock::time_point> deadline) {
  const std::string town_slug(town);
  for (const std::string& name : changed_fields) {
    for (const auto& p : plugins_) {
      if (p->refused) continue;
      for (const auto& f : p->fields) {
        if (f.name == name && !enablement_->enabled(p->info.name, town)) {
          return Status::invalid_argument("is a field of plugin " + p->info.name + ", which town " +
                                              town_slug + " has not enabled", name);
        }
      }
    }
  }
  for (const auto& p : plugins_) {
    if (p->validators.empty() || !acts_for(*p, town)) continue;
    const std::string config = enablement_->config(p->info.name, town);
    for (const auto& v : p->validators) {
      if (v.resource != resource) continue;
      cedu_call call;
      call.deadline = deadline;
      const cedu_context ctx = context_of(town_slug, principal, method, config, &call);
      p->counters.calls++;
      const int code = v.fn(v.user, &ctx, cedu_bytes{before.data(), before.size()},
                            cedu_bytes{after.data(), after.size()});
      if (code == CEDU_OK) {
        succeeded(*p);
        continue;
      }
      if (code == CEDU_INVALID_ARGUMENT || code == CEDU_FAILED_PRECONDITION) {
        succeeded(*p);  // a refusal is the plugin working
        p->counters.rejections++;
        return Status(static_cast<StatusCode>(code), "plugin " + p->info.name + ": " + call_message(call),
                      call.field);
      }
      spdlog::error("plugin {}: validator failed on {}: {}", p->info.name, method, call_message(call));
      failed(*p, "validator on " + std::string(method), call_message(call));
      if (code == CEDU_UNAVAILABLE || code == CEDU_DEADLINE_EXCEEDED) {
        // Its isolated host crashed or hangs: say so, the caller may retry.
        return Status(static_cast<StatusCode>(code), "plugin " + p->info.name + ": " + call_message(call));
      }
      return Status::internal("plugin " + p->info.name + " failed to check the write: " + call_message(call));
    }
  }
  return Status::ok();
}

void PluginHost::notify(std::string_view topic, std::string_view town, std::string_view payload) {
  const std::string town_slug(town);
  for (const auto& p : plugins_) {
    if (p->observers.empty() || !acts_for(*p, town)) continue;
    const std::string config = enablement_->config(p->info.name, town);
    for (const auto& o : p->observers) {
      if (topic.substr(0, o.topic_prefix.size()) != o.topic_prefix) continue;
      cedu_call call;
      const cedu_context ctx = context_of(town_slug, "", topic, config, &call);
      p->counters.calls++;
      if (o.fn(o.user, &ctx, cedu_bytes{payload.data(), payload.size()}) != CEDU_OK) {
        spdlog::error("plugin {}: observer of {} failed: {}", p->info.name, topic, call_message(call));
        failed(*p, "observer of " + std::string(topic), call_message(call));
      } else {
        succeeded(*p);
      }
      if (!acts_for(*p, town)) break;  // disabled by that failure
    }
  }
}

Result<double> PluginHost::indicator(std::string_view name, std::string_view town,
                                     std::string_view station, int year) {
  for (const auto& p : plugins_) {
    if (p->refused) continue;
    for (const auto& i : p->indicators) {
      if (i.name != name) continue;
      if (!acts_for(*p, town)) {
        return Status::failed_precondition("plugin " + p->info.name + " is not enabled for town " +
                                           std::string(town) + disabled_note(*p), "town");
      }
      const std::string town_slug(town);
      const std::string config = enablement_->config(p->info.name, town);
      cedu_call call;
      const cedu_context ctx = context_of(town_slug, "", name, config, &call);
      double value = 0;
      p->counters.calls++;
      const int code = i.fn(i.user, &ctx, cedu_bytes{station.data(), station.size()}, year, &value);
      if (code != CEDU_OK) {
        failed(*p, "indicator " + std::string(name), call_message(call));
        return Status(static_cast<StatusCode>(code > 0 && code <= CEDU_INTERNAL ? code : CEDU_INTERNAL),
                      "plugin " + p->info.name + ": " + call_message(call), call.field);
      }
      succeeded(*p);
      return value;
    }
  }
  return Status::not_found("no plugin of " + options_.service + " provides indicator " + std::string(name),
                           "name");
}

Status PluginHost::set_enabled(std::string_view name, std::string_view town_text, bool enabled,
                               const std::string& principal) {
  LoadedPlugin* p = find(name);
  if (p == nullptr) {
    return Status::not_found(options_.service + " has no plugin '" + std::string(name) + "'", "name");
  }
  if (p->refused) {
    return Status::failed_precondition("plugin " + p->info.name + " was refused: " + p->reason, "name");
  }
  std::optional<std::string> town =
      options_.town_slug ? options_.town_slug(town_text) : std::optional<std::string>(town_text);
  if (!town) {
    return Status::invalid_argument("'" + std::string(town_text) + "' is not a town of the network", "town");
  }
  if (enabled) {
    if (Status s = check_config(*p, *town, enablement_->config(p->info.name, *town)); !s.is_ok()) {
      p->counters.rejections++;
      return Status::failed_precondition("plugin " + p->info.name + " rejects the config of town " + *town +
                                             (s.field().empty() ? "" : " (" + s.field() + ")") + ": " +
                                             s.message() + " — fix configs/towns/" + *town + ".yaml",
                                         "town");
    }
  }
  CEDU_RETURN_IF_ERROR(enablement_->set(p->info.name, *town, enabled, principal));
  if (enabled && p->auto_disabled.on.exchange(false)) {
    p->counters.consecutive_failures.store(0);
    spdlog::info("plugins: {} no longer disabled after failures: switched on by {}", p->info.name, principal);
  }
  spdlog::info("plugins: {} {} for {} by {}", p->info.name, enabled ? "enabled" : "disabled", *town, principal);
  return Status::ok();
}

}  // namespace cedu::plugins
