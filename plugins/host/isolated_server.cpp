#include "plugins/host/isolated_server.h"

#include <fstream>

#include <msgpack.hpp>

namespace cedu::plugins {
namespace {

using Packer = msgpack::packer<msgpack::sbuffer>;

// A bin (or str) parameter.
Result<std::string> bytes(const Request& r, std::string_view key) {
  const msgpack::object* o = r.params.find(key);
  if (o != nullptr && o->type == msgpack::type::BIN) return std::string(o->via.bin.ptr, o->via.bin.size);
  if (o != nullptr && o->type == msgpack::type::STR) return std::string(o->via.str.ptr, o->via.str.size);
  return Status::invalid_argument("is required (bin)", "params." + std::string(key));
}

template <typename Entries>
Result<std::size_t> index_in(const Request& r, const Entries& entries) {
  CEDU_ASSIGN_OR_RETURN(std::int64_t i, r.params.int64("index"));
  if (i < 0 || static_cast<std::size_t>(i) >= entries.size()) {
    return Status::invalid_argument("no callback " + std::to_string(i) + " of this kind", "params.index");
  }
  return static_cast<std::size_t>(i);
}

// The reply every method gives: the callback's outcome, as data (a refusal is no bus error).
std::string outcome(int code, const cedu_call& call, const double* value = nullptr) {
  msgpack::sbuffer out;
  Packer pk(out);
  pk.pack_map(3 + (call.has_result ? 1 : 0) + (value != nullptr ? 1 : 0));
  pk.pack("code"), pk.pack(code);
  pk.pack("field"), pk.pack(call.field);
  pk.pack("message"), pk.pack(call.message);
  if (call.has_result) {
    pk.pack("result");
    pk.pack_bin(static_cast<std::uint32_t>(call.result.size()));
    pk.pack_bin_body(call.result.data(), static_cast<std::uint32_t>(call.result.size()));
  }
  if (value != nullptr) pk.pack("value"), pk.pack(*value);
  return std::string(out.data(), out.size());
}

// The strings a context points into, alive for the call.
struct ContextText {
  std::string town, principal, method, config;
  cedu_call call;
  cedu_context ctx{};

  ContextText(const Request& r, std::string t, std::string p, std::string m, std::string c)
      : town(std::move(t)), principal(std::move(p)), method(std::move(m)), config(std::move(c)) {
    call.deadline = r.deadline;  // the plugin's own bus calls end no later
    ctx.struct_size = sizeof(cedu_context);
    ctx.town = {town.data(), town.size()};
    ctx.principal = {principal.data(), principal.size()};
    ctx.method = {method.data(), method.size()};
    ctx.config = {config.data(), config.size()};
    ctx.call = &call;
  }
};

std::string opt_string(const Request& r, std::string_view key) {
  auto v = r.params.optional_string(key);
  return v.ok() && *v ? **v : std::string();
}

}  // namespace

Status write_describe_file(const std::string& path, PluginHost* host, const std::string& name,
                           const std::string& config_error_file, int config_error_line,
                           const std::string& config_error_key, const std::string& config_error_problem) {
  msgpack::sbuffer out;
  Packer pk(out);
  LoadedPlugin* p = host != nullptr ? host->find(name) : nullptr;
  if (host == nullptr) {
    pk.pack_map(1);
    pk.pack("config_error");
    pk.pack_map(4);
    pk.pack("file"), pk.pack(config_error_file);
    pk.pack("line"), pk.pack(config_error_line);
    pk.pack("key"), pk.pack(config_error_key);
    pk.pack("problem"), pk.pack(config_error_problem);
  } else if (p == nullptr) {
    // No <name>.so, or one that extends another library: not this service's plugin.
    pk.pack_map(1);
    pk.pack("not_ours"), pk.pack(true);
  } else if (p->refused) {
    pk.pack_map(1);
    pk.pack("refused"), pk.pack(p->reason);
  } else {
    pk.pack_map(12);
    pk.pack("name"), pk.pack(p->info.name);
    pk.pack("version"), pk.pack(p->info.version.to_string());
    pk.pack("author"), pk.pack(p->info.author);
    pk.pack("description"), pk.pack(p->info.description);
    pk.pack("api_major"), pk.pack(p->info.api_major);
    pk.pack("api_minor"), pk.pack(p->info.api_minor);
    pk.pack("validators");
    pk.pack_array(static_cast<std::uint32_t>(p->validators.size()));
    for (const auto& v : p->validators) pk.pack(v.resource);
    pk.pack("observers");
    pk.pack_array(static_cast<std::uint32_t>(p->observers.size()));
    for (const auto& o : p->observers) pk.pack(o.topic_prefix);
    pk.pack("methods");
    pk.pack_array(static_cast<std::uint32_t>(p->methods.size()));
    for (const auto& m : p->methods) pk.pack(m.name);
    pk.pack("indicators");
    pk.pack_array(static_cast<std::uint32_t>(p->indicators.size()));
    for (const auto& i : p->indicators) {
      pk.pack_array(2);
      pk.pack(i.name), pk.pack(i.label);
    }
    pk.pack("fields");
    pk.pack_array(static_cast<std::uint32_t>(p->fields.size()));
    for (const auto& f : p->fields) {
      pk.pack_array(3);
      pk.pack(f.name), pk.pack(f.type), pk.pack(f.label);
    }
    pk.pack("config_check"), pk.pack(p->config_check != nullptr);
  }
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(out.data(), static_cast<std::streamsize>(out.size()));
  if (!file) return Status::internal("cannot write " + path);
  return Status::ok();
}

void serve_isolated(LoadedPlugin& p, Service& service, std::string caller) {
  auto guard = [caller](const Request& r) -> Status {
    if (caller.empty() || r.principal == caller) return Status::ok();
    return Status::permission_denied(r.principal + " may not call " + r.service + ": only " + caller + " may");
  };
  LoadedPlugin* plugin = &p;
  service.handle("validate", [plugin, guard](const Request& r) -> Result<std::string> {
    CEDU_RETURN_IF_ERROR(guard(r));
    CEDU_ASSIGN_OR_RETURN(std::size_t i, index_in(r, plugin->validators));
    CEDU_ASSIGN_OR_RETURN(std::string config, bytes(r, "config"));
    CEDU_ASSIGN_OR_RETURN(std::string before, bytes(r, "before"));
    CEDU_ASSIGN_OR_RETURN(std::string after, bytes(r, "after"));
    ContextText c(r, opt_string(r, "town"), opt_string(r, "principal"), opt_string(r, "method"), std::move(config));
    const ValidatorEntry& v = plugin->validators[i];
    const int code = v.fn(v.user, &c.ctx, cedu_bytes{before.data(), before.size()},
                          cedu_bytes{after.data(), after.size()});
    return outcome(code, c.call);
  });
  service.handle("observe", [plugin, guard](const Request& r) -> Result<std::string> {
    CEDU_RETURN_IF_ERROR(guard(r));
    CEDU_ASSIGN_OR_RETURN(std::size_t i, index_in(r, plugin->observers));
    CEDU_ASSIGN_OR_RETURN(std::string config, bytes(r, "config"));
    CEDU_ASSIGN_OR_RETURN(std::string payload, bytes(r, "payload"));
    ContextText c(r, opt_string(r, "town"), "", opt_string(r, "topic"), std::move(config));
    const ObserverEntry& o = plugin->observers[i];
    const int code = o.fn(o.user, &c.ctx, cedu_bytes{payload.data(), payload.size()});
    return outcome(code, c.call);
  });
  service.handle("call_method", [plugin, guard](const Request& r) -> Result<std::string> {
    CEDU_RETURN_IF_ERROR(guard(r));
    CEDU_ASSIGN_OR_RETURN(std::size_t i, index_in(r, plugin->methods));
    CEDU_ASSIGN_OR_RETURN(std::string config, bytes(r, "config"));
    CEDU_ASSIGN_OR_RETURN(std::string params, bytes(r, "params"));
    ContextText c(r, opt_string(r, "town"), opt_string(r, "principal"), opt_string(r, "method"), std::move(config));
    const MethodEntry& m = plugin->methods[i];
    const int code = m.fn(m.user, &c.ctx, cedu_bytes{params.data(), params.size()});
    return outcome(code, c.call);
  });
  service.handle("indicator", [plugin, guard](const Request& r) -> Result<std::string> {
    CEDU_RETURN_IF_ERROR(guard(r));
    CEDU_ASSIGN_OR_RETURN(std::size_t i, index_in(r, plugin->indicators));
    CEDU_ASSIGN_OR_RETURN(std::string config, bytes(r, "config"));
    CEDU_ASSIGN_OR_RETURN(std::int64_t year, r.params.int64("year"));
    const IndicatorEntry& ind = plugin->indicators[i];
    ContextText c(r, opt_string(r, "town"), "", ind.name, std::move(config));
    const std::string station = opt_string(r, "station");
    double value = 0;
    const int code = ind.fn(ind.user, &c.ctx, cedu_bytes{station.data(), station.size()},
                            static_cast<int>(year), &value);
    return outcome(code, c.call, &value);
  });
  service.handle("config_check", [plugin, guard](const Request& r) -> Result<std::string> {
    CEDU_RETURN_IF_ERROR(guard(r));
    CEDU_ASSIGN_OR_RETURN(std::string config, bytes(r, "config"));
    ContextText c(r, opt_string(r, "town"), "", "config", std::move(config));
    if (plugin->config_check == nullptr) return outcome(CEDU_OK, c.call);
    const int code = plugin->config_check(plugin->config_check_user, &c.ctx);
    return outcome(code, c.call);
  });
}

}  // namespace cedu::plugins
