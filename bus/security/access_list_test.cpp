#define BOOST_TEST_MODULE access_list
#include <boost/test/unit_test.hpp>

#include <fstream>

#include "bus/security/access_list.h"
#include "bus/security/curve_keys.h"
#include "common/config/error.h"
#include "common/testing/temp_dir.h"

using namespace cedu::security;

namespace {

struct Fixture {
  cedu::testing::TempDir dir;
  std::string admin_key = generate_keypair().value().public_key;
  std::string org_key = generate_keypair().value().public_key;

  std::string write(const std::string& yaml) {
    const std::string path = dir.file("acl.yaml");
    std::ofstream(path) << yaml;
    return path;
  }
  // Returns the ConfigError text of loading `yaml` ("" when it loads).
  std::string error_of(const std::string& yaml) {
    try {
      AccessList::load(write(yaml));
    } catch (const cedu::config::ConfigError& e) {
      return e.what();
    }
    return "";
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(grants_by_key_with_globs_and_default_deny, Fixture) {
  std::ofstream(dir.file("org.pub")) << org_key << "\n";
  const std::string path = write(
      "principals:\n"
      "  - principal: district-admin\n"
      "    keys: [\"" + admin_key + "\"]\n"
      "    methods: [\"*\"]\n"
      "    events: [\"*\"]\n"
      "    rights: [pii]\n"
      "  - principal: org:panyu-art-school\n"
      "    key_files: [\"" + dir.file("org.pub") + "\"]\n"
      "    methods: [\"course.*\", \"project.get\"]\n"
      "    events: [\"course.published\"]\n");
  const AccessList acl = AccessList::load(path);
  BOOST_TEST(acl.principals() == 2u);
  const Grant* admin = acl.by_key(admin_key);
  const Grant* org = acl.by_key(org_key);
  BOOST_REQUIRE(admin != nullptr);
  BOOST_REQUIRE(org != nullptr);
  BOOST_TEST(org->principal == "org:panyu-art-school");
  BOOST_TEST(AccessList::may_call(*org, "course.search"));
  BOOST_TEST(AccessList::may_call(*org, "project.get"));
  BOOST_TEST(!AccessList::may_call(*org, "project.update"));
  BOOST_TEST(!AccessList::may_call(*org, "volunteer.get"));
  BOOST_TEST(AccessList::may_receive(*org, "course.published"));
  BOOST_TEST(!AccessList::may_receive(*org, "course.archived"));
  BOOST_TEST(AccessList::may_call(*admin, "funding.disburse"));
  BOOST_TEST(AccessList::has_right(*admin, "pii"));
  BOOST_TEST(!AccessList::has_right(*org, "pii"));
  BOOST_TEST(acl.by_key(generate_keypair().value().public_key) == nullptr);
  BOOST_TEST(acl.by_principal("org:panyu-art-school") == org);
}

BOOST_FIXTURE_TEST_CASE(bad_entries_stop_loading_with_file_line_key, Fixture) {
  const std::string file = dir.file("acl.yaml");
  BOOST_TEST(error_of("principals:\n  - principal: admin\n    keys: [\"" + admin_key + "\"]\n") ==
             file + ":2: principals[0].principal: 'admin' is not district-admin, "
                    "town-admin:<town>, station:<id>, org:<id> or service:<name>");
  BOOST_TEST(error_of("principals:\n  - principal: org:a\n    keys: [\"abc\"]\n")
                 .find(file + ":3: principals[0].keys: a CURVE key is 40 Z85 characters") == 0);
  BOOST_TEST(error_of("principals:\n  - principal: org:a\n").find("needs at least one key") !=
             std::string::npos);
  BOOST_TEST(error_of("principals:\n  - principal: org:a\n    keys: [\"" + admin_key +
                      "\"]\n  - principal: org:b\n    keys: [\"" + admin_key + "\"]\n")
                 .find("already given to another principal") != std::string::npos);
  BOOST_TEST(error_of("principals:\n  - principal: org:a\n    keys: [\"" + admin_key +
                      "\"]\n    method: [\"*\"]\n")
                 .find(file + ":4: principals[0].method: unknown key") == 0);
  BOOST_TEST(error_of("principals:\n  - principal: org:a\n    keys: [\"" + admin_key +
                      "\"]\n    rights: [root]\n")
                 .find("unknown right 'root'") != std::string::npos);
  BOOST_TEST(error_of("principals:\n  - principal: org:a\n    key_files: [/no/such.pub]\n")
                 .find("key_files: cannot read key file /no/such.pub") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(reload_reports_errors_as_status, Fixture) {
  auto bad = AccessList::reload(write("principals: 3\n"));
  BOOST_TEST(bad.status().code() == cedu::StatusCode::kInvalidArgument);
  auto good = AccessList::reload(write("principals: []\n"));
  BOOST_REQUIRE(good.ok());
  BOOST_TEST((*good)->principals() == 0u);
}

BOOST_AUTO_TEST_CASE(principal_forms) {
  for (const char* ok : {"district-admin", "town-admin:nancun", "station:nancun-01",
                         "org:panyu-art-school", "service:course"}) {
    BOOST_TEST(valid_principal(ok), ok);
  }
  for (const char* bad : {"", "admin", "town-admin:", "org:", "service:Course", "org:a b",
                          "district-admin:x"}) {
    BOOST_TEST(!valid_principal(bad), bad);
  }
}
