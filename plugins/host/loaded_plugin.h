// LoadedPlugin: the host's record of one plugin file — its description, whether it was
// refused and why, what it registered at load, its own storage and its counters — and the
// two opaque C types of the ABI: cedu_host (the plugin's handle on the host) and cedu_call
// (one callback invocation, where its result or error lands).
// Thread-safety: everything but the counters and storage is written during start-up only
// (PluginHost::start) and read-only afterwards; counters are atomics; storage has its own
// mutex.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "cedu/plugin.h"
#include "common/sqlite/database.h"
#include "plugins/host/semver.h"
#include "plugins/host/shared_object.h"

namespace cedu::plugins {
class PluginHost;
class RemotePlugin;
struct LoadedPlugin;
}  // namespace cedu::plugins

struct cedu_host {
  cedu::plugins::PluginHost* host = nullptr;
  cedu::plugins::LoadedPlugin* plugin = nullptr;
};

struct cedu_call {
  // Set inside a request: bus calls of the plugin end no later.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  int code = CEDU_OK;
  std::string field;
  std::string message;
  bool has_result = false;
  std::string result;
};

namespace cedu::plugins {

// A callback's code that means the plugin failed (rather than refused bad input): the
// failure guard counts it. UNAVAILABLE and DEADLINE_EXCEEDED come from an isolated
// plugin's host that crashed or hangs.
inline bool is_failure_code(int code) {
  return code == CEDU_INTERNAL || code == CEDU_UNAVAILABLE || code == CEDU_DEADLINE_EXCEEDED;
}

struct Dependency {
  std::string name;
  Semver min_version;
};

struct PluginInfo {
  std::string name;
  Semver version;
  std::string service;
  std::string author;
  std::string description;
  std::vector<Dependency> dependencies;
  std::uint32_t api_major = 0, api_minor = 0;
};

struct ValidatorEntry {
  std::string resource;
  cedu_validator_fn fn;
  void* user;
};
struct ObserverEntry {
  std::string topic_prefix;
  cedu_observer_fn fn;
  void* user;
};
struct MethodEntry {
  std::string name;  // without the service prefix
  cedu_method_fn fn;
  void* user;
};
struct IndicatorEntry {
  std::string name;
  std::string label;
  cedu_indicator_fn fn;
  void* user;
};
struct FieldEntry {
  std::string name;
  std::string type;  // string, text, int, number, bool, date, string_list
  std::string label;
};
struct StorageStep {
  int version;
  std::string description;
  std::string sql;
};

struct Counters {
  std::atomic<std::uint64_t> calls{0};       // callbacks invoked
  std::atomic<std::uint64_t> rejections{0};  // validator refusals
  std::atomic<std::uint64_t> failures{0};    // callbacks that failed (INTERNAL, bad code)
  std::atomic<std::uint32_t> consecutive_failures{0};  // since the last success
};

// A plugin switched off for every town because its callbacks kept failing.
struct AutoDisabled {
  std::atomic<bool> on{false};
  std::mutex mutex;    // guards reason
  std::string reason;  // "disabled after 5 consecutive failures; last: …"
};

struct LoadedPlugin {
  std::string file;
  PluginInfo info;       // name is the file's stem until the description was read
  bool refused = false;  // not loaded: `reason` says why
  std::string reason;

  SharedObject object;
  cedu_plugin_unload_fn unload = nullptr;
  bool loading = false;  // registration is allowed only while load runs
  cedu_host handle;

  std::vector<ValidatorEntry> validators;
  std::vector<ObserverEntry> observers;
  std::vector<MethodEntry> methods;
  std::vector<IndicatorEntry> indicators;
  std::vector<FieldEntry> fields;
  std::vector<StorageStep> storage_steps;
  cedu_config_check_fn config_check = nullptr;
  void* config_check_user = nullptr;

  std::unique_ptr<sqlite::Database> storage;  // null when it has no storage steps
  std::mutex storage_mutex;

  Counters counters;
  AutoDisabled auto_disabled;

  // Set iff the plugin is isolated: it runs in a cedu-plugin-host process and its hooks
  // above are trampolines to it (remote_plugin.h); `object` stays closed.
  std::shared_ptr<RemotePlugin> remote;

  void refuse(std::string why) {
    refused = true;
    reason = std::move(why);
  }
};

}  // namespace cedu::plugins
