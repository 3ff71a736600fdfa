#define BOOST_TEST_MODULE curve_keys
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "bus/security/curve_keys.h"
#include "common/testing/temp_dir.h"

using cedu::StatusCode;
using namespace cedu::security;

BOOST_AUTO_TEST_CASE(generated_keys_are_z85_and_distinct) {
  auto a = generate_keypair();
  auto b = generate_keypair();
  BOOST_REQUIRE(a.ok() && b.ok());
  BOOST_TEST(check_z85_key(a->public_key, "k").is_ok());
  BOOST_TEST(check_z85_key(a->secret_key, "k").is_ok());
  BOOST_TEST(a->public_key != b->public_key);
  BOOST_TEST(check_z85_key("short", "key").field() == "key");
  BOOST_TEST(check_z85_key(std::string(40, '"'), "key").code() == StatusCode::kInvalidArgument);
}

BOOST_AUTO_TEST_CASE(keypair_files_round_trip_with_a_private_secret) {
  cedu::testing::TempDir dir;
  const std::string keys = dir.file("keys");
  auto kp = generate_keypair().value();
  BOOST_REQUIRE(write_keypair(keys, "org-panyu", kp).is_ok());
  struct stat st {};
  BOOST_REQUIRE(stat((keys + "/org-panyu.key").c_str(), &st) == 0);
  BOOST_TEST((st.st_mode & 0777) == 0600u);
  BOOST_REQUIRE(stat(keys.c_str(), &st) == 0);
  BOOST_TEST((st.st_mode & 0777) == 0700u);
  auto back = read_keypair(keys, "org-panyu");
  BOOST_REQUIRE(back.ok());
  BOOST_TEST(back->public_key == kp.public_key);
  BOOST_TEST(back->secret_key == kp.secret_key);
  BOOST_TEST(read_public_key(keys + "/org-panyu.pub").value() == kp.public_key);
  // Never overwritten.
  BOOST_TEST(write_keypair(keys, "org-panyu", generate_keypair().value()).code() ==
             StatusCode::kAlreadyExists);
}

BOOST_AUTO_TEST_CASE(a_secret_readable_by_others_is_refused) {
  cedu::testing::TempDir dir;
  BOOST_REQUIRE(write_keypair(dir.path().string(), "svc", generate_keypair().value()).is_ok());
  chmod(dir.file("svc.key").c_str(), 0644);
  BOOST_TEST(read_keypair(dir.path().string(), "svc").status().code() ==
             StatusCode::kPermissionDenied);
}

BOOST_AUTO_TEST_CASE(missing_and_malformed_key_files) {
  cedu::testing::TempDir dir;
  BOOST_TEST(read_keypair(dir.path().string(), "nobody").status().code() == StatusCode::kNotFound);
  std::ofstream(dir.file("bad.pub")) << "not a key\n";
  BOOST_TEST(read_public_key(dir.file("bad.pub")).status().code() ==
             StatusCode::kInvalidArgument);
}

BOOST_AUTO_TEST_CASE(load_or_create_creates_once_then_reads) {
  cedu::testing::TempDir dir;
  auto first = load_or_create_keypair(dir.file("k"), "cedu-bus");
  BOOST_REQUIRE(first.ok());
  auto second = load_or_create_keypair(dir.file("k"), "cedu-bus");
  BOOST_REQUIRE(second.ok());
  BOOST_TEST(first->secret_key == second->secret_key);
}

BOOST_AUTO_TEST_CASE(credentials_of_a_principal) {
  BOOST_TEST(key_file_stem("org:panyu-art-school") == "org-panyu-art-school");
  BOOST_TEST(key_file_stem("district-admin") == "district-admin");
  cedu::testing::TempDir dir;
  const std::string keys = dir.path().string();
  auto org = load_or_create_keypair(keys, key_file_stem("org:a")).value();
  BOOST_TEST(load_credentials(keys, "org:a").status().code() == StatusCode::kNotFound);  // no broker key yet
  auto broker = load_or_create_keypair(keys, "cedu-bus").value();
  auto curve = load_credentials(keys, "org:a");
  BOOST_REQUIRE(curve.ok());
  BOOST_TEST(curve->server_public_key == broker.public_key);
  BOOST_TEST(curve->public_key == org.public_key);
  BOOST_TEST(curve->secret_key == org.secret_key);
}
