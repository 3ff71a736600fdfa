#include "plugins/host/remote_plugin.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <msgpack.hpp>
#include <spdlog/spdlog.h>

#include "common/config/error.h"
#include "plugins/host/isolation_wire.h"
#include "plugins/host/loaded_plugin.h"
#include "plugins/host/semver.h"

namespace cedu::plugins {
namespace {

using Clock = std::chrono::steady_clock;
using Packer = msgpack::packer<msgpack::sbuffer>;

std::string as_string(const msgpack::object* o) {
  if (o == nullptr) return {};
  if (o->type == msgpack::type::STR) return std::string(o->via.str.ptr, o->via.str.size);
  if (o->type == msgpack::type::BIN) return std::string(o->via.bin.ptr, o->via.bin.size);
  return {};
}
std::int64_t as_int(const msgpack::object* o) {
  if (o == nullptr) return 0;
  if (o->type == msgpack::type::POSITIVE_INTEGER) return static_cast<std::int64_t>(o->via.u64);
  if (o->type == msgpack::type::NEGATIVE_INTEGER) return o->via.i64;
  return 0;
}
const msgpack::object* get(const msgpack::object& map, std::string_view key) {
  if (map.type != msgpack::type::MAP) return nullptr;
  for (std::uint32_t i = 0; i < map.via.map.size; ++i) {
    const auto& kv = map.via.map.ptr[i];
    if (kv.key.type == msgpack::type::STR && std::string_view(kv.key.via.str.ptr, kv.key.via.str.size) == key) {
      return &kv.val;
    }
  }
  return nullptr;
}
std::vector<const msgpack::object*> items(const msgpack::object* o) {
  std::vector<const msgpack::object*> out;
  if (o == nullptr || o->type != msgpack::type::ARRAY) return out;
  for (std::uint32_t i = 0; i < o->via.array.size; ++i) out.push_back(&o->via.array.ptr[i]);
  return out;
}
std::string item_string(const msgpack::object* array, std::uint32_t i) {
  if (array == nullptr || array->type != msgpack::type::ARRAY || i >= array->via.array.size) return {};
  return as_string(&array->via.array.ptr[i]);
}

void pack_bin(Packer& pk, std::string_view key, const char* data, std::size_t size) {
  pk.pack(key);
  pk.pack_bin(static_cast<std::uint32_t>(size));
  pk.pack_bin_body(data, static_cast<std::uint32_t>(size));
}
void pack_bin(Packer& pk, std::string_view key, cedu_bytes b) { pack_bin(pk, key, b.data, b.size); }
std::string str(cedu_bytes b) { return std::string(b.data == nullptr ? "" : b.data, b.size); }

RemotePlugin::Hook* hook_of(void* user) { return static_cast<RemotePlugin::Hook*>(user); }

// The trampolines: each packs its callback's arguments and forwards them to the host.
int remote_validator(void* user, const cedu_context* ctx, cedu_bytes before, cedu_bytes after) {
  msgpack::sbuffer buf;
  Packer pk(buf);
  pk.pack_map(7);
  pk.pack("index"), pk.pack(hook_of(user)->index);
  pk.pack("town"), pk.pack(str(ctx->town));
  pk.pack("principal"), pk.pack(str(ctx->principal));
  pk.pack("method"), pk.pack(str(ctx->method));
  pack_bin(pk, "config", ctx->config);
  pack_bin(pk, "before", before);
  pack_bin(pk, "after", after);
  hook_of(user)->remote->forward(wire::kValidate, std::string(buf.data(), buf.size()), ctx->call);
  return ctx->call->code;
}

int remote_observer(void* user, const cedu_context* ctx, cedu_bytes payload) {
  msgpack::sbuffer buf;
  Packer pk(buf);
  pk.pack_map(5);
  pk.pack("index"), pk.pack(hook_of(user)->index);
  pk.pack("town"), pk.pack(str(ctx->town));
  pk.pack("topic"), pk.pack(str(ctx->method));
  pack_bin(pk, "config", ctx->config);
  pack_bin(pk, "payload", payload);
  hook_of(user)->remote->forward(wire::kObserve, std::string(buf.data(), buf.size()), ctx->call);
  return ctx->call->code;
}

int remote_method(void* user, const cedu_context* ctx, cedu_bytes params) {
  msgpack::sbuffer buf;
  Packer pk(buf);
  pk.pack_map(6);
  pk.pack("index"), pk.pack(hook_of(user)->index);
  pk.pack("town"), pk.pack(str(ctx->town));
  pk.pack("principal"), pk.pack(str(ctx->principal));
  pk.pack("method"), pk.pack(str(ctx->method));
  pack_bin(pk, "config", ctx->config);
  pack_bin(pk, "params", params);
  hook_of(user)->remote->forward(wire::kCallMethod, std::string(buf.data(), buf.size()), ctx->call);
  return ctx->call->code;
}

int remote_indicator(void* user, const cedu_context* ctx, cedu_bytes station, int year, double* value) {
  msgpack::sbuffer buf;
  Packer pk(buf);
  pk.pack_map(5);
  pk.pack("index"), pk.pack(hook_of(user)->index);
  pk.pack("town"), pk.pack(str(ctx->town));
  pack_bin(pk, "config", ctx->config);
  pk.pack("station"), pk.pack(str(station));
  pk.pack("year"), pk.pack(year);
  hook_of(user)->remote->forward(wire::kIndicator, std::string(buf.data(), buf.size()), ctx->call, value);
  return ctx->call->code;
}

int remote_config_check(void* user, const cedu_context* ctx) {
  msgpack::sbuffer buf;
  Packer pk(buf);
  pk.pack_map(2);
  pk.pack("town"), pk.pack(str(ctx->town));
  pack_bin(pk, "config", ctx->config);
  hook_of(user)->remote->forward(wire::kConfigCheck, std::string(buf.data(), buf.size()), ctx->call);
  return ctx->call->code;
}

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

void RemotePlugin::describe(LoadedPlugin& p, const std::string& service, const IsolationOptions& options,
                            const std::vector<std::string>& base_args, const std::string& scratch_dir) {
  std::error_code ec;
  std::filesystem::create_directories(scratch_dir, ec);
  const std::string out = (std::filesystem::path(scratch_dir) /
                           (p.info.name + ".describe." + std::to_string(getpid()))).string();
  std::filesystem::remove(out, ec);
  std::vector<std::string> argv = {options.program};
  argv.insert(argv.end(), base_args.begin(), base_args.end());
  argv.insert(argv.end(), options.args.begin(), options.args.end());
  argv.insert(argv.end(), {"--describe-to", out});
  const std::optional<int> code = ChildSupervisor::run_once(argv, options.describe_timeout);
  const std::string bytes = read_all(out);
  std::filesystem::remove(out, ec);
  if (!code || *code != 0 || bytes.empty()) {
    return p.refuse("its isolated host (" + options.program + ") could not describe it: " +
                    (code ? "exit code " + std::to_string(*code) : std::string("it did not finish")) +
                    " (see the service's log)");
  }
  msgpack::object_handle h;
  try {
    h = msgpack::unpack(bytes.data(), bytes.size());
  } catch (const std::exception& e) {
    return p.refuse(std::string("its isolated host wrote an unreadable description: ") + e.what());
  }
  const msgpack::object& d = h.get();
  if (const msgpack::object* err = get(d, "config_error")) {
    throw config::ConfigError(as_string(get(*err, "file")), static_cast<int>(as_int(get(*err, "line"))),
                              as_string(get(*err, "key")), as_string(get(*err, "problem")));
  }
  if (get(d, "not_ours") != nullptr) {
    p.info.service = "(another library)";  // load_all skips it
    return;
  }
  if (const msgpack::object* refused = get(d, "refused")) return p.refuse(as_string(refused));
  p.info.name = as_string(get(d, "name"));
  p.info.version = Semver::parse(as_string(get(d, "version"))).value_or(Semver{});
  p.info.service = service;
  p.info.author = as_string(get(d, "author"));
  p.info.description = as_string(get(d, "description"));
  p.info.api_major = static_cast<std::uint32_t>(as_int(get(d, "api_major")));
  p.info.api_minor = static_cast<std::uint32_t>(as_int(get(d, "api_minor")));

  std::vector<std::string> run_args = {options.program};
  run_args.insert(run_args.end(), base_args.begin(), base_args.end());
  run_args.insert(run_args.end(), options.args.begin(), options.args.end());
  auto remote = std::make_shared<RemotePlugin>(p.info.name, wire::host_service_name(service, p.info.name),
                                               run_args, options);
  int i = 0;
  for (const auto* v : items(get(d, "validators"))) {
    p.validators.push_back({as_string(v), &remote_validator, remote->hook(i++)});
  }
  i = 0;
  for (const auto* o : items(get(d, "observers"))) {
    p.observers.push_back({as_string(o), &remote_observer, remote->hook(i++)});
  }
  i = 0;
  for (const auto* m : items(get(d, "methods"))) {
    p.methods.push_back({as_string(m), &remote_method, remote->hook(i++)});
  }
  i = 0;
  for (const auto* ind : items(get(d, "indicators"))) {
    p.indicators.push_back({item_string(ind, 0), item_string(ind, 1), &remote_indicator, remote->hook(i++)});
  }
  for (const auto* f : items(get(d, "fields"))) {
    p.fields.push_back({item_string(f, 0), item_string(f, 1), item_string(f, 2)});
  }
  const msgpack::object* check = get(d, "config_check");
  if (check != nullptr && check->type == msgpack::type::BOOLEAN && check->via.boolean) {
    p.config_check = &remote_config_check;
    p.config_check_user = remote->hook(-1);
  }
  p.remote = std::move(remote);
}

RemotePlugin::RemotePlugin(std::string plugin, std::string bus_service, std::vector<std::string> argv,
                           const IsolationOptions& options)
    : plugin_(std::move(plugin)),
      bus_service_(std::move(bus_service)),
      call_timeout_(options.call_timeout),
      clients_(options.client),
      supervisor_("cedu-plugin-host of " + plugin_ + " (" + bus_service_ + ")", std::move(argv),
                  options.restart) {}

void RemotePlugin::forward(const char* method, const std::string& params, cedu_call* call, double* value) {
  using namespace std::chrono;
  // Inside a request its deadline bounds the call, less a little to answer the caller;
  // call_timeout always does (a library holds its write lock while a validator runs).
  const auto now = Clock::now();
  auto deadline = now + call_timeout_;
  if (call->deadline) deadline = std::min(deadline, *call->deadline - milliseconds(100));
  const auto left = duration_cast<milliseconds>(deadline - now);
  if (left <= milliseconds(0)) {
    call->code = CEDU_DEADLINE_EXCEEDED;
    call->message = "no time left to ask its isolated host " + bus_service_;
    return;
  }
  CallOptions o;
  o.timeout = left;
  Result<Reply> reply = clients_.call(bus_service_, method, params, o);
  if (!reply.ok()) {
    const Status& s = reply.status();
    call->code = static_cast<int>(s.code());
    if (call->code == CEDU_OK || call->code > CEDU_INTERNAL) call->code = CEDU_INTERNAL;
    call->field.clear();
    call->message = "its isolated host " + bus_service_ + " did not answer " + method + ": " + s.message();
    if (s.code() == StatusCode::kDeadlineExceeded) {
      // It hangs: a host whose handler threads are stuck would fail every later call too.
      supervisor_.kill_child(plugin_ + " let a deadline pass in " + method);
    }
    return;
  }
  const msgpack::object& r = reply->result();
  call->code = static_cast<int>(as_int(get(r, "code")));
  call->field = as_string(get(r, "field"));
  call->message = as_string(get(r, "message"));
  if (const msgpack::object* result = get(r, "result")) {
    call->has_result = true;
    call->result = as_string(result);
  }
  if (value != nullptr) {
    if (const msgpack::object* v = get(r, "value")) {
      if (v->type == msgpack::type::FLOAT64 || v->type == msgpack::type::FLOAT32) *value = v->via.f64;
      else *value = static_cast<double>(as_int(v));
    }
  }
}

}  // namespace cedu::plugins
