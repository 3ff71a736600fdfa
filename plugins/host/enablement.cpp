#include "plugins/host/enablement.h"

#include <ctime>
#include <set>

#include <spdlog/spdlog.h>

namespace cedu::plugins {
namespace {

constexpr const char* kSchema =
    "CREATE TABLE IF NOT EXISTS plugin_towns ("
    " plugin TEXT NOT NULL, town TEXT NOT NULL, enabled INTEGER NOT NULL,"
    " changed_by TEXT NOT NULL, changed_at TEXT NOT NULL, PRIMARY KEY (plugin, town))";

std::string now_utc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

const std::string& empty_map() {
  static const std::string bytes(1, '\x80');  // MessagePack fixmap of size 0
  return bytes;
}

}  // namespace

Result<std::unique_ptr<Enablement>> Enablement::open(const std::string& path,
                                                     std::chrono::milliseconds refresh) {
  CEDU_ASSIGN_OR_RETURN(sqlite::Database db, sqlite::Database::open(path));
  // The host's one table beside the library's; created outside the library's numbered
  // migrations so that neither numbering depends on the other.
  CEDU_RETURN_IF_ERROR(db.exec(kSchema));
  std::unique_ptr<Enablement> e(new Enablement(std::move(db), refresh));
  {
    std::lock_guard<std::mutex> lock(e->mutex_);
    CEDU_RETURN_IF_ERROR(e->reload_locked());
  }
  return e;
}

Status Enablement::reload_locked() {
  CEDU_ASSIGN_OR_RETURN(auto st, db_.prepare("SELECT plugin, town, enabled, changed_by, changed_at FROM plugin_towns"));
  std::map<Key, Switch, std::less<>> fresh;
  while (true) {
    CEDU_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    fresh[{st.text(0), st.text(1)}] = Switch{st.int64(2) != 0, st.text(3), st.text(4)};
  }
  switches_ = std::move(fresh);
  loaded_at_ = std::chrono::steady_clock::now();
  return Status::ok();
}

void Enablement::refresh_locked() {
  if (std::chrono::steady_clock::now() - loaded_at_ < refresh_) return;
  if (Status s = reload_locked(); !s.is_ok()) {
    // Keep acting on what was known; the next call tries again.
    spdlog::warn("plugins: cannot re-read plugin_towns: {}", s.to_string());
    loaded_at_ = std::chrono::steady_clock::now();
  }
}

void Enablement::configure(const std::string& plugin, const std::string& town, bool enabled,
                           std::string config) {
  std::lock_guard<std::mutex> lock(mutex_);
  yaml_[{plugin, town}] = Yaml{enabled, std::move(config)};
}

bool Enablement::enabled(std::string_view plugin, std::string_view town) {
  std::lock_guard<std::mutex> lock(mutex_);
  refresh_locked();
  const Key key{std::string(plugin), std::string(town)};
  if (auto s = switches_.find(key); s != switches_.end()) return s->second.enabled;
  auto y = yaml_.find(key);
  return y != yaml_.end() && y->second.enabled;
}

std::string Enablement::config(std::string_view plugin, std::string_view town) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto y = yaml_.find(Key{std::string(plugin), std::string(town)});
  return y == yaml_.end() ? empty_map() : y->second.config;
}

std::vector<TownState> Enablement::towns(std::string_view plugin) {
  std::lock_guard<std::mutex> lock(mutex_);
  refresh_locked();
  std::set<std::string> names;
  for (const auto& [key, v] : yaml_) {
    if (key.first == plugin) names.insert(key.second);
  }
  for (const auto& [key, v] : switches_) {
    if (key.first == plugin) names.insert(key.second);
  }
  std::vector<TownState> out;
  for (const auto& town : names) {
    const Key key{std::string(plugin), town};
    TownState t;
    t.town = town;
    if (auto s = switches_.find(key); s != switches_.end()) {
      t.enabled = s->second.enabled;
      t.source = "runtime";
      t.changed_by = s->second.changed_by;
      t.changed_at = s->second.changed_at;
    } else {
      t.enabled = yaml_.at(key).enabled;
      t.source = "yaml";
    }
    out.push_back(std::move(t));
  }
  return out;
}

Status Enablement::set(const std::string& plugin, const std::string& town, bool enabled,
                       const std::string& principal) {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::string at = now_utc();
  CEDU_ASSIGN_OR_RETURN(auto st, db_.prepare(
      "INSERT INTO plugin_towns (plugin, town, enabled, changed_by, changed_at) VALUES (?1, ?2, ?3, ?4, ?5)"
      " ON CONFLICT (plugin, town) DO UPDATE SET enabled = excluded.enabled,"
      " changed_by = excluded.changed_by, changed_at = excluded.changed_at"));
  CEDU_RETURN_IF_ERROR(st.bind_text(1, plugin));
  CEDU_RETURN_IF_ERROR(st.bind_text(2, town));
  CEDU_RETURN_IF_ERROR(st.bind(3, std::int64_t{enabled ? 1 : 0}));
  CEDU_RETURN_IF_ERROR(st.bind_text(4, principal));
  CEDU_RETURN_IF_ERROR(st.bind_text(5, at));
  CEDU_RETURN_IF_ERROR(st.run());
  switches_[{plugin, town}] = Switch{enabled, principal, at};
  return Status::ok();
}

}  // namespace cedu::plugins
