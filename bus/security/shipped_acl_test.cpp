// The shipped configs/acl.yaml, so that it never rots: it loads once the key files it names
// exist (as they do after the first `cedu up`), grants what docs/security.md says, and its
// commented onboarding examples load too once uncommented.
#define BOOST_TEST_MODULE shipped_acl
#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "bus/security/access_list.h"
#include "bus/security/curve_keys.h"
#include "common/testing/temp_dir.h"

using namespace cedu::security;
namespace fs = std::filesystem;

namespace {

std::string shipped_acl() {
  const char* dir = std::getenv("CEDU_SOURCE_DIR");
  return std::string(dir ? dir : CEDU_TEST_SOURCE_DIR) + "/configs/acl.yaml";
}

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs the test from a temp directory (the key_files paths are relative to the working
// directory) with var/keys/<stem>.{pub,key} made for `principals`.
struct InTempCwd {
  cedu::testing::TempDir dir;
  fs::path previous = fs::current_path();
  InTempCwd() { fs::current_path(dir.path()); }
  ~InTempCwd() { fs::current_path(previous); }

  std::string key_of(const std::string& principal) {
    const std::string stem = key_file_stem(principal);
    auto keys = load_or_create_keypair("var/keys", stem);
    BOOST_REQUIRE_MESSAGE(keys.ok(), keys.status().to_string());
    return keys->public_key;
  }
};

const std::vector<std::string> kShipped = {"district-admin", "service:teacher",
                                           "service:volunteer", "service:course",
                                           "service:project", "service:funding",
                                           "service:evaluation"};

}  // namespace

BOOST_FIXTURE_TEST_CASE(shipped_access_list_loads_with_its_grants, InTempCwd) {
  std::map<std::string, std::string> key;
  for (const auto& p : kShipped) key[p] = key_of(p);
  const AccessList acl = AccessList::load(shipped_acl());
  BOOST_TEST(acl.principals() == kShipped.size());
  BOOST_TEST(acl.keys() == kShipped.size());
  for (const auto& p : kShipped) {
    const Grant* g = acl.by_key(key[p]);
    BOOST_REQUIRE_MESSAGE(g != nullptr, p);
    BOOST_TEST(g->principal == p);
  }
  const Grant& admin = *acl.by_principal("district-admin");
  BOOST_TEST(AccessList::may_call(admin, "funding.disburse"));
  BOOST_TEST(AccessList::may_call(admin, "bus.reload_acl"));
  BOOST_TEST(AccessList::may_receive(admin, "course.published"));
  BOOST_TEST(AccessList::has_right(admin, "pii"));

  // Each library calls the other three, receives every event, and has no pii right.
  const std::vector<std::string> libraries = {"teacher", "volunteer", "course", "project"};
  for (const auto& self : libraries) {
    const Grant& g = *acl.by_principal("service:" + self);
    for (const auto& other : libraries) {
      BOOST_TEST(AccessList::may_call(g, other + ".get") == (other != self), self << "→" << other);
    }
    BOOST_TEST(!AccessList::may_call(g, "bus.reload_acl"), self);
    BOOST_TEST(!AccessList::may_call(g, "funding.disburse"), self);
    BOOST_TEST(AccessList::may_receive(g, "volunteer.hours_logged"), self);
    BOOST_TEST(!AccessList::has_right(g, "pii"), self);
  }
  // The course service's plugins read its own library over the bus (nancun-indicators).
  const Grant& course = *acl.by_principal("service:course");
  for (const char* m : {"course.list", "course.sessions", "course.enrolments"}) {
    BOOST_TEST(AccessList::may_call(course, m), m);
  }
  BOOST_TEST(!AccessList::may_call(course, "course.update"));
  // The evaluation service reads the figures behind automatic indicators: counts only, no
  // records, no writes, no events, no personal data.
  const Grant& evaluation = *acl.by_principal("service:evaluation");
  for (const char* m : {"course.participants", "course.activity", "course.indicator",
                        "teacher.count", "volunteer.yearly", "volunteer.per_thousand",
                        "project.count", "funding.per_resident"}) {
    BOOST_TEST(AccessList::may_call(evaluation, m), m);
  }
  for (const char* m : {"course.enrolments", "course.list", "teacher.get", "volunteer.hours_entries",
                        "project.update", "funding.disburse", "bus.reload_acl"}) {
    BOOST_TEST(!AccessList::may_call(evaluation, m), m);
  }
  BOOST_TEST(!AccessList::may_receive(evaluation, "course.published"));
  BOOST_TEST(!AccessList::has_right(evaluation, "pii"));
  // The funding service checks projects and reads performance actuals: reads only, no
  // events, no personal data.
  const Grant& funding = *acl.by_principal("service:funding");
  for (const char* m : {"project.get", "project.yearly", "course.activity", "course.participants",
                        "volunteer.hours_entries"}) {
    BOOST_TEST(AccessList::may_call(funding, m), m);
  }
  for (const char* m : {"project.update", "course.enrol", "volunteer.log_hours", "teacher.get",
                        "bus.reload_acl"}) {
    BOOST_TEST(!AccessList::may_call(funding, m), m);
  }
  BOOST_TEST(!AccessList::may_receive(funding, "course.published"));
  BOOST_TEST(!AccessList::has_right(funding, "pii"));
}

BOOST_FIXTURE_TEST_CASE(shipped_access_list_needs_its_key_files, InTempCwd) {
  // Without the keys `cedu up` makes on first start, loading names the missing file.
  key_of("district-admin");
  try {
    AccessList::load(shipped_acl());
    BOOST_FAIL("loaded without var/keys/service-teacher.pub");
  } catch (const std::exception& e) {
    BOOST_TEST(std::string(e.what()).find("key_files: cannot read key file "
                                          "var/keys/service-teacher.pub") != std::string::npos,
               e.what());
  }
}

BOOST_FIXTURE_TEST_CASE(commented_onboarding_examples_load_once_uncommented, InTempCwd) {
  for (const auto& p : kShipped) key_of(p);
  const std::string org_key = key_of("org:panyu-art-school");
  const std::string town_key = key_of("town-admin:nancun");
  // "  # - principal: …" and "  #   methods: …" become list entries; prose stays comments.
  std::istringstream shipped(read(shipped_acl()));
  std::string text, line;
  int uncommented = 0;
  while (std::getline(shipped, line)) {
    if (line.starts_with("  # - ") || line.starts_with("  #   ")) {
      line.erase(2, 2);
      ++uncommented;
    }
    text += line + "\n";
  }
  BOOST_TEST(uncommented == 8);
  std::ofstream("acl.yaml") << text;
  const AccessList acl = AccessList::load("acl.yaml");
  BOOST_TEST(acl.principals() == kShipped.size() + 2);
  const Grant* org = acl.by_key(org_key);
  BOOST_REQUIRE(org != nullptr);
  BOOST_TEST(org->principal == "org:panyu-art-school");
  BOOST_TEST(AccessList::may_call(*org, "course.search"));
  BOOST_TEST(AccessList::may_call(*org, "project.get"));
  BOOST_TEST(!AccessList::may_call(*org, "project.update"));
  BOOST_TEST(!AccessList::may_call(*org, "teacher.get"));
  BOOST_TEST(AccessList::may_receive(*org, "course.published"));
  BOOST_TEST(!AccessList::may_receive(*org, "volunteer.hours_logged"));
  const Grant* town = acl.by_key(town_key);
  BOOST_REQUIRE(town != nullptr);
  BOOST_TEST(town->principal == "town-admin:nancun");
  BOOST_TEST(AccessList::may_call(*town, "evaluation.objection_lodge"));
  BOOST_TEST(AccessList::may_call(*town, "evaluation.rectification_submit"));
  BOOST_TEST(AccessList::may_call(*town, "funding.post"));
  BOOST_TEST(!AccessList::has_right(*town, "pii"));
}
