// Enablement: which towns each plugin acts for. Two sources:
//   configs/towns/<town>.yaml   what a town school configured (and its config block);
//   the service's database      run-time switches (<service>.plugins_enable/_disable),
//                               kept in the table plugin_towns so they survive a restart.
// A run-time switch wins over the yaml for its (plugin, town) until the next switch; the
// yaml is what holds without one. Several instances of a service share the database: each
// re-reads the switches at most `refresh` after another instance changed them.
// Thread-safety: thread-safe (one mutex).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "common/sqlite/database.h"

namespace cedu::plugins {

struct TownState {
  std::string town;
  bool enabled = false;
  std::string source;      // "yaml" or "runtime"
  std::string changed_by;  // principal of the run-time switch
  std::string changed_at;
};

class Enablement {
 public:
  // Opens (a second connection to) the service's database at `path` and creates the table
  // if missing. ":memory:" keeps switches in this process only (tests).
  static Result<std::unique_ptr<Enablement>> open(const std::string& path,
                                                  std::chrono::milliseconds refresh =
                                                      std::chrono::milliseconds(1000));

  // What the yaml says for (plugin, town). Start-up only, before any other call.
  void configure(const std::string& plugin, const std::string& town, bool enabled,
                 std::string config);

  bool enabled(std::string_view plugin, std::string_view town);
  // The town's config block for the plugin (MessagePack map; an empty map when none).
  std::string config(std::string_view plugin, std::string_view town);
  // Every town the yaml or a switch mentions for `plugin`, in slug order.
  std::vector<TownState> towns(std::string_view plugin);
  // Persists a run-time switch. Errors are the database's.
  Status set(const std::string& plugin, const std::string& town, bool enabled,
             const std::string& principal);

 private:
  struct Yaml {
    bool enabled = false;
    std::string config;
  };
  struct Switch {
    bool enabled = false;
    std::string changed_by, changed_at;
  };
  using Key = std::pair<std::string, std::string>;  // plugin, town

  Enablement(sqlite::Database db, std::chrono::milliseconds refresh)
      : db_(std::move(db)), refresh_(refresh) {}
  Status reload_locked();
  void refresh_locked();

  std::mutex mutex_;
  sqlite::Database db_;
  std::chrono::milliseconds refresh_;
  std::chrono::steady_clock::time_point loaded_at_{};
  std::map<Key, Yaml, std::less<>> yaml_;
  std::map<Key, Switch, std::less<>> switches_;
};

}  // namespace cedu::plugins
