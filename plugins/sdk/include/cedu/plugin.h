/* cedu/plugin.h — the plain C ABI between a cedu library service (the host) and a
 * town-school plugin (a shared object in the host's plugin directory). docs/plugins.md
 * explains how to write, build, install and enable one.
 *
 * A plugin exports three entry points (CEDU_PLUGIN_EXPORT, names below):
 *   cedu_plugin_describe  who it is: name, version, target service, dependencies and the
 *                         API version it was built against. Called right after dlopen,
 *                         before anything else; must not allocate or call the host.
 *   cedu_plugin_load      receives the host table and registers what the plugin adds
 *                         (validators, observers, methods, indicators, fields, storage
 *                         steps, a config check). Returns CEDU_OK or an error code.
 *   cedu_plugin_unload    called once before the host dlcloses the file.
 *
 * Rules of the ABI:
 *  - Only C types cross it. Data is MessagePack bytes (pointer + length); text is UTF-8.
 *  - Memory is never freed by the other side. What the host passes is valid for the
 *    duration of the call only; what a plugin returns it writes through a host callback
 *    (write_result, set_error, the receive functions), which copies it.
 *  - Nothing throws across it: a C++ plugin catches every exception (cedu/plugin.hpp does).
 *  - Callbacks may run on several threads at once; a plugin must be thread-safe.
 *  - Every callback gets a cedu_context naming the town the record, event or request
 *    belongs to, and that town's config block for the plugin. The host calls a plugin only
 *    for towns that enable it.
 *
 * Versioning: the host refuses a plugin built for another major version or for a newer
 * minor version than its own. Minor versions only append members to the structs below,
 * each of which starts with struct_size, so older plugins keep working. A plugin that uses
 * a member added in a later minor checks `api->struct_size` first.
 *
 * Thread-safety: see above; the host table itself is immutable.
 */
#ifndef CEDU_PLUGIN_H
#define CEDU_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#define CEDU_PLUGIN_API_MAJOR 1
#define CEDU_PLUGIN_API_MINOR 0

#if defined(__GNUC__) || defined(__clang__)
#define CEDU_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define CEDU_PLUGIN_EXPORT
#endif

#define CEDU_PLUGIN_DESCRIBE_SYMBOL "cedu_plugin_describe"
#define CEDU_PLUGIN_LOAD_SYMBOL "cedu_plugin_load"
#define CEDU_PLUGIN_UNLOAD_SYMBOL "cedu_plugin_unload"

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes: the numbers of cedu::StatusCode and the wire codes of docs/protocol.md. */
enum cedu_status_code {
  CEDU_OK = 0,
  CEDU_INVALID_ARGUMENT = 1,
  CEDU_NOT_FOUND = 2,
  CEDU_ALREADY_EXISTS = 3,
  CEDU_CONFLICT = 4,
  CEDU_FAILED_PRECONDITION = 5,
  CEDU_PERMISSION_DENIED = 6,
  CEDU_UNAUTHENTICATED = 7,
  CEDU_RESOURCE_EXHAUSTED = 8,
  CEDU_UNAVAILABLE = 9,
  CEDU_DEADLINE_EXCEEDED = 10,
  CEDU_INTERNAL = 11
};

enum cedu_log_level { CEDU_LOG_DEBUG = 1, CEDU_LOG_INFO = 2, CEDU_LOG_WARN = 3, CEDU_LOG_ERROR = 4 };

/* Bytes owned by whoever passes them: MessagePack, or UTF-8 text (not NUL-terminated). */
typedef struct cedu_bytes {
  const char* data;
  size_t size;
} cedu_bytes;

typedef struct cedu_host cedu_host; /* the host's side of one plugin; opaque */
typedef struct cedu_call cedu_call; /* one invocation of a plugin callback; opaque */

/* Receives bytes the host owns, valid during this call only: copy what you keep. */
typedef void (*cedu_receive_fn)(void* user, const char* data, size_t size);

typedef struct cedu_dependency {
  const char* name;        /* another plugin of the same service */
  const char* min_version; /* semver: that plugin must be at least this version */
} cedu_dependency;

typedef struct cedu_plugin_info {
  uint32_t struct_size; /* sizeof(cedu_plugin_info) as the plugin was built */
  uint32_t api_major;   /* CEDU_PLUGIN_API_MAJOR the plugin was built against */
  uint32_t api_minor;   /* CEDU_PLUGIN_API_MINOR the plugin was built against */
  const char* name;     /* [a-z][a-z0-9-]*, unique in a service: "shawan-heritage" */
  const char* version;  /* semver MAJOR.MINOR.PATCH: "1.0.0" */
  const char* service;  /* the library service it extends: "course", "volunteer", ... */
  const char* author;
  const char* description;
  const cedu_dependency* dependencies; /* may be NULL when dependency_count is 0 */
  uint32_t dependency_count;
} cedu_plugin_info;

/* What every callback knows about the work at hand. */
typedef struct cedu_context {
  uint32_t struct_size;
  cedu_bytes town;      /* slug of the town the record, event or request belongs to */
  cedu_bytes principal; /* the broker-stamped caller; empty for events */
  cedu_bytes method;    /* "course.create", "course.published", "course.heritage_catalog" */
  cedu_bytes config;    /* MessagePack map: this plugin's config block for `town` */
  cedu_call* call;      /* where set_error and write_result go */
} cedu_context;

/* Before a write of a record of `resource`: `before` is empty (size 0) for a create; both
 * are the record as one MessagePack map (personal data masked). Return CEDU_OK to let the
 * write go on, or set_error(ctx->call, CEDU_INVALID_ARGUMENT or CEDU_FAILED_PRECONDITION,
 * field, message) and return that code to refuse it. Any other code counts as a failure of
 * the plugin and refuses the write as INTERNAL. */
typedef int (*cedu_validator_fn)(void* user, const cedu_context* ctx, cedu_bytes before,
                                 cedu_bytes after);
/* After an event whose topic starts with the registered prefix: `payload` is the event's
 * MessagePack body. A non-OK return counts as a failure (logged); the event is not undone. */
typedef int (*cedu_observer_fn)(void* user, const cedu_context* ctx, cedu_bytes payload);
/* An extra bus method: `params` is the request's params map. Write the reply with
 * write_result (one MessagePack value; an empty map when nothing is written) or fail with
 * set_error. */
typedef int (*cedu_method_fn)(void* user, const cedu_context* ctx, cedu_bytes params);
/* An evaluation indicator: the value for the town (ctx->town), `station` (empty for the
 * whole town) and `year`, written to *value. */
typedef int (*cedu_indicator_fn)(void* user, const cedu_context* ctx, cedu_bytes station,
                                 int32_t year, double* value);
/* Checks a town's config block (ctx->config) when the host loads configs/towns/ or a town
 * enables the plugin at run time. Reject with set_error naming the key path inside the
 * block ("heritage_items", "heritage_items[2]"); the host turns it into file:line. */
typedef int (*cedu_config_check_fn)(void* user, const cedu_context* ctx);

typedef struct cedu_host_api {
  uint32_t struct_size; /* sizeof(cedu_host_api) as the host was built */
  uint32_t api_major;
  uint32_t api_minor;

  /* Registration: only from inside cedu_plugin_load. Each returns CEDU_OK, or an error
   * code after logging why (a duplicate name, a bad type, a call after load). */
  int (*add_validator)(cedu_host* host, const char* resource, cedu_validator_fn fn, void* user);
  int (*add_observer)(cedu_host* host, const char* topic_prefix, cedu_observer_fn fn, void* user);
  /* `method` without the service prefix: "heritage_catalog" serves course.heritage_catalog.
   * A request names its town with params.town (slug or Chinese name); a town admin's
   * defaults to its own. */
  int (*add_method)(cedu_host* host, const char* method, cedu_method_fn fn, void* user);
  int (*add_indicator)(cedu_host* host, const char* name, const char* label,
                       cedu_indicator_fn fn, void* user);
  /* An extra field on the service's records: `type` is one of string, text, int, number,
   * bool, date, string_list; `label` is the Chinese column header of imports and exports.
   * Only records of towns that enable the plugin may set it. */
  int (*add_field)(cedu_host* host, const char* name, const char* type, const char* label);
  /* Schema step `version` (1, 2, ... in order) of the plugin's own SQLite database, applied
   * by the host in a transaction after load, each once (install, then upgrades). */
  int (*add_storage_step)(cedu_host* host, int32_t version, const char* description,
                          const char* sql);
  int (*set_config_check)(cedu_host* host, cedu_config_check_fn fn, void* user);

  /* Results of the callback `call` belongs to. Copied by the host. */
  void (*set_error)(cedu_call* call, int code, const char* field, const char* message);
  void (*write_result)(cedu_call* call, const char* data, size_t size);

  /* Services, from any callback (and log also from load). */
  void (*log)(cedu_host* host, int level, const char* message);
  /* The config block of `town` (a MessagePack map; empty map when it has none). */
  int (*config)(cedu_host* host, cedu_bytes town, cedu_receive_fn receive, void* user);
  /* Runs one SQL statement on the plugin's own database with `params` (a MessagePack
   * array of nil, booleans, integers, floats and strings bound to ?1, ?2, ...; empty bytes
   * for none). Rows, if any, arrive once through `rows` as a MessagePack array of arrays.
   * On failure returns the code and passes the message to `error`. */
  int (*storage)(cedu_host* host, const char* sql, cedu_bytes params, cedu_receive_fn rows,
                 cedu_receive_fn error, void* user);
  /* Calls service.method over the bus as the service itself, bounded by `timeout_ms` and,
   * inside a request (call != NULL), by that request's deadline. The reply value arrives
   * through `reply`; on failure returns the code and passes the message to `error`. */
  int (*call_service)(cedu_host* host, cedu_call* call, const char* service, const char* method,
                      cedu_bytes params, uint32_t timeout_ms, cedu_receive_fn reply,
                      cedu_receive_fn error, void* user);
} cedu_host_api;

typedef const cedu_plugin_info* (*cedu_plugin_describe_fn)(void);
typedef int (*cedu_plugin_load_fn)(const cedu_host_api* api, cedu_host* host, cedu_call* call);
typedef void (*cedu_plugin_unload_fn)(void);

/* The entry points, declared so a plugin's definitions are checked against them. */
CEDU_PLUGIN_EXPORT const cedu_plugin_info* cedu_plugin_describe(void);
/* `call` takes a set_error explaining a refusal. */
CEDU_PLUGIN_EXPORT int cedu_plugin_load(const cedu_host_api* api, cedu_host* host, cedu_call* call);
CEDU_PLUGIN_EXPORT void cedu_plugin_unload(void);

#ifdef __cplusplus
}
#endif

#endif /* CEDU_PLUGIN_H */
