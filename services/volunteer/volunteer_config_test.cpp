// Unit tests of VolunteerConfig: loading configs/volunteer.yaml (errors with file:line) and
// star levels by approved minutes.
#define BOOST_TEST_MODULE volunteer_config
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <fstream>

#include "common/config/error.h"
#include "common/testing/temp_dir.h"
#include "services/volunteer/volunteer_config.h"

using cedu::config::ConfigError;
using cedu::config::Reader;
using namespace cedu::volunteer;

namespace {

VolunteerConfig parse(const std::string& yaml) {
  return parse_volunteer_config(Reader::from_string(yaml, "volunteer.yaml"));
}

// The what() of the ConfigError parsing `yaml` throws.
std::string error_of(const std::string& yaml) {
  try {
    parse(yaml);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

BOOST_AUTO_TEST_CASE(reads_thresholds_and_issuer) {
  auto c = parse("star_thresholds_hours: [10, 20, 30, 40, 50]\ncertificate_issuer: 南村镇成人文化技术学校\n");
  BOOST_TEST(c.star_thresholds_hours[0] == 10);
  BOOST_TEST(c.star_thresholds_hours[4] == 50);
  BOOST_TEST(c.certificate_issuer == "南村镇成人文化技术学校");
  BOOST_TEST(c.source == "volunteer.yaml");
}

BOOST_AUTO_TEST_CASE(the_shipped_file_is_valid_and_has_the_plan_defaults) {
  const char* source = std::getenv("CEDU_SOURCE_DIR");
  BOOST_REQUIRE(source != nullptr);
  auto c = load_volunteer_config(std::string(source) + "/configs/volunteer.yaml");
  BOOST_TEST((c.star_thresholds_hours == VolunteerConfig{}.star_thresholds_hours));
  auto beside = volunteer_config_beside(std::string(source) + "/configs/network.yaml");
  BOOST_TEST(!beside.source.empty());
}

BOOST_AUTO_TEST_CASE(an_absent_file_gives_the_defaults) {
  cedu::testing::TempDir dir;
  auto c = volunteer_config_beside(dir.file("network.yaml"));
  BOOST_TEST(c.source.empty());
  BOOST_TEST(c.star_thresholds_hours[0] == 100);
  BOOST_TEST(c.star_thresholds_hours[4] == 1500);
}

BOOST_AUTO_TEST_CASE(a_bad_file_beside_the_network_stops_start_up) {
  cedu::testing::TempDir dir;
  std::ofstream(dir.file("volunteer.yaml")) << "star_thresholds_hours: [1, 2]\n";
  BOOST_CHECK_THROW(volunteer_config_beside(dir.file("network.yaml")), ConfigError);
}

BOOST_AUTO_TEST_CASE(errors_name_file_line_and_key) {
  BOOST_TEST(error_of("star_thresholds_hours: [100, 300, 600, 1000]\n") ==
             "volunteer.yaml:1: star_thresholds_hours: expected exactly 5 thresholds (1..5 stars), got 4");
  BOOST_TEST(error_of("# stars\nstar_thresholds_hours:\n  - 100\n  - 300\n  - 300\n  - 1000\n  - 1500\n") ==
             "volunteer.yaml:5: star_thresholds_hours[2]: must be greater than the previous threshold (300)");
  BOOST_TEST(error_of("star_thresholds_hours: [0, 300, 600, 1000, 1500]\n") ==
             "volunteer.yaml:1: star_thresholds_hours[0]: must be positive");
  BOOST_TEST(error_of("star_thresholds_hours: [-5, 300, 600, 1000, 1500]\n").find("must be positive") !=
             std::string::npos);
  BOOST_TEST(error_of("star_thresholds_hours: [100, 2.5e2x, 600, 1000, 1500]\n").find(
                 "star_thresholds_hours[1]") != std::string::npos);
  BOOST_TEST(error_of("star_thresholds_hours: 100\n").find("expected a list of 5 hours") !=
             std::string::npos);
  BOOST_TEST(error_of("certificate_issuer: x\n").find("star_thresholds_hours: required key is missing") !=
             std::string::npos);
  BOOST_TEST(error_of("star_thresholds_hours: [1, 2, 3, 4, 5]\nstar_threshold: 3\n")
                 .find("volunteer.yaml:2: star_threshold: unknown key") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(stars_count_the_thresholds_reached) {
  const VolunteerConfig c;  // 100, 300, 600, 1000, 1500 hours
  BOOST_TEST(star_level(c, 0) == 0);
  BOOST_TEST(star_level(c, 100 * 60 - 1) == 0);
  BOOST_TEST(star_level(c, 100 * 60) == 1);
  BOOST_TEST(star_level(c, 299 * 60) == 1);
  BOOST_TEST(star_level(c, 300 * 60) == 2);
  BOOST_TEST(star_level(c, 1499 * 60 + 59) == 4);
  BOOST_TEST(star_level(c, 1500 * 60) == 5);
  BOOST_TEST(star_level(c, 100000 * 60) == 5);
  BOOST_TEST(*minutes_to_next_star(c, 0) == 100 * 60);
  BOOST_TEST(*minutes_to_next_star(c, 150 * 60) == 150 * 60);
  BOOST_TEST(!minutes_to_next_star(c, 1500 * 60).has_value());
}
