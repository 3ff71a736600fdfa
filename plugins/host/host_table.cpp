#include "plugins/host/host_table.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include <msgpack.hpp>
#include <spdlog/spdlog.h>

#include "common/msgpack/fields.h"
#include "common/sqlite/statement.h"
#include "plugins/host/plugin_host.h"

namespace cedu::plugins {
namespace {

using Packer = msgpack::packer<msgpack::sbuffer>;

const char* const kFieldTypes[] = {"string", "text", "int", "number", "bool", "date", "string_list"};
// Method names the host serves itself on every library.
const char* const kReservedMethods[] = {"plugins", "plugins_enable", "plugins_disable", "health"};

// A method, field or indicator name: [a-z][a-z0-9_]*, at most 64 characters.
bool valid_name(const char* s) {
  if (s == nullptr || *s < 'a' || *s > 'z' || std::strlen(s) > 64) return false;
  for (const char* p = s; *p != '\0'; ++p) {
    if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')) return false;
  }
  return true;
}

std::string text(const char* s) { return s == nullptr ? std::string() : std::string(s); }

// Registration is refused outside load and for bad names; the reason goes to the log.
int refuse_registration(cedu_host* h, const std::string& why) {
  spdlog::error("plugin {}: {}", h->plugin->info.name, why);
  return CEDU_INVALID_ARGUMENT;
}

bool loading(cedu_host* h) { return h != nullptr && h->plugin != nullptr && h->plugin->loading; }

int add_validator(cedu_host* h, const char* resource, cedu_validator_fn fn, void* user) {
  if (!loading(h)) return CEDU_FAILED_PRECONDITION;
  if (fn == nullptr || text(resource) != h->host->options().service) {
    return refuse_registration(h, "add_validator: resource must be '" + h->host->options().service +
                                      "' (the service the plugin extends), not '" + text(resource) + "'");
  }
  h->plugin->validators.push_back({text(resource), fn, user});
  return CEDU_OK;
}

int add_observer(cedu_host* h, const char* prefix, cedu_observer_fn fn, void* user) {
  if (!loading(h)) return CEDU_FAILED_PRECONDITION;
  if (fn == nullptr || prefix == nullptr) return refuse_registration(h, "add_observer: no function or prefix");
  h->plugin->observers.push_back({text(prefix), fn, user});
  return CEDU_OK;
}

int add_method(cedu_host* h, const char* method, cedu_method_fn fn, void* user) {
  if (!loading(h)) return CEDU_FAILED_PRECONDITION;
  if (fn == nullptr || !valid_name(method)) {
    return refuse_registration(h, "add_method: '" + text(method) + "' is not a method name ([a-z][a-z0-9_]*)");
  }
  for (const char* reserved : kReservedMethods) {
    if (text(method) == reserved) return refuse_registration(h, "add_method: '" + text(method) + "' is the host's");
  }
  for (const auto& m : h->plugin->methods) {
    if (m.name == method) return refuse_registration(h, "add_method: '" + text(method) + "' twice");
  }
  h->plugin->methods.push_back({text(method), fn, user});
  return CEDU_OK;
}

int add_indicator(cedu_host* h, const char* name, const char* label, cedu_indicator_fn fn, void* user) {
  if (!loading(h)) return CEDU_FAILED_PRECONDITION;
  if (fn == nullptr || !valid_name(name)) {
    return refuse_registration(h, "add_indicator: '" + text(name) + "' is not an indicator name");
  }
  h->plugin->indicators.push_back({text(name), text(label), fn, user});
  return CEDU_OK;
}

int add_field(cedu_host* h, const char* name, const char* type, const char* label) {
  if (!loading(h)) return CEDU_FAILED_PRECONDITION;
  if (!valid_name(name)) return refuse_registration(h, "add_field: '" + text(name) + "' is not a field name");
  if (std::none_of(std::begin(kFieldTypes), std::end(kFieldTypes),
                   [&](const char* t) { return text(type) == t; })) {
    return refuse_registration(h, "add_field " + text(name) + ": type '" + text(type) +
                                      "' is not one of string, text, int, number, bool, date, string_list");
  }
  for (const auto& f : h->plugin->fields) {
    if (f.name == name) return refuse_registration(h, "add_field: '" + text(name) + "' twice");
  }
  for (const auto& r : h->host->options().reserved_fields) {
    if (r == name) {
      return refuse_registration(h, "add_field: '" + text(name) + "' is already a field of " +
                                        h->host->options().service);
    }
  }
  h->plugin->fields.push_back({text(name), text(type), text(label).empty() ? text(name) : text(label)});
  return CEDU_OK;
}

int add_storage_step(cedu_host* h, int32_t version, const char* description, const char* sql) {
  if (!loading(h)) return CEDU_FAILED_PRECONDITION;
  auto& steps = h->plugin->storage_steps;
  if (version != static_cast<int32_t>(steps.size()) + 1 || sql == nullptr || *sql == '\0') {
    return refuse_registration(h, "add_storage_step: steps go 1, 2, 3, … each with SQL; got " +
                                      std::to_string(version) + " after " + std::to_string(steps.size()));
  }
  steps.push_back({version, text(description), text(sql)});
  return CEDU_OK;
}

int set_config_check(cedu_host* h, cedu_config_check_fn fn, void* user) {
  if (!loading(h)) return CEDU_FAILED_PRECONDITION;
  h->plugin->config_check = fn;
  h->plugin->config_check_user = user;
  return CEDU_OK;
}

void set_error(cedu_call* call, int code, const char* field, const char* message) {
  if (call == nullptr) return;
  call->code = code == CEDU_OK ? CEDU_INTERNAL : code;
  call->field = text(field);
  call->message = text(message);
}

void write_result(cedu_call* call, const char* data, size_t size) {
  if (call == nullptr) return;
  call->has_result = true;
  call->result.assign(data == nullptr ? "" : data, data == nullptr ? 0 : size);
}

void log(cedu_host* h, int level, const char* message) {
  if (h == nullptr || h->plugin == nullptr) return;
  const auto lvl = level <= CEDU_LOG_DEBUG  ? spdlog::level::debug
                   : level == CEDU_LOG_INFO ? spdlog::level::info
                   : level == CEDU_LOG_WARN ? spdlog::level::warn
                                            : spdlog::level::err;
  spdlog::log(lvl, "plugin {}: {}", h->plugin->info.name, text(message));
}

int config(cedu_host* h, cedu_bytes town, cedu_receive_fn receive, void* user) {
  if (h == nullptr || receive == nullptr) return CEDU_INVALID_ARGUMENT;
  const std::string bytes =
      h->host->config_of(*h->plugin, std::string_view(town.data == nullptr ? "" : town.data, town.size));
  receive(user, bytes.data(), bytes.size());
  return CEDU_OK;
}

void say(cedu_receive_fn error, void* user, const std::string& message) {
  if (error != nullptr) error(user, message.data(), message.size());
}

Status bind_params(sqlite::Statement& st, cedu_bytes params) {
  if (params.size == 0) return Status::ok();
  CEDU_ASSIGN_OR_RETURN(auto handle, mp::unpack(std::string_view(params.data, params.size), "params"));
  const msgpack::object& a = handle.get();
  if (a.type != msgpack::type::ARRAY) return Status::invalid_argument("params must be an array");
  for (std::uint32_t i = 0; i < a.via.array.size; ++i) {
    const msgpack::object& v = a.via.array.ptr[i];
    const int at = static_cast<int>(i) + 1;
    switch (v.type) {
      case msgpack::type::NIL: CEDU_RETURN_IF_ERROR(st.bind_null(at)); break;
      case msgpack::type::BOOLEAN: CEDU_RETURN_IF_ERROR(st.bind(at, std::int64_t{v.via.boolean ? 1 : 0})); break;
      case msgpack::type::POSITIVE_INTEGER:
        if (v.via.u64 > static_cast<std::uint64_t>(INT64_MAX)) return Status::invalid_argument("integer too large");
        CEDU_RETURN_IF_ERROR(st.bind(at, static_cast<std::int64_t>(v.via.u64)));
        break;
      case msgpack::type::NEGATIVE_INTEGER: CEDU_RETURN_IF_ERROR(st.bind(at, v.via.i64)); break;
      case msgpack::type::FLOAT32:
      case msgpack::type::FLOAT64: CEDU_RETURN_IF_ERROR(st.bind(at, v.via.f64)); break;
      case msgpack::type::STR:
        CEDU_RETURN_IF_ERROR(st.bind_text(at, std::string_view(v.via.str.ptr, v.via.str.size)));
        break;
      case msgpack::type::BIN:
        CEDU_RETURN_IF_ERROR(st.bind_blob(at, std::string_view(v.via.bin.ptr, v.via.bin.size)));
        break;
      default:
        return Status::invalid_argument("params[" + std::to_string(i) + "] must be nil, a boolean, "
                                        "number, string or binary");
    }
  }
  return Status::ok();
}

// Runs the statement and packs its rows as an array of arrays.
Result<std::string> run_rows(sqlite::Statement& st) {
  msgpack::sbuffer rows;
  Packer pk(rows);
  std::uint32_t count = 0;
  while (true) {
    CEDU_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    ++count;
    const int n = st.column_count();
    pk.pack_array(static_cast<std::uint32_t>(n));
    for (int c = 0; c < n; ++c) {
      switch (sqlite3_column_type(st.handle(), c)) {
        case SQLITE_NULL: pk.pack_nil(); break;
        case SQLITE_INTEGER: pk.pack(st.int64(c)); break;
        case SQLITE_FLOAT: pk.pack(st.real(c)); break;
        case SQLITE_BLOB: {
          const std::string b = st.blob(c);
          pk.pack_bin(static_cast<std::uint32_t>(b.size()));
          pk.pack_bin_body(b.data(), static_cast<std::uint32_t>(b.size()));
          break;
        }
        default: pk.pack(st.text(c));
      }
    }
  }
  msgpack::sbuffer out;
  Packer head(out);
  head.pack_array(count);
  out.write(rows.data(), rows.size());
  return std::string(out.data(), out.size());
}

int storage(cedu_host* h, const char* sql, cedu_bytes params, cedu_receive_fn rows,
            cedu_receive_fn error, void* user) {
  if (h == nullptr || sql == nullptr) return CEDU_INVALID_ARGUMENT;
  LoadedPlugin& p = *h->plugin;
  std::lock_guard<std::mutex> lock(p.storage_mutex);
  if (!p.storage) {
    say(error, user, "plugin " + p.info.name + " has no storage: register a storage step at load");
    return CEDU_FAILED_PRECONDITION;
  }
  auto result = [&]() -> Result<std::string> {
    CEDU_ASSIGN_OR_RETURN(sqlite::Statement st, p.storage->prepare(sql));
    CEDU_RETURN_IF_ERROR(bind_params(st, params));
    return run_rows(st);
  }();
  if (!result.ok()) {
    say(error, user, result.status().message());
    return static_cast<int>(result.status().code());
  }
  if (rows != nullptr) rows(user, result->data(), result->size());
  return CEDU_OK;
}

int call_service(cedu_host* h, cedu_call* call, const char* service, const char* method,
                 cedu_bytes params, uint32_t timeout_ms, cedu_receive_fn reply,
                 cedu_receive_fn error, void* user) {
  if (h == nullptr || service == nullptr || method == nullptr) return CEDU_INVALID_ARGUMENT;
  const BusCall& bus = h->host->bus();
  if (!bus) {
    say(error, user, "no bus: the host is not connected");
    return CEDU_UNAVAILABLE;
  }
  using namespace std::chrono;
  // At most 10 s whatever the plugin asks; inside a request, no later than its deadline.
  auto deadline = steady_clock::now() + milliseconds(std::min<uint32_t>(timeout_ms == 0 ? 2000 : timeout_ms, 10000));
  if (call != nullptr && call->deadline) deadline = std::min(deadline, *call->deadline);
  const std::string packed = params.size == 0 ? std::string(1, '\x80') : std::string(params.data, params.size);
  auto r = bus(service, method, packed, deadline);
  if (!r.ok()) {
    say(error, user, r.status().message());
    return static_cast<int>(r.status().code());
  }
  if (reply != nullptr) reply(user, r->data(), r->size());
  return CEDU_OK;
}

}  // namespace

const cedu_host_api* host_api() {
  static const cedu_host_api api = [] {
    cedu_host_api a{};
    a.struct_size = sizeof(cedu_host_api);
    a.api_major = CEDU_PLUGIN_API_MAJOR;
    a.api_minor = CEDU_PLUGIN_API_MINOR;
    a.add_validator = &add_validator;
    a.add_observer = &add_observer;
    a.add_method = &add_method;
    a.add_indicator = &add_indicator;
    a.add_field = &add_field;
    a.add_storage_step = &add_storage_step;
    a.set_config_check = &set_config_check;
    a.set_error = &set_error;
    a.write_result = &write_result;
    a.log = &log;
    a.config = &config;
    a.storage = &storage;
    a.call_service = &call_service;
    return a;
  }();
  return &api;
}

}  // namespace cedu::plugins
