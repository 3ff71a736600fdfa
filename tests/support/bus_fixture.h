// BusFixture: a real cedu-bus on an ephemeral loopback port, plus helpers to start real
// cedu-test-service workers and connect clients. Each fixture has its own temp dir (event
// log, logs). Thread-safety: one test thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "bus/client/client.h"
#include "bus/protocol/curve_credentials.h"
#include "tests/support/process.h"

namespace cedu::testing {

// A principal for a CURVE-secured fixture: its key pair is generated, written under the
// fixture's keys/ directory and listed in its acl.yaml with these grants.
struct GrantSpec {
  std::string principal;
  std::vector<std::string> methods;
  std::vector<std::string> events;
  std::vector<std::string> rights = {};  // named rights such as "pii"
};

class BusFixture {
 public:
  // Starts a plain broker (cedu-bus --insecure) with a fast heartbeat (interval
  // `heartbeat_ms`, liveness 3).
  // `config_yaml`, when given, is written to a file and passed as --config (the endpoint,
  // event log path and heartbeat still come from the fixture).
  explicit BusFixture(int heartbeat_ms = 200, const std::string& config_yaml = {});
  // A broker that runs CURVE with an access list of `grants` plus `district-admin`
  // (granted everything; what client() and wait_for_workers() use).
  explicit BusFixture(const std::vector<GrantSpec>& grants, int heartbeat_ms = 200,
                      const std::string& config_yaml = {});
  ~BusFixture();

  bool secure() const { return secure_; }
  // The CURVE credentials of a principal of this fixture (generated on first use, so a
  // principal not in the access list is a stranger with a valid key).
  CurveCredentials credentials(const std::string& principal);
  // A client using `principal`'s key.
  std::unique_ptr<Client> client_as(const std::string& principal);
  // Rewrites acl.yaml with `grants` (plus district-admin) and sends the broker SIGHUP.
  void reload_acl(const std::vector<GrantSpec>& grants);

  const std::string& endpoint() const { return endpoint_; }
  int heartbeat_ms() const { return heartbeat_ms_; }
  TempDir& dir() { return dir_; }
  Process& broker() { return broker_; }

  // Starts cedu-test-service serving `name`; waits until the broker lists it.
  Process start_service(const std::string& name, const std::string& instance,
                        const std::vector<std::string>& extra = {});
  // Waits until bus.services shows `workers` workers for `name`.
  bool wait_for_workers(const std::string& name, std::size_t workers,
                        std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

  std::unique_ptr<Client> client();

  // Kills the broker (SIGKILL) and starts a new one on the same endpoint and event log.
  void restart_broker(bool kill_hard = true);

 private:
  void start_broker(const std::string& endpoint);
  void write_acl(const std::vector<GrantSpec>& grants);

  TempDir dir_;
  int heartbeat_ms_;
  std::string endpoint_;
  Process broker_;
  int broker_generation_ = 0;
  std::string config_path_;
  bool secure_ = false;
};

// A call started with Client::call_async whose outcome a test waits for.
class PendingCall {
 public:
  PendingCall(Client& client, std::string_view service, std::string_view method,
              std::string_view params, const CallOptions& options = {});
  // Polls the client until the outcome arrived or `timeout` passed; returns whether it did.
  bool wait(std::chrono::milliseconds timeout = std::chrono::milliseconds(10000));
  bool done() const { return out_->has_value(); }
  // REQUIRES: done()
  const Result<Reply>& result() const { return **out_; }
  const Result<Reply>* operator->() const { return &**out_; }

 private:
  Client& client_;
  // Shared with the callback, which may outlive this object.
  std::shared_ptr<std::optional<Result<Reply>>> out_;
};

// Packs a map of string → string for request params.
std::string params(std::initializer_list<std::pair<std::string, std::string>> kv);

}  // namespace cedu::testing
