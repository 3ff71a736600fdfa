// `cedu plugins` as a table: one row per plugin of every service, where it runs (in the
// service, or its isolated host with pid and restarts), its towns and counters.
#define BOOST_TEST_MODULE plugins_table
#include <boost/test/unit_test.hpp>

#include "cli/plugins_command.h"

using Json = cedu::cli::Json;

BOOST_AUTO_TEST_CASE(in_process_and_isolated_plugins_say_where_they_run) {
  const Json listing = Json::parse(R"({
    "course": {"plugins": [
      {"name": "shawan-heritage", "version": "1.0.0", "state": "loaded",
       "towns": [{"town": "shawan", "enabled": true}, {"town": "nancun", "enabled": false}],
       "calls": 139, "rejections": 2, "failures": 0, "reason": "", "isolation": null},
      {"name": "test-segv", "version": "0.1.0", "state": "loaded",
       "towns": [{"town": "nancun", "enabled": true}],
       "calls": 5, "rejections": 0, "failures": 1, "reason": "",
       "isolation": {"service": "plugin-course-test-segv", "pid": 4242, "restarts": 1}},
      {"name": "test-hang", "version": "0.1.0", "state": "loaded", "towns": [],
       "calls": 1, "rejections": 0, "failures": 1, "reason": "",
       "isolation": {"service": "plugin-course-test-hang", "pid": 0, "restarts": 3}}]}})");
  const std::string table = cedu::cli::render_plugins_table(listing);
  BOOST_TEST(table.find("RUNS IN") != std::string::npos, table);
  BOOST_TEST(table.find("shawan,nancun(off)  service") != std::string::npos, table);
  BOOST_TEST(table.find("host pid 4242, 1 restarts") != std::string::npos, table);
  BOOST_TEST(table.find("host pid (restarting), 3 restarts") != std::string::npos, table);
  BOOST_TEST(table.find("(no plugins)") == std::string::npos, table);
}

BOOST_AUTO_TEST_CASE(no_plugins_is_said) {
  const std::string table = cedu::cli::render_plugins_table(Json::parse(R"({"course": {"plugins": []}})"));
  BOOST_TEST(table.find("(no plugins)") != std::string::npos, table);
}
