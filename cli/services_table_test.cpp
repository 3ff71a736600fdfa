#define BOOST_TEST_MODULE services_table
#include <boost/test/unit_test.hpp>

#include "cli/services_table.h"

namespace cli = cedu::cli;
using json = cedu::cli::Json;

namespace {

json sample() {
  return json::parse(R"({"services": [
    {"name": "course", "queue": 0, "in_flight": 1, "workers": [
      {"instance": "host:11", "version": "0.1.0", "capacity": 4, "in_flight": 1, "draining": false},
      {"instance": "host:12", "version": "0.1.0", "capacity": 4, "in_flight": 0, "draining": true}]},
    {"name": "test", "queue": 2, "in_flight": 0, "workers": []}]})");
}

}  // namespace

BOOST_AUTO_TEST_CASE(table_has_one_line_per_worker) {
  std::string table = cli::render_services_table(sample());
  BOOST_TEST(table ==
             "SERVICE  QUEUE  IN_FLIGHT  INSTANCE      VERSION  CAPACITY  BUSY  DRAINING\n"
             "course   0      1          host:11       0.1.0    4         1     no\n"
             "course   0      1          host:12       0.1.0    4         0     yes\n"
             "test     2      0          (no workers)\n");
}

BOOST_AUTO_TEST_CASE(table_survives_unexpected_shapes) {
  BOOST_TEST(cli::render_services_table(json::array()).find("SERVICE") == 0u);
  std::string t = cli::render_services_table(json::parse(R"({"services":[{"name":"x"}]})"));
  BOOST_TEST(t.find("x        -      -") != std::string::npos, t);
}

BOOST_AUTO_TEST_CASE(summary_compares_with_the_configuration) {
  std::vector<cli::ExpectedService> expected{{"course", 2}, {"teacher", 1}};
  BOOST_TEST(cli::registration_summary(sample(), expected) ==
             "course 2/2, teacher 0/1 (waiting)");
  json with_extra = sample();
  with_extra["services"][1]["workers"].push_back({{"instance", "h:1"}});
  BOOST_TEST(cli::registration_summary(with_extra, expected) ==
             "course 2/2, teacher 0/1 (waiting); also: test 1");
  BOOST_TEST(cli::registration_summary(with_extra, {}) == "also: course 2, test 1");
  BOOST_TEST(cli::registration_summary(json::object(), {}) == "none");
}
