#define BOOST_TEST_MODULE first_start_keys
#include "cli/first_start_keys.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <boost/test/unit_test.hpp>

#include "bus/security/curve_keys.h"
#include "common/config/reader.h"
#include "common/testing/temp_dir.h"

namespace cedu::cli {
namespace {

namespace fs = std::filesystem;

struct Fixture {
  testing::TempDir dir;
  std::vector<std::string> said;
  std::function<void(const std::string&)> say = [this](const std::string& s) {
    said.push_back(s);
  };

  config::Deployment deployment(const std::string& services_yaml = "") {
    return config::parse_deployment(config::Reader::from_string(
        "data_dir: " + dir.file("var") + "\nbus:\n  acl: " + dir.file("acl.yaml") + "\n" +
            services_yaml,
        "cedu.yaml"));
  }
  void write_acl(const std::string& yaml) { std::ofstream(dir.file("acl.yaml")) << yaml; }
  int mode(const std::string& path) {
    struct stat st {};
    BOOST_REQUIRE(::stat(path.c_str(), &st) == 0);
    return static_cast<int>(st.st_mode & 0777);
  }
};

std::vector<std::string> stems(const std::vector<LocalKey>& keys) {
  std::vector<std::string> out;
  for (const auto& k : keys) out.push_back(k.stem);
  return out;
}

BOOST_FIXTURE_TEST_CASE(local_keys_are_broker_admin_services_and_local_acl_principals, Fixture) {
  const std::string keys = dir.file("var/keys");
  write_acl("principals:\n"
            "  - principal: service:teacher\n    key_files: [" + keys + "/service-teacher.pub]\n"
            "  - principal: service:course\n    key_files: [" + keys + "/service-course.pub]\n"
            "  - principal: service:elsewhere\n    key_files: [/other/service-elsewhere.pub]\n"
            "  - principal: org:panyu-art-school\n"
            "    key_files: [" + keys + "/org-panyu-art-school.pub]\n"
            "  - principal: district-admin\n    key_files: [" + keys + "/district-admin.pub]\n");
  auto d = deployment("services:\n  course: {}\n  funding: {}\n");
  const auto local = local_keys(d);
  BOOST_TEST(stems(local) == (std::vector<std::string>{"cedu-bus", "district-admin",
                                                       "service-course", "service-funding",
                                                       "service-teacher"}),
             boost::test_tools::per_element());
  BOOST_TEST(local[3].owner == "service:funding");
  BOOST_TEST(local[3].runs_here);
  BOOST_TEST(!local[4].runs_here);  // in the acl, not in services:

  // A missing or malformed list adds nothing.
  write_acl("principals: [");
  BOOST_TEST(local_keys(d).size() == 4u);
  fs::remove(dir.file("acl.yaml"));
  BOOST_TEST(local_keys(d).size() == 4u);
}

BOOST_FIXTURE_TEST_CASE(first_start_makes_the_missing_pairs_and_keeps_the_rest, Fixture) {
  write_acl("principals: []\n");
  auto d = deployment("services:\n  course: {}\n");
  const std::string keys = dir.file("var/keys");
  BOOST_REQUIRE(make_first_start_keys(d, say).is_ok());
  BOOST_TEST(mode(keys) == 0700);
  for (const char* stem : {"cedu-bus", "district-admin", "service-course"}) {
    BOOST_TEST(mode(keys + "/" + stem + ".key") == 0600, stem);
    BOOST_TEST(security::read_keypair(keys, stem).ok(), stem);
  }
  BOOST_TEST(said.size() == 4u);  // the directory and three pairs
  BOOST_TEST(said[0].find("created key directory " + keys) == 0u, said[0]);
  BOOST_TEST(said[3].find("service-course.{pub,key} for service:course") != std::string::npos,
             said[3]);

  // A second start changes nothing and says nothing.
  const auto before = security::read_keypair(keys, "district-admin").value().public_key;
  said.clear();
  BOOST_REQUIRE(make_first_start_keys(d, say).is_ok());
  BOOST_TEST(said.empty());
  BOOST_TEST(security::read_keypair(keys, "district-admin").value().public_key == before);

  // A half pair is left alone, with a warning.
  fs::remove(keys + "/service-course.key");
  BOOST_REQUIRE(make_first_start_keys(d, say).is_ok());
  BOOST_REQUIRE(said.size() == 1u);
  BOOST_TEST(said[0].find("WARNING: " + keys + "/service-course.pub exists without") == 0u,
             said[0]);
  BOOST_TEST(!fs::exists(keys + "/service-course.key"));
}

BOOST_FIXTURE_TEST_CASE(an_unusable_keys_dir_is_an_error, Fixture) {
  write_acl("principals: []\n");
  std::ofstream(dir.file("file")) << "x";
  auto d = config::parse_deployment(config::Reader::from_string(
      "bus:\n  keys_dir: " + dir.file("file") + "/keys\n", "cedu.yaml"));
  BOOST_TEST(!make_first_start_keys(d, say).is_ok());
}

}  // namespace
}  // namespace cedu::cli
