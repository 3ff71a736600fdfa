#define BOOST_TEST_MODULE config_deployment
#include "common/config/deployment.h"
#include "common/testing/config_errors.h"

#include <cstdlib>
#include <fstream>
#include <string>

#include <boost/test/unit_test.hpp>

#include "common/testing/temp_dir.h"

namespace cedu::config {
namespace {

using std::chrono::milliseconds;

std::string source_dir() {
  const char* dir = std::getenv("CEDU_SOURCE_DIR");
  return dir ? dir : CEDU_TEST_SOURCE_DIR;
}

template <typename F>
std::string error_of(F&& f) {
  return cedu::testing::config_error_of(std::forward<F>(f));
}

std::string error_of_text(const std::string& text) {
  return error_of([&] { parse_deployment(Reader::from_string(text, "cedu.yaml")); });
}

void check_defaults(const Deployment& d) {
  BOOST_TEST(d.data_dir == "var");
  BOOST_TEST(d.log.level == "info");
  BOOST_TEST(d.log.dir == "var/log");
  BOOST_TEST(d.bus.endpoint == "tcp://127.0.0.1:5570");
  BOOST_TEST(d.bus.heartbeat_interval_ms.count() == 1000);
  BOOST_TEST(d.bus.heartbeat_liveness == 3);
  BOOST_TEST(d.bus.max_message_bytes == 1048576u);
  BOOST_TEST(d.bus.high_water_mark == 10000);
  BOOST_TEST(d.bus.linger_ms.count() == 1000);
  BOOST_TEST(d.bus.default_timeout_ms.count() == 5000);
  BOOST_TEST(d.bus.events.path == "var/bus/events.db");
  BOOST_TEST(d.bus.events.retain == 100000u);
  BOOST_TEST(d.bus.events.synchronous == "FULL");
  BOOST_TEST(!d.bus.insecure);
  BOOST_TEST(d.secure());
  BOOST_TEST(d.bus.keys_dir == "var/keys");
  BOOST_TEST(d.bus.acl == "configs/acl.yaml");
}

BOOST_AUTO_TEST_CASE(shipped_config_file_loads_with_the_defaults) {
  std::string path = source_dir() + "/configs/cedu.yaml";
  Deployment d = load_deployment(path);
  check_defaults(d);
  BOOST_TEST(d.source == path);
  // It starts the four resource libraries, the funding and the evaluation service.
  std::vector<std::string> names;
  for (const auto& s : d.services) names.push_back(s.name);
  BOOST_TEST((names == std::vector<std::string>{"teacher", "volunteer", "course", "project", "funding",
                                               "evaluation"}));
}

BOOST_AUTO_TEST_CASE(default_deployment_matches_empty_file) {
  Deployment d = default_deployment();
  check_defaults(d);
  BOOST_TEST(d.services.empty());
  BOOST_TEST(d.source.empty());
}

BOOST_AUTO_TEST_CASE(full_file_with_services) {
  const char* text =
      "data_dir: /srv/cedu\n"
      "log: {level: debug}\n"
      "bus:\n"
      "  endpoint: ipc:///tmp/cedu.sock\n"
      "  heartbeat_interval_ms: 250\n"
      "  heartbeat_liveness: 5\n"
      "  max_message_bytes: 4096\n"
      "  high_water_mark: 100\n"
      "  linger_ms: 0\n"
      "  default_timeout_ms: 600000\n"
      "  events: {retain: 10, synchronous: NORMAL}\n"
      "services:\n"
      "  teacher:\n"
      "    instances: 2\n"
      "    threads: 8\n"
      "    capacity: 100\n"
      "    database: /data/t.db\n"
      "  course:\n"
      "  volunteer-hours_2: {}\n";
  Deployment d = parse_deployment(Reader::from_string(text, "cedu.yaml"));
  BOOST_TEST(d.data_dir == "/srv/cedu");
  BOOST_TEST(d.log.level == "debug");
  BOOST_TEST(d.log.dir == "/srv/cedu/log");  // derived from data_dir
  BOOST_TEST(d.bus.endpoint == "ipc:///tmp/cedu.sock");
  BOOST_TEST(d.bus.heartbeat_interval_ms.count() == 250);
  BOOST_TEST(d.bus.heartbeat_liveness == 5);
  BOOST_TEST(d.bus.max_message_bytes == 4096u);
  BOOST_TEST(d.bus.high_water_mark == 100);
  BOOST_TEST(d.bus.linger_ms.count() == 0);
  BOOST_TEST(d.bus.default_timeout_ms.count() == 600000);
  BOOST_TEST(d.bus.events.path == "/srv/cedu/bus/events.db");
  BOOST_TEST(d.bus.events.retain == 10u);
  BOOST_TEST(d.bus.events.synchronous == "NORMAL");
  BOOST_TEST(d.bus.keys_dir == "/srv/cedu/keys");  // derived from data_dir
  BOOST_TEST(d.bus.acl == "configs/acl.yaml");
  BOOST_TEST(d.secure());
  BOOST_REQUIRE(d.services.size() == 3u);
  BOOST_TEST(d.services[0].name == "teacher");
  BOOST_TEST(d.services[0].instances == 2);
  BOOST_TEST(d.services[0].threads == 8);
  BOOST_TEST(d.services[0].capacity == 100);
  BOOST_TEST(d.services[0].database == "/data/t.db");
  BOOST_TEST(d.services[1].name == "course");
  BOOST_TEST(d.services[1].instances == 1);
  BOOST_TEST(d.services[1].threads == 2);
  BOOST_TEST(d.services[1].capacity == 0);  // the runtime's default
  BOOST_TEST(d.services[1].database == "/srv/cedu/course/course.db");
  BOOST_TEST(d.services[2].name == "volunteer-hours_2");
  BOOST_TEST(d.find_service("course") == &d.services[1]);
  BOOST_TEST(d.find_service("funding") == nullptr);
}

BOOST_AUTO_TEST_CASE(curve_settings) {
  Deployment d = parse_deployment(Reader::from_string(
      "data_dir: /srv/cedu\nbus:\n  insecure: true\n  keys_dir: /etc/cedu/keys\n"
      "  acl: /etc/cedu/acl.yaml\n",
      "cedu.yaml"));
  BOOST_TEST(d.bus.insecure);
  BOOST_TEST(!d.secure());
  BOOST_TEST(d.bus.keys_dir == "/etc/cedu/keys");
  BOOST_TEST(d.bus.acl == "/etc/cedu/acl.yaml");
  // Without a bus section the keys still follow data_dir.
  Deployment bare = parse_deployment(Reader::from_string("data_dir: /data\n", "cedu.yaml"));
  BOOST_TEST(bare.bus.keys_dir == "/data/keys");
  BOOST_TEST(bare.secure());
  BOOST_TEST(error_of_text("bus:\n  insecure: maybe\n") ==
             "cedu.yaml:2: bus.insecure: expected boolean (true or false), got \"maybe\"");
  BOOST_TEST(error_of_text("bus:\n  keys_dir: ''\n") == "cedu.yaml:2: bus.keys_dir: must not be empty");
  BOOST_TEST(error_of_text("bus:\n  acl: ''\n") == "cedu.yaml:2: bus.acl: must not be empty");
  BOOST_TEST(error_of_text("bus:\n  secure: true\n")
                 .find("cedu.yaml:2: bus.secure: unknown key (allowed: ") == 0u);
}

BOOST_AUTO_TEST_CASE(bad_values_are_rejected_with_file_and_line) {
  BOOST_TEST(error_of_text("data_dir: var\nbus:\n  heartbeat_interval_ms: 5\n") ==
             "cedu.yaml:3: bus.heartbeat_interval_ms: must be between 10 and 60000");
  BOOST_TEST(error_of_text("bus:\n  heartbeat_liveness: three\n") ==
             "cedu.yaml:2: bus.heartbeat_liveness: expected integer, got \"three\"");
  BOOST_TEST(error_of_text("bus:\n  heartbeat_liveness: 101\n") ==
             "cedu.yaml:2: bus.heartbeat_liveness: must be between 1 and 100");
  BOOST_TEST(error_of_text("bus:\n  max_message_bytes: 1023\n") ==
             "cedu.yaml:2: bus.max_message_bytes: must be between 1024 and 268435456");
  BOOST_TEST(error_of_text("bus:\n  linger_ms: -1\n") ==
             "cedu.yaml:2: bus.linger_ms: must be between 0 and 60000");
  BOOST_TEST(error_of_text("bus:\n  endpoint: http://x\n") ==
             "cedu.yaml:2: bus.endpoint: must start with tcp://, ipc:// or inproc:// followed by "
             "an address, got \"http://x\"");
  BOOST_TEST(error_of_text("bus:\n  events:\n    synchronous: full\n") ==
             "cedu.yaml:3: bus.events.synchronous: must be one of OFF, NORMAL, FULL, EXTRA, got "
             "\"full\"");
  BOOST_TEST(error_of_text("bus:\n  events:\n    retain: 0\n") ==
             "cedu.yaml:3: bus.events.retain: must be between 1 and 100000000");
  BOOST_TEST(error_of_text("log:\n  level: verbose\n") ==
             "cedu.yaml:2: log.level: must be one of trace, debug, info, warn, error, critical, "
             "off, got \"verbose\"");
  BOOST_TEST(error_of_text("data_dir: ''\n") == "cedu.yaml:1: data_dir: must not be empty");
}

BOOST_AUTO_TEST_CASE(unknown_keys_are_rejected_everywhere) {
  BOOST_TEST(error_of_text("datadir: var\n") ==
             "cedu.yaml:1: datadir: unknown key (allowed: data_dir, log, bus, plugins, services)");
  BOOST_TEST(error_of_text("log:\n  file: x\n") ==
             "cedu.yaml:2: log.file: unknown key (allowed: level, dir)");
  BOOST_TEST(error_of_text("bus:\n  events:\n    keep: 3\n") ==
             "cedu.yaml:3: bus.events.keep: unknown key (allowed: path, retain, synchronous)");
  BOOST_TEST(error_of_text("services:\n  teacher:\n    instance: 2\n") ==
             "cedu.yaml:3: services.teacher.instance: unknown key (allowed: instances, threads, "
             "database, capacity)");
}

BOOST_AUTO_TEST_CASE(service_names_and_settings) {
  BOOST_TEST(error_of_text("services:\n  bus: {}\n") ==
             "cedu.yaml:2: services.bus: \"bus\" is reserved for the broker's own service");
  BOOST_TEST(error_of_text("services:\n  Teacher: {}\n") ==
             "cedu.yaml:2: services.Teacher: service name must match [a-z][a-z0-9_-]*");
  BOOST_TEST(error_of_text("services:\n  1st: {}\n") ==
             "cedu.yaml:2: services.1st: service name must match [a-z][a-z0-9_-]*");
  BOOST_TEST(error_of_text("services:\n  teacher:\n    instances: 65\n") ==
             "cedu.yaml:3: services.teacher.instances: must be between 1 and 64");
  BOOST_TEST(error_of_text("services:\n  teacher:\n    threads: 0\n") ==
             "cedu.yaml:3: services.teacher.threads: must be between 1 and 256");
  BOOST_TEST(error_of_text("services:\n  teacher:\n    capacity: 0\n") ==
             "cedu.yaml:3: services.teacher.capacity: must be between 1 and 10000");
  BOOST_TEST(error_of_text("services:\n  teacher: 3\n") ==
             "cedu.yaml:2: services.teacher: expected a map, got \"3\"");
  BOOST_TEST(error_of_text("services: [teacher]\n") ==
             "cedu.yaml:1: services: expected a map, got a sequence");
  BOOST_TEST(valid_service_name("teacher"));
  BOOST_TEST(valid_service_name("a-b_9"));
  BOOST_TEST(!valid_service_name("bus"));
  BOOST_TEST(!valid_service_name(""));
  BOOST_TEST(!valid_service_name("_x"));
  BOOST_TEST(!valid_service_name("a.b"));
}

BOOST_AUTO_TEST_CASE(load_errors_name_the_file) {
  testing::TempDir dir;
  std::string path = dir.file("cedu.yaml");
  BOOST_TEST(error_of([&] { load_deployment(path); }) ==
             path + ": cannot open: No such file or directory");
  {
    std::ofstream out(path);
    out << "# deployment\nbus:\n  high_water_mark: 0\n";
  }
  BOOST_TEST(error_of([&] { load_deployment(path); }) ==
             path + ":3: bus.high_water_mark: must be between 1 and 10000000");
}

BOOST_AUTO_TEST_CASE(plugin_settings) {
  Deployment d = default_deployment();
  BOOST_TEST(d.plugins.dir.empty());  // beside the program: <prefix>/lib/cedu/plugins
  BOOST_TEST(d.plugins.towns_dir == "configs/towns");
  d = parse_deployment(Reader::from_string("plugins:\n  dir: /opt/cedu/plugins\n  towns_dir: towns\n", "cedu.yaml"));
  BOOST_TEST(d.plugins.dir == "/opt/cedu/plugins");
  BOOST_TEST(d.plugins.towns_dir == "towns");
  BOOST_TEST(error_of_text("plugins:\n  towns_dir: \"\"\n") == "cedu.yaml:2: plugins.towns_dir: must not be empty");
  BOOST_TEST(error_of_text("plugins:\n  directory: x\n") ==
             "cedu.yaml:2: plugins.directory: unknown key (allowed: dir, towns_dir, max_consecutive_failures)");
  BOOST_TEST(d.plugins.max_consecutive_failures == 5);
  d = parse_deployment(Reader::from_string("plugins:\n  max_consecutive_failures: 0\n", "cedu.yaml"));
  BOOST_TEST(d.plugins.max_consecutive_failures == 0);
  BOOST_TEST(error_of_text("plugins:\n  max_consecutive_failures: -1\n").find(
                 "cedu.yaml:2: plugins.max_consecutive_failures: must be between 0 and 1000000") == 0,
             error_of_text("plugins:\n  max_consecutive_failures: -1\n"));
}

}  // namespace
}  // namespace cedu::config
