// `cedu status` against a real cedu-bus and real workers (cedu-test-service): every
// process with its real pid, version and uptime; a service's own failure shows as its last
// error in `<service>.health`, in bus.services and in the table, and so does a deadline
// that passed while a worker held the request; a caller's bad input does not; a configured instance that has not registered is missing, and the exit status says
// so.
#define BOOST_TEST_MODULE status
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"
#include "tests/faults/fault_support.h"
#include "tests/support/bus_fixture.h"

using namespace std::chrono_literals;
using namespace cedu::testing;
using Json = nlohmann::json;

namespace {

std::string fail_params(const std::string& code, const std::string& message) {
  cedu::mp::MapBuilder p;
  p.set("code", code).set("message", message);
  return p.bytes();
}

const Json& row_of(const Json& rows, const std::string& instance) {
  for (const Json& r : rows) {
    if (r["instance"] == instance) return r;
  }
  BOOST_FAIL("no row for " + instance);
  return rows;
}

// The first worker of `service` in a bus.services reply (valid while `r` lives).
cedu::mp::MapView first_worker(const cedu::Reply& r, const std::string& service) {
  const msgpack::object* list = cedu::mp::MapView::of(r.result()).value().find("services");
  for (std::uint32_t i = 0; i < list->via.array.size; ++i) {
    auto svc = cedu::mp::MapView::of(list->via.array.ptr[i]).value();
    if (svc.string("name").value() == service) {
      return cedu::mp::MapView::of(svc.find("workers")->via.array.ptr[0]).value();
    }
  }
  throw std::runtime_error("bus.services has no " + service);
}

}  // namespace

BOOST_AUTO_TEST_CASE(status_shows_every_process_and_its_last_error) {
  BusFixture bus(200);
  Process alpha = bus.start_service("alpha", "alpha-1");
  Process beta = bus.start_service("beta", "beta-1");
  BOOST_REQUIRE(bus.wait_for_workers("alpha", 1));
  BOOST_REQUIRE(bus.wait_for_workers("beta", 1));
  auto client = bus.client();

  // A caller's mistake is not the service's error; an internal failure is.
  BOOST_TEST(client->call("alpha", "fail", fail_params("NOT_FOUND", "no such thing")).status().code() ==
             cedu::StatusCode::kNotFound);
  auto health = client->call("alpha", "health", cedu::mp::empty_map());
  BOOST_REQUIRE(health.ok());
  auto h = cedu::mp::MapView::of(health->result()).value();
  BOOST_TEST(h.find("last_error")->is_nil());
  BOOST_TEST(h.uint64("pid").value() == static_cast<std::uint64_t>(alpha.pid()));
  BOOST_TEST(h.uint64("queue").value() == 0u);
  BOOST_TEST(client->call("alpha", "fail", fail_params("INTERNAL", "disk on fire")).status().code() ==
             cedu::StatusCode::kInternal);
  health = client->call("alpha", "health", cedu::mp::empty_map());
  BOOST_REQUIRE(health.ok());
  auto e = cedu::mp::MapView::of(*cedu::mp::MapView::of(health->result()).value().find("last_error")).value();
  BOOST_TEST(e.string("code").value() == "INTERNAL");
  BOOST_TEST(e.string("method").value() == "alpha.fail");
  BOOST_TEST(e.string("message").value() == "disk on fire");

  // The broker's own view: the worker's pid and its last failure, also a deadline that
  // passed while the worker held the request.
  auto services_now = [&] {
    auto r = client->call("bus", "services", cedu::mp::empty_map());
    BOOST_REQUIRE(r.ok());
    return std::move(r).value();
  };
  const cedu::Reply before = services_now();
  auto seen = first_worker(before, "alpha");
  BOOST_TEST(seen.uint64("pid").value() == static_cast<std::uint64_t>(alpha.pid()));
  BOOST_TEST(seen.uint64("started_ms").value() > 0u);
  BOOST_TEST(cedu::mp::MapView::of(*seen.find("last_error")).value().string("method").value() == "alpha.fail");
  cedu::mp::MapBuilder slow;
  slow.set("ms", 600);
  cedu::CallOptions short_deadline;
  short_deadline.timeout = 200ms;
  BOOST_TEST(client->call("beta", "sleep", slow.bytes(), short_deadline).status().code() ==
             cedu::StatusCode::kDeadlineExceeded);
  const cedu::Reply after = services_now();
  auto late = cedu::mp::MapView::of(*first_worker(after, "beta").find("last_error")).value();
  BOOST_TEST(late.string("code").value() == "DEADLINE_EXCEEDED");
  BOOST_TEST(late.string("message").value() == "beta.sleep did not answer before the deadline");
  std::this_thread::sleep_for(700ms);  // beta finishes its sleep

  const std::string config = bus.dir().file("status.yaml");
  std::ofstream(config) << "services:\n  alpha:\n    instances: 1\n  beta:\n    instances: 1\n"
                           "  gamma:\n    instances: 1\n";
  const std::vector<std::string> base{"--config", config, "--insecure", "--endpoint", bus.endpoint()};
  std::vector<std::string> args = base;
  args.insert(args.end(), {"status", "--json"});
  CliRun json_run = run_cedu(args, bus.dir().file("status-json.log"), 30s);
  BOOST_TEST(json_run.exit_code == 1, json_run.output);  // gamma is missing
  const Json model = Json::parse(json_run.output);
  const Json& rows = model["processes"];
  BOOST_REQUIRE_EQUAL(rows.size(), 4u);
  BOOST_TEST(rows[0]["process"] == "cedu-bus");
  BOOST_TEST(rows[0]["pid"] == bus.broker().pid());
  BOOST_TEST(rows[0]["version"].is_string());
  const Json& a = row_of(rows, "alpha-1");
  BOOST_TEST(a["pid"] == alpha.pid());
  BOOST_TEST(a["state"] == "serving");
  BOOST_TEST(a["uptime_s"].get<int>() < 120);
  BOOST_TEST(a["last_error"]["code"] == "INTERNAL");  // the broker saw it as well
  BOOST_TEST(row_of(rows, "beta-1")["last_error"]["code"] == "DEADLINE_EXCEEDED");
  BOOST_TEST(row_of(rows, "beta-1")["pid"] == beta.pid());
  BOOST_TEST(rows[3]["process"] == "cedu-gamma");
  BOOST_TEST(rows[3]["state"] == "missing");
  BOOST_TEST(model["healthy"] == false);

  args = base;
  args.push_back("status");
  CliRun table = run_cedu(args, bus.dir().file("status-table.log"), 30s);
  BOOST_TEST(table.exit_code == 1);
  BOOST_TEST(table.output.find("PROCESS") == 0u, table.output);
  BOOST_TEST(table.output.find("INTERNAL alpha.fail ") != std::string::npos, table.output);
  BOOST_TEST(table.output.find(": disk on fire") != std::string::npos, table.output);
  BOOST_TEST(table.output.find("missing") != std::string::npos, table.output);

  // Every configured instance registered: exit 0.
  Process gamma = bus.start_service("gamma", "gamma-1");
  BOOST_REQUIRE(bus.wait_for_workers("gamma", 1));
  CliRun healthy = run_cedu(args, bus.dir().file("status-healthy.log"), 30s);
  BOOST_TEST(healthy.exit_code == 0, healthy.output);

  // No broker: exit 1 with the bus error.
  bus.broker().stop();
  std::vector<std::string> quick = base;
  quick.insert(quick.begin(), {"--timeout", "1000"});
  quick.push_back("status");
  CliRun down = run_cedu(quick, bus.dir().file("status-down.log"), 30s);
  BOOST_TEST(down.exit_code == 1, down.output);
  BOOST_TEST(down.output.find("UNAVAILABLE") != std::string::npos, down.output);
}
