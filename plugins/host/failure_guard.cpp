// PluginHost's guard against a plugin that keeps failing: counts failed callbacks in a
// row and, at options().max_consecutive_failures, disables the plugin for every town and
// tells the district with the event <service>.plugin_disabled (the broker lets a worker
// publish only its own service's events). Switching the plugin on for a town lifts it.
#include <chrono>
#include <ctime>

#include <msgpack.hpp>
#include <spdlog/spdlog.h>

#include "plugins/host/plugin_host.h"

namespace cedu::plugins {
namespace {

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

std::string disabled_note(LoadedPlugin& p) {
  if (!p.auto_disabled.on.load()) return {};
  std::lock_guard<std::mutex> lock(p.auto_disabled.mutex);
  return " (" + p.auto_disabled.reason + ")";
}

bool PluginHost::acts_for(const LoadedPlugin& p, std::string_view town) const {
  return !p.refused && !p.auto_disabled.on.load() && enablement_->enabled(p.info.name, town);
}

void PluginHost::succeeded(LoadedPlugin& p) { p.counters.consecutive_failures.store(0); }

void PluginHost::failed(LoadedPlugin& p, std::string_view what, const std::string& message) {
  p.counters.failures++;
  const std::uint32_t in_a_row = ++p.counters.consecutive_failures;
  const std::uint32_t limit = options_.max_consecutive_failures;
  if (limit == 0 || in_a_row < limit) return;
  const std::string reason = "disabled after " + std::to_string(in_a_row) + " consecutive failures; last: " +
                             std::string(what) + ": " + message;
  {
    // The reason is in place before anyone sees the plugin disabled; one thread disables.
    std::lock_guard<std::mutex> lock(p.auto_disabled.mutex);
    if (p.auto_disabled.on.load()) return;
    p.auto_disabled.reason = reason;
    p.auto_disabled.on.store(true);
  }
  spdlog::error("plugins: {} {} for every town — cedu plugins enable {} --town T switches it on again",
                p.info.name, reason, p.info.name);
  if (!publish_) return;
  msgpack::sbuffer out;
  msgpack::packer<msgpack::sbuffer> pk(out);
  pk.pack_map(9);
  pk.pack("plugin"), pk.pack(p.info.name);
  pk.pack("version"), pk.pack(p.info.version.to_string());
  pk.pack("service"), pk.pack(options_.service);
  pk.pack("reason"), pk.pack(reason);
  pk.pack("consecutive_failures"), pk.pack(in_a_row);
  pk.pack("calls"), pk.pack(p.counters.calls.load());
  pk.pack("failures"), pk.pack(p.counters.failures.load());
  pk.pack("rejections"), pk.pack(p.counters.rejections.load());
  pk.pack("at"), pk.pack(utc_now());
  publish_("plugin_disabled", std::string(out.data(), out.size()));
}

}  // namespace cedu::plugins
