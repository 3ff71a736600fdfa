#define BOOST_TEST_MODULE child_plan
#include <boost/test/unit_test.hpp>

#include "cli/child_plan.h"

namespace cli = cedu::cli;
namespace config = cedu::config;

namespace {

config::Deployment deployment() {
  config::Deployment d = config::default_deployment();
  d.log.dir = "/srv/cedu/log";
  d.services.push_back({"course", 2, 2, ""});
  d.services.push_back({"teacher", 1, 2, ""});
  return d;
}

std::optional<std::string> in_bin(const std::string& name) { return "/opt/cedu/bin/" + name; }

}  // namespace

BOOST_AUTO_TEST_CASE(broker_first_then_every_instance) {
  auto d = deployment();
  cli::PlanInput input{&d, "/etc/cedu.yaml", "/srv/cedu/cedu-bus.endpoint"};
  auto plan = cli::plan_children(input, in_bin);
  BOOST_REQUIRE(plan.ok());
  BOOST_REQUIRE(plan->size() == 4u);
  const auto& bus = (*plan)[0];
  BOOST_TEST(bus.name == "cedu-bus");
  BOOST_TEST(bus.broker);
  BOOST_TEST(bus.log_path == "/srv/cedu/log/cedu-bus.log");
  BOOST_TEST(bus.argv == (std::vector<std::string>{"/opt/cedu/bin/cedu-bus", "--config",
                                                   "/etc/cedu.yaml", "--endpoint-file",
                                                   "/srv/cedu/cedu-bus.endpoint"}),
             boost::test_tools::per_element());
  BOOST_TEST((*plan)[1].name == "cedu-course-1");
  BOOST_TEST((*plan)[2].name == "cedu-course-2");
  BOOST_TEST((*plan)[2].log_path == "/srv/cedu/log/cedu-course-2.log");
  BOOST_TEST(!(*plan)[2].broker);
  BOOST_TEST((*plan)[2].argv == (std::vector<std::string>{"/opt/cedu/bin/cedu-course",
                                                          "--config", "/etc/cedu.yaml"}),
             boost::test_tools::per_element());
  BOOST_TEST((*plan)[3].name == "cedu-teacher-1");
}

BOOST_AUTO_TEST_CASE(without_a_config_file_children_get_no_config_option) {
  auto d = deployment();
  cli::PlanInput input{&d, "", ""};
  auto plan = cli::plan_children(input, in_bin);
  BOOST_REQUIRE(plan.ok());
  BOOST_TEST((*plan)[0].argv.size() == 1u);
  BOOST_TEST((*plan)[1].argv.size() == 1u);
}

BOOST_AUTO_TEST_CASE(every_missing_executable_is_named) {
  auto d = deployment();
  cli::PlanInput input{&d, "", ""};
  auto plan = cli::plan_children(input, [](const std::string& name) -> std::optional<std::string> {
    if (name == "cedu-bus") return "/bin/cedu-bus";
    return std::nullopt;
  });
  BOOST_REQUIRE(!plan.ok());
  BOOST_TEST(plan.status().message().find("cedu-course, cedu-teacher") != std::string::npos,
             plan.status().message());
}
