// cedu/plugin.hpp — a header-only C++ face of the plain C plugin ABI (cedu/plugin.h), so a
// town-school plugin is ordinary C++ with msgpack-cxx in and out:
//
//   class Heritage : public cedu::plugin::Plugin {
//    public:
//     void load(cedu::plugin::Registrar& r) override {
//       r.field("heritage_item", "string", "非遗项目");
//       r.validator("course", [](const cedu::plugin::Context& c, const msgpack::object* before,
//                                const msgpack::object& after) { ... throw Error::invalid(...); });
//       r.method("heritage_catalog", [this](const cedu::plugin::Context& c,
//                                           const msgpack::object& params) { return pack(...); });
//     }
//   };
//   CEDU_PLUGIN(Heritage, "shawan-heritage", "1.0.0", "course", "沙湾镇社区教育学校", "…")
//
// Every callback runs inside a try/catch at the ABI boundary: a thrown cedu::plugin::Error
// becomes that error, any other exception an INTERNAL error with its what(); nothing
// crosses into the host. Thread-safety: callbacks may run on several threads at once; the
// Registrar is used during load only.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <span>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <msgpack.hpp>

#include "cedu/plugin.h"

namespace cedu::plugin {

// An error a callback throws (or the host returned): a cedu status code, the field at
// fault (may be empty) and a message for people.
class Error : public std::runtime_error {
 public:
  Error(int code, std::string field, const std::string& message)
      : std::runtime_error(message), code_(code), field_(std::move(field)) {}
  static Error invalid(std::string field, const std::string& message) {
    return Error(CEDU_INVALID_ARGUMENT, std::move(field), message);
  }
  static Error precondition(std::string field, const std::string& message) {
    return Error(CEDU_FAILED_PRECONDITION, std::move(field), message);
  }
  static Error not_found(std::string field, const std::string& message) {
    return Error(CEDU_NOT_FOUND, std::move(field), message);
  }
  int code() const { return code_; }
  const std::string& field() const { return field_; }

 private:
  int code_;
  std::string field_;
};

// Packs any msgpack-cxx packable value into bytes (a reply, storage params).
template <typename T>
std::string pack(const T& value) {
  std::stringstream out;
  msgpack::pack(out, value);
  return out.str();
}

// The string at `key` of a MessagePack map, or empty when absent or not a string.
inline std::string_view string_at(const msgpack::object& map, std::string_view key) {
  if (map.type != msgpack::type::MAP) return {};
  for (std::uint32_t i = 0; i < map.via.map.size; ++i) {
    const auto& kv = map.via.map.ptr[i];
    if (kv.key.type == msgpack::type::STR &&
        std::string_view(kv.key.via.str.ptr, kv.key.via.str.size) == key) {
      if (kv.val.type != msgpack::type::STR) return {};
      return {kv.val.via.str.ptr, kv.val.via.str.size};
    }
  }
  return {};
}
// The value at `key` of a MessagePack map, or nullptr.
inline const msgpack::object* find(const msgpack::object& map, std::string_view key) {
  if (map.type != msgpack::type::MAP) return nullptr;
  for (std::uint32_t i = 0; i < map.via.map.size; ++i) {
    const auto& kv = map.via.map.ptr[i];
    if (kv.key.type == msgpack::type::STR &&
        std::string_view(kv.key.via.str.ptr, kv.key.via.str.size) == key) {
      return &kv.val;
    }
  }
  return nullptr;
}

namespace detail {

inline std::string_view view(cedu_bytes b) { return {b.data == nullptr ? "" : b.data, b.size}; }

inline void append(void* user, const char* data, std::size_t size) {
  static_cast<std::string*>(user)->append(data, size);
}

// Unpacks bytes the host passed; empty bytes are an empty map.
inline msgpack::object_handle unpack_or_empty_map(cedu_bytes b) {
  if (b.size == 0) {
    static const std::string empty = pack(std::map<std::string, int>{});
    return msgpack::unpack(empty.data(), empty.size());
  }
  return msgpack::unpack(b.data, b.size);
}

// What two receive functions collected: a value or an error message.
struct Received {
  std::string value;
  std::string error;
};
inline void receive_value(void* user, const char* d, std::size_t n) {
  static_cast<Received*>(user)->value.append(d, n);
}
inline void receive_error(void* user, const char* d, std::size_t n) {
  static_cast<Received*>(user)->error.append(d, n);
}

}  // namespace detail

// The host's services for a plugin: logging, its storage, its config, calls over the bus.
// Each throws Error when the host reports one.
class Host {
 public:
  Host() = default;
  Host(const cedu_host_api* api, cedu_host* host) : api_(api), host_(host) {}

  void log(int level, const std::string& message) const { api_->log(host_, level, message.c_str()); }
  void info(const std::string& message) const { log(CEDU_LOG_INFO, message); }
  void warn(const std::string& message) const { log(CEDU_LOG_WARN, message); }

  // Runs one statement on the plugin's database, binding `params` to ?1, ?2, ...; the rows
  // as an array of arrays (empty when the statement returns none).
  template <typename... Params>
  msgpack::object_handle storage(const std::string& sql, const Params&... params) const {
    std::string packed;
    if constexpr (sizeof...(Params) > 0) {
      std::stringstream out;
      msgpack::packer<std::stringstream> pk(out);
      pk.pack_array(sizeof...(Params));
      (pk.pack(params), ...);
      packed = out.str();
    }
    detail::Received r;
    int code = api_->storage(host_, sql.c_str(), cedu_bytes{packed.data(), packed.size()},
                             &detail::receive_value, &detail::receive_error, &r);
    if (code != CEDU_OK) throw Error(code, {}, "storage: " + r.error);
    if (r.value.empty()) r.value = pack(std::vector<int>{});
    return msgpack::unpack(r.value.data(), r.value.size());
  }

  // Calls service.method with packed `params`; inside a callback pass its context so the
  // request's deadline bounds the call.
  msgpack::object_handle call(const cedu_context* ctx, const std::string& service,
                              const std::string& method, const std::string& params,
                              std::uint32_t timeout_ms = 2000) const {
    detail::Received r;
    int code = api_->call_service(host_, ctx == nullptr ? nullptr : ctx->call, service.c_str(),
                                  method.c_str(), cedu_bytes{params.data(), params.size()},
                                  timeout_ms, &detail::receive_value, &detail::receive_error, &r);
    if (code != CEDU_OK) throw Error(code, {}, r.error);
    return msgpack::unpack(r.value.data(), r.value.size());
  }

  // The config block of `town` (an empty map when it has none).
  msgpack::object_handle config(std::string_view town) const {
    std::string out;
    api_->config(host_, cedu_bytes{town.data(), town.size()}, &detail::append, &out);
    return detail::unpack_or_empty_map(cedu_bytes{out.data(), out.size()});
  }

 private:
  const cedu_host_api* api_ = nullptr;
  cedu_host* host_ = nullptr;
};

// One callback's view of its work: the town, the caller, the method or topic, the town's
// config for this plugin, and the host.
class Context {
 public:
  Context(const cedu_context* raw, const Host& host)
      : raw_(raw), host_(host), config_(detail::unpack_or_empty_map(raw->config)) {}
  std::string_view town() const { return detail::view(raw_->town); }
  std::string_view principal() const { return detail::view(raw_->principal); }
  std::string_view method() const { return detail::view(raw_->method); }
  const msgpack::object& config() const { return config_.get(); }
  const Host& host() const { return host_; }
  const cedu_context* raw() const { return raw_; }

 private:
  const cedu_context* raw_;
  const Host& host_;
  msgpack::object_handle config_;
};

using ValidatorFn = std::function<void(const Context&, const msgpack::object* before,
                                       const msgpack::object& after)>;
using ObserverFn = std::function<void(const Context&, const msgpack::object& payload)>;
using MethodFn = std::function<std::string(const Context&, const msgpack::object& params)>;
using IndicatorFn = std::function<double(const Context&, std::string_view station, int year)>;
using ConfigCheckFn = std::function<void(const Context&)>;

namespace detail {

// Runs `body`, turning any exception into an error written to `call`; returns the code.
template <typename Body>
int guarded(const cedu_host_api* api, cedu_call* call, Body&& body) noexcept {
  try {
    body();
    return CEDU_OK;
  } catch (const Error& e) {
    api->set_error(call, e.code() == CEDU_OK ? CEDU_INTERNAL : e.code(), e.field().c_str(), e.what());
    return e.code() == CEDU_OK ? CEDU_INTERNAL : e.code();
  } catch (const std::exception& e) {
    api->set_error(call, CEDU_INTERNAL, "", e.what());
  } catch (...) {
    api->set_error(call, CEDU_INTERNAL, "", "unknown exception");
  }
  return CEDU_INTERNAL;
}

// Everything the plugin registered, with the host table: lives from load to unload.
struct State {
  const cedu_host_api* api = nullptr;
  Host host;
  std::list<ValidatorFn> validators;  // std::list: stable addresses for `user`
  std::list<ObserverFn> observers;
  std::list<MethodFn> methods;
  std::list<IndicatorFn> indicators;
  std::list<ConfigCheckFn> config_checks;
};

inline State*& state() {
  static State* s = nullptr;
  return s;
}

inline int call_validator(void* user, const cedu_context* ctx, cedu_bytes before, cedu_bytes after) {
  State& s = *state();
  return guarded(s.api, ctx->call, [&] {
    Context c(ctx, s.host);
    auto a = msgpack::unpack(after.data, after.size);
    if (before.size == 0) {
      (*static_cast<ValidatorFn*>(user))(c, nullptr, a.get());
    } else {
      auto b = msgpack::unpack(before.data, before.size);
      (*static_cast<ValidatorFn*>(user))(c, &b.get(), a.get());
    }
  });
}
inline int call_observer(void* user, const cedu_context* ctx, cedu_bytes payload) {
  State& s = *state();
  return guarded(s.api, ctx->call, [&] {
    Context c(ctx, s.host);
    auto p = detail::unpack_or_empty_map(payload);
    (*static_cast<ObserverFn*>(user))(c, p.get());
  });
}
inline int call_method(void* user, const cedu_context* ctx, cedu_bytes params) {
  State& s = *state();
  return guarded(s.api, ctx->call, [&] {
    Context c(ctx, s.host);
    auto p = detail::unpack_or_empty_map(params);
    std::string out = (*static_cast<MethodFn*>(user))(c, p.get());
    s.api->write_result(ctx->call, out.data(), out.size());
  });
}
inline int call_indicator(void* user, const cedu_context* ctx, cedu_bytes station, int32_t year,
                          double* value) {
  State& s = *state();
  return guarded(s.api, ctx->call, [&] {
    Context c(ctx, s.host);
    *value = (*static_cast<IndicatorFn*>(user))(c, view(station), year);
  });
}
inline int call_config_check(void* user, const cedu_context* ctx) {
  State& s = *state();
  return guarded(s.api, ctx->call, [&] {
    Context c(ctx, s.host);
    (*static_cast<ConfigCheckFn*>(user))(c);
  });
}

}  // namespace detail

// What a plugin registers during load(). Each call throws Error iff the host refuses it.
class Registrar {
 public:
  explicit Registrar(detail::State& s, cedu_host* host) : s_(s), host_(host) {}

  void validator(const std::string& resource, ValidatorFn fn) {
    check(s_.api->add_validator(host_, resource.c_str(), &detail::call_validator,
                                &s_.validators.emplace_back(std::move(fn))), "validator " + resource);
  }
  void observer(const std::string& topic_prefix, ObserverFn fn) {
    check(s_.api->add_observer(host_, topic_prefix.c_str(), &detail::call_observer,
                               &s_.observers.emplace_back(std::move(fn))), "observer " + topic_prefix);
  }
  void method(const std::string& name, MethodFn fn) {
    check(s_.api->add_method(host_, name.c_str(), &detail::call_method,
                             &s_.methods.emplace_back(std::move(fn))), "method " + name);
  }
  void indicator(const std::string& name, const std::string& label, IndicatorFn fn) {
    check(s_.api->add_indicator(host_, name.c_str(), label.c_str(), &detail::call_indicator,
                                &s_.indicators.emplace_back(std::move(fn))), "indicator " + name);
  }
  void field(const std::string& name, const std::string& type, const std::string& label) {
    check(s_.api->add_field(host_, name.c_str(), type.c_str(), label.c_str()), "field " + name);
  }
  void storage_step(int version, const std::string& description, const std::string& sql) {
    check(s_.api->add_storage_step(host_, version, description.c_str(), sql.c_str()),
          "storage step " + std::to_string(version));
  }
  void config_check(ConfigCheckFn fn) {
    check(s_.api->set_config_check(host_, &detail::call_config_check,
                                   &s_.config_checks.emplace_back(std::move(fn))), "config check");
  }
  const Host& host() const { return s_.host; }

 private:
  static void check(int code, const std::string& what) {
    if (code != CEDU_OK) throw Error(code, {}, "the host refused " + what);
  }
  detail::State& s_;
  cedu_host* host_;
};

// The base of a C++ plugin: load() registers; the destructor runs at unload.
class Plugin {
 public:
  virtual ~Plugin() = default;
  virtual void load(Registrar& registrar) = 0;
  // Other plugins of the same service this one needs, with minimum versions.
  static std::span<const cedu_dependency> dependencies() { return {}; }
};

namespace detail {

inline cedu_plugin_info make_info(const char* name, const char* version, const char* service,
                                  const char* author, const char* description,
                                  std::span<const cedu_dependency> deps) {
  cedu_plugin_info info{};
  info.struct_size = sizeof(cedu_plugin_info);
  info.api_major = CEDU_PLUGIN_API_MAJOR;
  info.api_minor = CEDU_PLUGIN_API_MINOR;
  info.name = name;
  info.version = version;
  info.service = service;
  info.author = author;
  info.description = description;
  info.dependencies = deps.empty() ? nullptr : deps.data();
  info.dependency_count = static_cast<std::uint32_t>(deps.size());
  return info;
}

template <typename P>
std::unique_ptr<P>& instance_of() {
  static std::unique_ptr<P> p;
  return p;
}

// Builds the plugin and lets it register. The host calls unload() after a failed load too.
template <typename P>
int load(const cedu_host_api* api, cedu_host* host, cedu_call* call) noexcept {
  // A host older than this header lacks members the wrapper uses.
  if (api == nullptr || api->struct_size < sizeof(cedu_host_api)) return CEDU_FAILED_PRECONDITION;
  auto* s = new (std::nothrow) State();
  if (s == nullptr) return CEDU_RESOURCE_EXHAUSTED;
  s->api = api;
  s->host = Host(api, host);
  state() = s;
  int code = guarded(api, call, [&] {
    auto plugin = std::make_unique<P>();
    Registrar registrar(*s, host);
    plugin->load(registrar);
    instance_of<P>() = std::move(plugin);
  });
  return code;
}

template <typename P>
void unload() noexcept {
  try {
    instance_of<P>().reset();
  } catch (...) {
  }
  delete state();
  state() = nullptr;
}

}  // namespace detail
}  // namespace cedu::plugin

// Defines the three entry points for the plugin class PLUGIN (derived from
// cedu::plugin::Plugin, default-constructible).
#define CEDU_PLUGIN(PLUGIN, NAME, VERSION, SERVICE, AUTHOR, DESCRIPTION)                      \
  extern "C" CEDU_PLUGIN_EXPORT const cedu_plugin_info* cedu_plugin_describe(void) {         \
    static const cedu_plugin_info info = cedu::plugin::detail::make_info(                    \
        NAME, VERSION, SERVICE, AUTHOR, DESCRIPTION, PLUGIN::dependencies());                \
    return &info;                                                                            \
  }                                                                                          \
  extern "C" CEDU_PLUGIN_EXPORT int cedu_plugin_load(const cedu_host_api* api,               \
                                                     cedu_host* host, cedu_call* call) {     \
    return cedu::plugin::detail::load<PLUGIN>(api, host, call);                              \
  }                                                                                          \
  extern "C" CEDU_PLUGIN_EXPORT void cedu_plugin_unload(void) {                              \
    cedu::plugin::detail::unload<PLUGIN>();                                                  \
  }
