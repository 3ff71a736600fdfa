#define BOOST_TEST_MODULE service_config
#include "bus/runtime/service_config.h"

#include <boost/test/unit_test.hpp>

#include "bus/security/curve_keys.h"
#include "common/config/reader.h"
#include "common/testing/temp_dir.h"

namespace cedu {
namespace {

config::Deployment deployment(const std::string& yaml) {
  return config::parse_deployment(config::Reader::from_string(yaml, "cedu.yaml"));
}

BOOST_AUTO_TEST_CASE(plain_bus_takes_endpoint_heartbeat_and_threads) {
  auto d = deployment(
      "bus:\n  insecure: true\n  endpoint: tcp://10.0.0.5:6000\n  heartbeat_interval_ms: 250\n"
      "  heartbeat_liveness: 5\nservices:\n  course:\n    threads: 6\n    capacity: 200\n");
  auto o = service_options_from(d, "course");
  BOOST_REQUIRE_MESSAGE(o.ok(), o.status().to_string());
  BOOST_TEST(o->name == "course");
  BOOST_TEST(o->endpoint == "tcp://10.0.0.5:6000");
  BOOST_TEST(o->heartbeat_interval.count() == 250);
  BOOST_TEST(o->heartbeat_liveness == 5u);
  BOOST_TEST(o->threads == 6u);
  BOOST_TEST(o->capacity == 200u);
  BOOST_TEST(!o->curve.has_value());
  // A service without an entry keeps the runtime's default threads.
  auto other = service_options_from(d, "teacher");
  BOOST_REQUIRE(other.ok());
  BOOST_TEST(other->threads == ServiceOptions{}.threads);
  BOOST_TEST(other->capacity == 0u);  // the runtime's default
}

BOOST_AUTO_TEST_CASE(curve_credentials_come_from_keys_dir) {
  testing::TempDir dir;
  const std::string keys = dir.file("keys");
  auto d = deployment("bus:\n  keys_dir: " + keys + "\n");
  BOOST_TEST(d.secure());

  // No keys at all: the service's own key pair is named, with how to make it.
  auto missing = service_options_from(d, "course");
  BOOST_REQUIRE(!missing.ok());
  BOOST_TEST(missing.status().code() == StatusCode::kNotFound);
  const std::string message = missing.status().message();
  BOOST_TEST(message.find("service:course") != std::string::npos, message);
  BOOST_TEST(message.find(keys + "/service-course.key") != std::string::npos, message);
  BOOST_TEST(message.find("`cedu up` creates it") != std::string::npos, message);
  BOOST_TEST(message.find("cedu keygen service:course --dir " + keys) != std::string::npos,
             message);

  // The service's keys but not the broker's public key.
  auto mine = security::load_or_create_keypair(keys, "service-course");
  BOOST_REQUIRE(mine.ok());
  auto no_broker = service_options_from(d, "course");
  BOOST_REQUIRE(!no_broker.ok());
  BOOST_TEST(no_broker.status().message().find(keys + "/cedu-bus.pub") != std::string::npos,
             no_broker.status().message());

  auto broker = security::load_or_create_keypair(keys, "cedu-bus");
  BOOST_REQUIRE(broker.ok());
  auto o = service_options_from(d, "course");
  BOOST_REQUIRE_MESSAGE(o.ok(), o.status().to_string());
  BOOST_REQUIRE(o->curve.has_value());
  BOOST_TEST(o->curve->public_key == mine->public_key);
  BOOST_TEST(o->curve->secret_key == mine->secret_key);
  BOOST_TEST(o->curve->server_public_key == broker->public_key);
}

BOOST_AUTO_TEST_CASE(bad_service_name_is_invalid_argument) {
  auto d = deployment("bus:\n  insecure: true\n");
  BOOST_TEST(service_options_from(d, "bus").status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(service_options_from(d, "Course").status().code() == StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace cedu
