// PluginHost's face on the bus: the plugins' extra methods and <service>.plugins,
// plugins_enable and plugins_disable.
#include <msgpack.hpp>
#include <spdlog/spdlog.h>

#include "plugins/host/plugin_host.h"

namespace cedu::plugins {
namespace {

using Packer = msgpack::packer<msgpack::sbuffer>;

// Errors about a request's parameters name them as the caller wrote them.
Status in_params(const Status& s) {
  if (s.is_ok() || s.field().empty() || s.field().rfind("params.", 0) == 0) return s;
  return Status(s.code(), s.message(), "params." + s.field());
}

std::string state_of(const LoadedPlugin& p, const std::vector<TownState>& towns) {
  if (p.refused) return "refused";
  if (p.auto_disabled.on.load()) return "disabled";  // for every town, after failures
  for (const auto& t : towns) {
    if (t.enabled) return "loaded";
  }
  return "disabled";  // loaded, but no town has it on
}

}  // namespace

Result<std::string> PluginHost::town_of(const Request& request) const {
  auto town = request.params.optional_string("town");
  if (!town.ok()) return town.status();
  if (*town) {
    std::optional<std::string> slug = options_.town_slug ? options_.town_slug(**town) : *town;
    if (!slug) return Status::invalid_argument("'" + **town + "' is not a town of the network", "params.town");
    return *slug;
  }
  // A town admin asks for its own town unless it says otherwise.
  const std::string prefix = "town-admin:";
  if (request.principal.rfind(prefix, 0) == 0) return request.principal.substr(prefix.size());
  return Status::invalid_argument("is required: the town whose plugin should answer", "params.town");
}

Result<std::string> PluginHost::invoke(LoadedPlugin& p, const MethodEntry& m, const std::string& town,
                                       const Request& request) {
  if (p.refused) {
    return Status::failed_precondition("plugin " + p.info.name + " was refused: " + p.reason);
  }
  if (!acts_for(p, town)) {
    return Status::failed_precondition("plugin " + p.info.name + " is not enabled for town " + town +
                                           disabled_note(p), "params.town");
  }
  const std::string config = enablement_->config(p.info.name, town);
  const std::string method = options_.service + "." + m.name;
  cedu_call call;
  call.deadline = request.deadline;
  cedu_context ctx{};
  ctx.struct_size = sizeof(cedu_context);
  ctx.town = {town.data(), town.size()};
  ctx.principal = {request.principal.data(), request.principal.size()};
  ctx.method = {method.data(), method.size()};
  ctx.config = {config.data(), config.size()};
  ctx.call = &call;
  const msgpack::object& params = request.params.object();
  msgpack::sbuffer packed;
  msgpack::pack(packed, params);
  p.counters.calls++;
  const int code = m.fn(m.user, &ctx, cedu_bytes{packed.data(), packed.size()});
  if (code != CEDU_OK) {
    const int c = code > 0 && code <= CEDU_INTERNAL ? code : CEDU_INTERNAL;
    if (is_failure_code(c)) {
      spdlog::error("plugin {}: {} failed: {}", p.info.name, method, call.message);
      failed(p, method, call.message.empty() ? "no reason given" : call.message);
    } else {
      succeeded(p);  // a refusal of bad input is the plugin working
    }
    return in_params(Status(static_cast<StatusCode>(c), "plugin " + p.info.name + ": " +
                                (call.message.empty() ? "no reason given" : call.message),
                            call.field));
  }
  succeeded(p);
  if (!call.has_result) return std::string(1, '\x80');  // an empty map
  return std::move(call.result);
}

void PluginHost::serve(Service& service) {
  for (auto& owned : plugins_) {
    LoadedPlugin* p = owned.get();
    if (p->refused) continue;
    for (const MethodEntry& m : p->methods) {
      const MethodEntry* entry = &m;
      try {
        service.handle(m.name, [this, p, entry](const Request& r) -> Result<std::string> {
          CEDU_ASSIGN_OR_RETURN(std::string town, town_of(r));
          return invoke(*p, *entry, town, r);
        });
      } catch (const std::exception& e) {
        drop(*p, "method " + options_.service + "." + m.name + " is already served: " + e.what());
        spdlog::warn("plugins: {} refused: {}", p->info.name, p->reason);
        break;
      }
    }
  }
  service.handle("plugins", [this](const Request& r) -> Result<std::string> {
    CEDU_RETURN_IF_ERROR(r.params.only_keys({}));
    return list_bytes();
  });
  for (bool on : {true, false}) {
    service.handle(on ? "plugins_enable" : "plugins_disable",
                   [this, on](const Request& r) -> Result<std::string> {
      CEDU_RETURN_IF_ERROR(r.params.only_keys({"name", "town"}));
      // The district decides what runs in its services; the broker stamped who asks.
      if (r.principal != "district-admin") {
        return Status::permission_denied(r.principal + " may not switch plugins: " + r.service +
                                         ".plugins_" + (on ? "enable" : "disable") +
                                         " is for district-admin only");
      }
      CEDU_ASSIGN_OR_RETURN(std::string name, r.params.string("name"));
      CEDU_ASSIGN_OR_RETURN(std::string town, r.params.string("town"));
      CEDU_RETURN_IF_ERROR(in_params(set_enabled(name, town, on, r.principal)));
      msgpack::sbuffer out;
      Packer pk(out);
      pk.pack_map(3);
      pk.pack("name"), pk.pack(name);
      pk.pack("town"), pk.pack(options_.town_slug ? options_.town_slug(town).value_or(town) : town);
      pk.pack("enabled"), pk.pack(on);
      return std::string(out.data(), out.size());
    });
  }
}

std::string PluginHost::list_bytes() {
  msgpack::sbuffer out;
  Packer pk(out);
  pk.pack_map(4);
  pk.pack("service"), pk.pack(options_.service);
  pk.pack("plugin_dir"), pk.pack(options_.plugin_dir);
  pk.pack("api"), pk.pack(std::to_string(CEDU_PLUGIN_API_MAJOR) + "." + std::to_string(CEDU_PLUGIN_API_MINOR));
  pk.pack("plugins");
  pk.pack_array(static_cast<std::uint32_t>(plugins_.size()));
  for (const auto& p : plugins_) {
    const auto towns = enablement_->towns(p->info.name);
    pk.pack_map(17);
    pk.pack("name"), pk.pack(p->info.name);
    pk.pack("version"), pk.pack(p->info.version.to_string());
    pk.pack("file"), pk.pack(p->file);
    pk.pack("author"), pk.pack(p->info.author);
    pk.pack("description"), pk.pack(p->info.description);
    pk.pack("api"), pk.pack(std::to_string(p->info.api_major) + "." + std::to_string(p->info.api_minor));
    pk.pack("state"), pk.pack(state_of(*p, towns));
    std::string reason = p->reason;
    if (p->auto_disabled.on.load()) {
      std::lock_guard<std::mutex> lock(p->auto_disabled.mutex);
      reason = p->auto_disabled.reason;
    }
    pk.pack("reason"), pk.pack(reason);
    pk.pack("towns");
    pk.pack_array(static_cast<std::uint32_t>(towns.size()));
    for (const auto& t : towns) {
      pk.pack_map(5);
      pk.pack("town"), pk.pack(t.town);
      pk.pack("enabled"), pk.pack(t.enabled);
      pk.pack("source"), pk.pack(t.source);
      pk.pack("changed_by"), pk.pack(t.changed_by);
      pk.pack("changed_at"), pk.pack(t.changed_at);
    }
    pk.pack("calls"), pk.pack(p->counters.calls.load());
    pk.pack("rejections"), pk.pack(p->counters.rejections.load());
    pk.pack("failures"), pk.pack(p->counters.failures.load());
    pk.pack("consecutive_failures"), pk.pack(p->counters.consecutive_failures.load());
    pk.pack("methods");
    pk.pack_array(static_cast<std::uint32_t>(p->methods.size()));
    for (const auto& m : p->methods) pk.pack(options_.service + "." + m.name);
    pk.pack("fields");
    pk.pack_array(static_cast<std::uint32_t>(p->fields.size()));
    for (const auto& f : p->fields) {
      pk.pack_map(3);
      pk.pack("name"), pk.pack(f.name);
      pk.pack("type"), pk.pack(f.type);
      pk.pack("label"), pk.pack(f.label);
    }
    pk.pack("indicators");
    pk.pack_array(static_cast<std::uint32_t>(p->indicators.size()));
    for (const auto& i : p->indicators) pk.pack(i.name);
    // Where an isolated plugin runs: its host's bus service, pid (0 while restarting) and
    // how often it was restarted; nil for a plugin in process.
    pk.pack("isolation");
    if (p->remote) {
      pk.pack_map(3);
      pk.pack("service"), pk.pack(p->remote->bus_service());
      pk.pack("pid"), pk.pack(static_cast<std::int64_t>(p->remote->supervisor().pid()));
      pk.pack("restarts"), pk.pack(p->remote->supervisor().restarts());
    } else {
      pk.pack_nil();
    }
  }
  return std::string(out.data(), out.size());
}

}  // namespace cedu::plugins
