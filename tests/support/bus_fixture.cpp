#include "tests/support/bus_fixture.h"

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "bus/security/curve_keys.h"
#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"

namespace cedu::testing {

BusFixture::BusFixture(int heartbeat_ms, const std::string& config_yaml)
    : heartbeat_ms_(heartbeat_ms) {
  if (!config_yaml.empty()) {
    config_path_ = dir_.file("cedu.yaml");
    std::ofstream(config_path_) << config_yaml;
  }
  start_broker("tcp://127.0.0.1:0");
}

BusFixture::BusFixture(const std::vector<GrantSpec>& grants, int heartbeat_ms,
                       const std::string& config_yaml)
    : heartbeat_ms_(heartbeat_ms), secure_(true) {
  if (!config_yaml.empty()) {
    config_path_ = dir_.file("cedu.yaml");
    std::ofstream(config_path_) << config_yaml;
  }
  write_acl(grants);
  start_broker("tcp://127.0.0.1:0");
}

BusFixture::~BusFixture() { broker_.stop(); }

CurveCredentials BusFixture::credentials(const std::string& principal) {
  const std::string keys = dir_.file("keys");
  const bool made = security::load_or_create_keypair(keys, security::key_file_stem(principal)).ok() &&
                    security::load_or_create_keypair(keys, "cedu-bus").ok();
  auto curve = security::load_credentials(keys, principal);
  if (!made || !curve.ok()) throw std::runtime_error("cannot make test keys for " + principal);
  return std::move(curve).value();
}

void BusFixture::write_acl(const std::vector<GrantSpec>& grants) {
  std::vector<GrantSpec> all = grants;
  all.push_back({"district-admin", {"*"}, {"*"}, {"pii"}});
  auto list = [](const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", \"" : "\"") + items[i] + "\"";
    return out + "]";
  };
  std::string yaml = "principals:\n";
  for (const auto& g : all) {
    credentials(g.principal);  // makes sure the key files exist
    yaml += "  - principal: " + g.principal + "\n    key_files: [\"" +
            dir_.file("keys/" + security::key_file_stem(g.principal) + ".pub") + "\"]\n    methods: " +
            list(g.methods) + "\n    events: " + list(g.events) + "\n    rights: " +
            list(g.rights) + "\n";
  }
  std::ofstream(dir_.file("acl.yaml")) << yaml;
}

void BusFixture::reload_acl(const std::vector<GrantSpec>& grants) {
  write_acl(grants);
  broker_.signal(SIGHUP);
}

std::unique_ptr<Client> BusFixture::client_as(const std::string& principal) {
  ClientOptions o;
  o.endpoint = endpoint_;
  o.heartbeat_interval = std::chrono::milliseconds(heartbeat_ms_);
  o.curve = credentials(principal);
  auto c = Client::connect(o);
  if (!c.ok()) throw std::runtime_error(c.status().to_string());
  return std::move(c).value();
}

void BusFixture::start_broker(const std::string& endpoint) {
  const std::string ep_file = dir_.file("endpoint-" + std::to_string(broker_generation_));
  std::vector<std::string> argv{binary("cedu-bus"), "--endpoint", endpoint, "--endpoint-file",
                                ep_file, "--events-db", dir_.file("events.db"),
                                "--heartbeat-ms", std::to_string(heartbeat_ms_)};
  if (!config_path_.empty()) argv.insert(argv.end(), {"--config", config_path_});
  if (secure_) {
    argv.insert(argv.end(), {"--curve-keys", dir_.file("keys"), "--acl", dir_.file("acl.yaml")});
  } else {
    argv.push_back("--insecure");  // CURVE is the default
  }
  broker_ = Process::spawn(argv, dir_.file("bus-" + std::to_string(broker_generation_) + ".log"));
  ++broker_generation_;
  auto ep = wait_for_file(ep_file, std::chrono::milliseconds(10000));
  if (!ep) throw std::runtime_error("cedu-bus did not start: " + read_file(dir_.file("bus-0.log")));
  endpoint_ = *ep;
}

void BusFixture::restart_broker(bool kill_hard) {
  if (kill_hard) {
    broker_.signal(SIGKILL);
    broker_.wait(std::chrono::milliseconds(5000));
  } else {
    broker_.stop();
  }
  // The port was ours a moment ago; bind it again (retrying while the kernel frees it).
  for (int i = 0; i < 50; ++i) {
    try {
      start_broker(endpoint_);
      return;
    } catch (const std::runtime_error&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  throw std::runtime_error("broker could not be restarted on " + endpoint_);
}

Process BusFixture::start_service(const std::string& name, const std::string& instance,
                                  const std::vector<std::string>& extra) {
  std::vector<std::string> argv{binary("cedu-test-service"), "--endpoint", endpoint_, "--name",
                                name, "--instance", instance};
  if (secure_ && std::find(extra.begin(), extra.end(), "--curve-name") == extra.end()) {
    credentials("service:" + name);
    argv.insert(argv.end(), {"--curve-keys", dir_.file("keys"), "--curve-name",
                             security::key_file_stem("service:" + name)});
  }
  if (std::find(extra.begin(), extra.end(), "--heartbeat-ms") == extra.end()) {
    argv.insert(argv.end(), {"--heartbeat-ms", std::to_string(heartbeat_ms_)});
  }
  argv.insert(argv.end(), extra.begin(), extra.end());
  return Process::spawn(argv, dir_.file(instance + ".log"));
}

bool BusFixture::wait_for_workers(const std::string& name, std::size_t workers,
                                  std::chrono::milliseconds timeout) {
  auto c = client();
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    auto r = c->call("bus", "services", mp::empty_map());
    if (r.ok()) {
      auto root = mp::MapView::of(r->result());
      auto list = root.ok() ? root->array("services") : Result<const msgpack::object*>(root.status());
      if (list.ok()) {
        for (std::uint32_t i = 0; i < (*list)->via.array.size; ++i) {
          auto s = mp::MapView::of((*list)->via.array.ptr[i]);
          if (!s.ok() || s->string("name").value_or("") != name) continue;
          auto ws = s->array("workers");
          if (ws.ok() && (*ws)->via.array.size == workers) return true;
        }
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

std::unique_ptr<Client> BusFixture::client() {
  if (secure_) return client_as("district-admin");
  ClientOptions o;
  o.endpoint = endpoint_;
  o.heartbeat_interval = std::chrono::milliseconds(heartbeat_ms_);
  auto c = Client::connect(o);
  if (!c.ok()) throw std::runtime_error(c.status().to_string());
  return std::move(c).value();
}

PendingCall::PendingCall(Client& client, std::string_view service, std::string_view method,
                         std::string_view params, const CallOptions& options)
    : client_(client), out_(std::make_shared<std::optional<Result<Reply>>>()) {
  client_.call_async(
      service, method, params,
      [out = out_](Result<Reply> r) { out->emplace(std::move(r)); }, options);
}

bool PendingCall::wait(std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (!done() && std::chrono::steady_clock::now() < until) {
    if (!client_.poll(std::chrono::milliseconds(20)).is_ok()) break;
  }
  return done();
}

std::string params(std::initializer_list<std::pair<std::string, std::string>> kv) {
  mp::MapBuilder b;
  for (const auto& [k, v] : kv) b.set(k, v);
  return b.bytes();
}

}  // namespace cedu::testing
