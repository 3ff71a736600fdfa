#define BOOST_TEST_MODULE cli_backup_manifest
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "cli/backup_files.h"
#include "cli/backup_manifest.h"
#include "common/sqlite/database.h"
#include "common/testing/temp_dir.h"

namespace cedu::cli {
namespace {

BackupEntry entry(const std::string& name) {
  BackupEntry e{name, "service database", "/var/lib/cedu/" + name + ".db", name + ".db",
                "2026-11-29T19:40:00Z", {}};
  e.facts.sha256 = std::string(64, 'a');
  e.facts.bytes = 4096;
  e.facts.schema_version = 3;
  e.facts.tables = {{"records", 12}, {"audit", 20}};
  return e;
}

Manifest two() {
  Manifest m;
  m.created_at = "2026-11-29T19:41:00Z";
  m.cedu_version = "0.1.0";
  m.entries = {entry("teacher"), entry("course")};
  return m;
}

std::string error_of(const Json& j) { return manifest_from_json(j).status().message(); }

BOOST_AUTO_TEST_CASE(a_manifest_reads_back_as_written) {
  auto back = manifest_from_json(manifest_to_json(two()));
  BOOST_REQUIRE_MESSAGE(back.ok(), back.status().to_string());
  BOOST_TEST(back->created_at == "2026-11-29T19:41:00Z");
  BOOST_REQUIRE_EQUAL(back->entries.size(), 2u);
  BOOST_TEST(back->entries[1].name == "course");
  BOOST_TEST(back->entries[1].facts.tables.at("audit") == 20);
  BOOST_TEST(back->entries[0].facts.schema_version == 3);
}

BOOST_AUTO_TEST_CASE(a_bad_manifest_is_refused_naming_the_key) {
  Json j = manifest_to_json(two());
  j["files"][1]["sha256"] = "abc";
  BOOST_TEST(error_of(j) == "manifest.json: files[1].sha256: must be 64 lowercase hex digits");
  j = manifest_to_json(two());
  j["files"][0]["file"] = "../../etc/passwd";
  BOOST_TEST(error_of(j) == "manifest.json: files[0].file: must name a file in the backup directory");
  j = manifest_to_json(two());
  j["files"][1]["name"] = "teacher";
  BOOST_TEST(error_of(j) == "manifest.json: files[1].name: 'teacher' appears twice");
  j = manifest_to_json(two());
  j["format"] = 2;
  BOOST_TEST(error_of(j) == "manifest.json: format: is 2; this cedu reads format 1");
  j = manifest_to_json(two());
  j["files"][0].erase("schema_version");
  BOOST_TEST(error_of(j) == "manifest.json: files[0].schema_version: must be a whole number ≥ 0");
  BOOST_TEST(manifest_from_json(j).status().field() == "files[0].schema_version");
  j = manifest_to_json(two());
  j["files"] = Json::array();
  BOOST_TEST(error_of(j) == "manifest.json: files: must be a non-empty array");
}

BOOST_AUTO_TEST_CASE(the_sha256_of_a_file_is_the_known_digest) {
  testing::TempDir dir;
  std::ofstream(dir.file("abc")) << "abc";
  BOOST_TEST(*file_sha256(dir.file("abc")) ==
             "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(file_sha256(dir.file("missing")).status().code() == StatusCode::kNotFound);
}

// The snapshot is the database as of its last commit: a write transaction still open on
// another connection is not in it, and the writer is not blocked.
BOOST_AUTO_TEST_CASE(a_snapshot_holds_what_was_committed_and_nothing_else) {
  testing::TempDir dir;
  auto live = std::move(sqlite::Database::open(dir.file("live.db"))).value();
  BOOST_REQUIRE(live.exec("CREATE TABLE t(x); INSERT INTO t VALUES (1), (2);").is_ok());
  BOOST_REQUIRE(live.set_user_version(4).is_ok());
  BOOST_REQUIRE(live.exec("BEGIN; INSERT INTO t VALUES (3);").is_ok());
  BOOST_REQUIRE(snapshot_database(dir.file("live.db"), dir.file("copy.db")).is_ok());
  BOOST_REQUIRE(live.exec("INSERT INTO t VALUES (4); COMMIT;").is_ok());

  auto facts = file_facts(dir.file("copy.db"));
  BOOST_REQUIRE_MESSAGE(facts.ok(), facts.status().to_string());
  BOOST_TEST(facts->schema_version == 4);
  BOOST_TEST(facts->tables.at("t") == 2);
  BOOST_TEST(facts->sha256 == *file_sha256(dir.file("copy.db")));
  BOOST_TEST(facts->bytes > 0u);
  // Reading the facts leaves the copy as it was.
  BOOST_TEST(file_facts(dir.file("copy.db"))->sha256 == facts->sha256);

  Status missing = snapshot_database(dir.file("none.db"), dir.file("copy2.db"));
  BOOST_TEST(missing.code() == StatusCode::kNotFound);
}

BOOST_AUTO_TEST_CASE(a_damaged_file_has_no_facts) {
  testing::TempDir dir;
  std::ofstream(dir.file("junk.db")) << std::string(8192, 'x');
  BOOST_TEST(!file_facts(dir.file("junk.db")).ok());
}

BOOST_AUTO_TEST_CASE(the_deployment_files_are_the_event_log_and_each_database) {
  config::Deployment d = config::default_deployment();
  d.services.push_back({"teacher", 1, 2, "var/teacher/teacher.db", 0});
  const auto files = deployment_files(d);
  BOOST_REQUIRE_EQUAL(files.size(), 2u);
  BOOST_TEST(files[0].name == "bus");
  BOOST_TEST(files[0].path == "var/bus/events.db");
  BOOST_TEST(files[1].path == "var/teacher/teacher.db");
}

BOOST_AUTO_TEST_CASE(plugin_databases_beside_a_service_are_found_and_placed) {
  testing::TempDir dir;
  config::Deployment d = config::default_deployment();
  d.services.push_back({"course", 1, 2, dir.file("course/course.db"), 0});
  std::filesystem::create_directories(dir.file("course/plugins"));
  std::ofstream(dir.file("course/plugins/zeta.db")) << "";
  std::ofstream(dir.file("course/plugins/shawan-heritage.db")) << "";
  std::ofstream(dir.file("course/plugins/notes.txt")) << "";
  const auto files = deployment_files(d);
  BOOST_REQUIRE_EQUAL(files.size(), 4u);
  BOOST_TEST(files[2].name == "course/shawan-heritage");
  BOOST_TEST(files[2].kind == "plugin database");
  BOOST_TEST(files[3].path == dir.file("course/plugins/zeta.db"));

  auto placed = deployment_file(d, "course/shawan-heritage");
  BOOST_REQUIRE(placed.ok());
  BOOST_TEST(placed->path == dir.file("course/plugins/shawan-heritage.db"));
  BOOST_TEST(deployment_file(d, "course")->path == dir.file("course/course.db"));
  BOOST_TEST(deployment_file(d, "bus")->path == d.bus.events.path);
  BOOST_TEST(deployment_file(d, "teacher").status().message() == "the config has no services.teacher");
  BOOST_TEST(deployment_file(d, "course/../../etc").status().code() == StatusCode::kNotFound);
  // A second service in the same directory does not list the plugins again.
  d.services.push_back({"project", 1, 2, dir.file("course/project.db"), 0});
  BOOST_TEST(deployment_files(d).size() == 5u);
}

}  // namespace
}  // namespace cedu::cli
