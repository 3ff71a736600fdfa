// RemotePlugin: the service's side of an isolated plugin (a towns file says `isolate:
// true`). The service never dlopens it: at start it runs `cedu-plugin-host --describe-to
// FILE` once to learn what the plugin is and registered (and to check every town's
// config block), then keeps a cedu-plugin-host running (ChildSupervisor: restarted with
// backoff whenever it exits) that serves the plugin on the bus as
// plugin-<service>-<plugin> (isolation_wire.h). The plugin's hooks in the service are
// trampolines that forward each callback there as a bus request bounded by the caller's
// deadline; a host that crashed or hangs makes the callback fail with UNAVAILABLE or
// DEADLINE_EXCEEDED — a plugin failure the failure guard counts — and a host that let a
// deadline pass is killed so that a fresh one serves the next call.
// Thread-safety: thread-safe after describe().
#pragma once

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bus/client/client.h"
#include "plugins/host/child_supervisor.h"
#include "plugins/host/client_pool.h"

struct cedu_call;

namespace cedu::plugins {

struct LoadedPlugin;

// How a library service runs its isolated plugins (HostOptions::isolation).
struct IsolationOptions {
  std::string program;            // the cedu-plugin-host executable
  std::vector<std::string> args;  // added to every run: --config, --network, --endpoint, …
  ClientOptions client;           // how the service reaches the hosts (its own key)
  // The longest any callback may take; inside a request its deadline bounds it too. A
  // library runs validators under its write lock: this caps how long a hung plugin holds
  // up the library's other writes.
  std::chrono::milliseconds call_timeout{3000};
  std::chrono::milliseconds describe_timeout{20000};
  SupervisorOptions restart;
};

class RemotePlugin {
 public:
  // Describes `p` (whose file, service and name are known) by a run of the host program
  // with `base_args` (--service, --plugin, --plugin-dir, …) and fills p.info and its
  // hooks. A host that cannot describe it refuses `p` with the reason; a town config the
  // plugin rejects throws config::ConfigError with the towns file's line.
  static void describe(LoadedPlugin& p, const std::string& service, const IsolationOptions& options,
                       const std::vector<std::string>& base_args, const std::string& scratch_dir);

  RemotePlugin(std::string plugin, std::string bus_service, std::vector<std::string> argv,
               const IsolationOptions& options);

  void start() { supervisor_.start(); }
  const std::string& bus_service() const { return bus_service_; }
  const ChildSupervisor& supervisor() const { return supervisor_; }

  // One callback over the bus: the reply map's code, field, message and result land in
  // `call`; a bus error becomes the callback's code with a message naming the host.
  // `value` receives an indicator's number.
  void forward(const char* method, const std::string& params, cedu_call* call, double* value = nullptr);

  // Hook user data: which of the plugin's callbacks a trampoline stands for.
  struct Hook {
    RemotePlugin* remote;
    int index;
  };
  Hook* hook(int index) { return &hooks_.emplace_back(Hook{this, index}); }

 private:
  std::string plugin_;
  std::string bus_service_;
  std::chrono::milliseconds call_timeout_;
  ClientPool clients_;
  ChildSupervisor supervisor_;
  std::deque<Hook> hooks_;  // stable addresses
};

}  // namespace cedu::plugins
