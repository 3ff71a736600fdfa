// cedu-test-service: a real service built on cedu::Service for integration tests.
// Methods: echo (returns params), sleep {ms}, fail {code, message, field},
// publish {event, payload}, whoami, crash (aborts the process), throw (a handler bug).
#include <cstdlib>
#include <iostream>
#include <stdexcept>
#include <thread>

#include <CLI/CLI.hpp>

#include "bus/runtime/service.h"
#include "bus/security/curve_keys.h"
#include "common/logging.h"
#include "common/msgpack/builder.h"

int main(int argc, char** argv) {
  CLI::App app{"cedu-test-service"};
  cedu::ServiceOptions opts;
  opts.name = "test";
  int heartbeat_ms = 1000;
  app.add_option("--endpoint", opts.endpoint)->required();
  app.add_option("--name", opts.name);
  app.add_option("--instance", opts.instance);
  app.add_option("--threads", opts.threads);
  app.add_option("--capacity", opts.capacity);
  app.add_option("--heartbeat-ms", heartbeat_ms);
  std::string curve_keys, curve_name;
  app.add_option("--curve-keys", curve_keys, "CURVE: directory with cedu-bus.pub and NAME.{pub,key}");
  app.add_option("--curve-name", curve_name, "CURVE: this service's key pair name");
  CLI11_PARSE(app, argc, argv);
  if (!curve_keys.empty()) {
    auto curve = cedu::security::load_credentials(curve_keys, curve_name);
    if (!curve.ok()) {
      std::cerr << "cedu-test-service: keys: " << curve.status() << '\n';
      return 2;
    }
    opts.curve = std::move(curve).value();
  }
  opts.heartbeat_interval = std::chrono::milliseconds(heartbeat_ms);
  if (auto s = cedu::logging::init({"info", ""}, "cedu-test-service"); !s.is_ok()) return 2;

  cedu::Service svc(opts);
  const std::string instance = svc.options().instance;
  svc.handle("echo", [](const cedu::Request& r) -> cedu::Result<std::string> {
    return cedu::mp::pack(r.params.object());
  });
  svc.handle("sleep", [](const cedu::Request& r) -> cedu::Result<std::string> {
    CEDU_ASSIGN_OR_RETURN(std::uint64_t ms, r.params.uint64("ms"));
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    cedu::mp::MapBuilder out;
    out.set("slept_ms", ms).set("attempt", r.attempt);
    return out.bytes();
  });
  svc.handle("fail", [](const cedu::Request& r) -> cedu::Result<std::string> {
    CEDU_ASSIGN_OR_RETURN(std::string code, r.params.string("code"));
    auto parsed = cedu::code_from_name(code);
    if (!parsed || *parsed == cedu::StatusCode::kOk) {
      return cedu::Status::invalid_argument("unknown status code", "code");
    }
    auto message = r.params.optional_string("message");
    auto field = r.params.optional_string("field");
    return cedu::Status(*parsed, message.ok() ? message->value_or("") : "",
                        field.ok() ? field->value_or("") : "");
  });
  svc.handle("publish", [&svc](const cedu::Request& r) -> cedu::Result<std::string> {
    CEDU_ASSIGN_OR_RETURN(std::string event, r.params.string("event"));
    const msgpack::object* payload = r.params.find("payload");
    svc.publish(event, payload ? cedu::mp::pack(*payload) : cedu::mp::empty_map());
    return cedu::mp::empty_map();
  });
  svc.handle("whoami", [instance](const cedu::Request& r) -> cedu::Result<std::string> {
    cedu::mp::MapBuilder out;
    out.set("principal", r.principal)
        .set("rights", r.rights)
        .set("attempt", r.attempt)
        .set("instance", instance);
    return out.bytes();
  });
  svc.handle("crash", [](const cedu::Request&) -> cedu::Result<std::string> {
    std::abort();
  });
  svc.handle("throw", [](const cedu::Request&) -> cedu::Result<std::string> {
    throw std::runtime_error("handler bug");
  });
  return svc.run();
}
