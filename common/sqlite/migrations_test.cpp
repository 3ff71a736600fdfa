#define BOOST_TEST_MODULE sqlite_migrations
#include "common/sqlite/migrations.h"

#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include "common/testing/temp_dir.h"

namespace cedu::sqlite {
namespace {

std::int64_t scalar(Database& db, const std::string& sql) {
  Statement st = std::move(db.prepare(sql)).value();
  BOOST_REQUIRE(*st.step());
  return st.int64(0);
}

struct Fixture {
  Fixture() : db(std::move(Database::open(dir.file("m.db"))).value()) {}
  testing::TempDir dir;
  Database db;
  std::vector<int> ran;  // versions whose step ran, in order

  std::vector<Migration> three() {
    return {
        {1, "create teacher", "CREATE TABLE teacher(id INTEGER PRIMARY KEY, name TEXT);",
         [this](Database&) {
           ran.push_back(1);
           return Status::ok();
         }},
        {2, "seed", "INSERT INTO teacher(name) VALUES ('a'); INSERT INTO teacher(name) VALUES ('b');",
         [this](Database&) {
           ran.push_back(2);
           return Status::ok();
         }},
        {3, "add town", "",
         [this](Database& d) {
           ran.push_back(3);
           return d.exec("ALTER TABLE teacher ADD COLUMN town TEXT NOT NULL DEFAULT 'nancun'");
         }},
    };
  }
};

BOOST_FIXTURE_TEST_CASE(applies_in_order_and_is_idempotent, Fixture) {
  BOOST_REQUIRE(migrate(db, three()).is_ok());
  BOOST_TEST((ran == std::vector<int>{1, 2, 3}));
  BOOST_TEST(*db.user_version() == 3);
  BOOST_TEST(scalar(db, "SELECT count(*) FROM teacher WHERE town = 'nancun'") == 2);

  ran.clear();
  BOOST_REQUIRE(migrate(db, three()).is_ok());
  BOOST_TEST(ran.empty());
  BOOST_TEST(*db.user_version() == 3);
  BOOST_TEST(scalar(db, "SELECT count(*) FROM teacher") == 2);
  BOOST_TEST(*db.integrity_check() == "ok");
}

BOOST_FIXTURE_TEST_CASE(upgrades_from_an_older_version, Fixture) {
  std::vector<Migration> all = three();
  std::vector<Migration> first(all.begin(), all.begin() + 1);
  BOOST_REQUIRE(migrate(db, first).is_ok());
  BOOST_TEST(*db.user_version() == 1);
  ran.clear();
  BOOST_REQUIRE(migrate(db, all).is_ok());
  BOOST_TEST((ran == std::vector<int>{2, 3}));
  BOOST_TEST(*db.user_version() == 3);
}

BOOST_FIXTURE_TEST_CASE(refuses_a_newer_database, Fixture) {
  BOOST_REQUIRE(db.set_user_version(5).is_ok());
  Status s = migrate(db, three());
  BOOST_TEST(s.code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(s.message() == db.path() + ": database schema version 5 is newer than this binary (3)");
  BOOST_TEST(ran.empty());
  BOOST_TEST(*db.user_version() == 5);
}

BOOST_FIXTURE_TEST_CASE(failed_sql_leaves_version_and_data_untouched, Fixture) {
  std::vector<Migration> ms = three();
  ms.resize(2);
  ms.push_back({3, "broken", "INSERT INTO teacher(name) VALUES ('c'); INSERT INTO nowhere VALUES (1);", {}});
  Status s = migrate(db, ms);
  BOOST_TEST(s.code() == StatusCode::kInternal);
  BOOST_TEST(s.message().find("migration 3 (broken): ") == 0u);
  BOOST_TEST(s.message().find("no such table: nowhere") != std::string::npos);
  BOOST_TEST(*db.user_version() == 2);
  BOOST_TEST(scalar(db, "SELECT count(*) FROM teacher") == 2);  // 'c' rolled back
  BOOST_TEST(sqlite3_get_autocommit(db.handle()) != 0);
}

BOOST_FIXTURE_TEST_CASE(failed_step_leaves_version_and_data_untouched, Fixture) {
  std::vector<Migration> ms = three();
  ms[1].step = [](Database&) { return Status::failed_precondition("seed data is inconsistent"); };
  Status s = migrate(db, ms);
  BOOST_TEST(s.code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(s.message() == "migration 2 (seed): seed data is inconsistent");
  BOOST_TEST(*db.user_version() == 1);
  BOOST_TEST(scalar(db, "SELECT count(*) FROM teacher") == 0);  // the seed's sql rolled back
  // Fixed binary: the rerun picks up where it stopped.
  ran.clear();
  BOOST_REQUIRE(migrate(db, three()).is_ok());
  BOOST_TEST((ran == std::vector<int>{2, 3}));
}

BOOST_FIXTURE_TEST_CASE(rejects_malformed_lists, Fixture) {
  auto sql = [](int v) { return Migration{v, "m", "SELECT 1", {}}; };
  BOOST_TEST(migrate(db, {sql(2)}).code() == StatusCode::kInternal);
  BOOST_TEST(migrate(db, {sql(1), sql(3)}).code() == StatusCode::kInternal);
  BOOST_TEST(migrate(db, {sql(2), sql(1)}).code() == StatusCode::kInternal);
  BOOST_TEST(migrate(db, {sql(1), sql(1)}).code() == StatusCode::kInternal);
  Status empty = migrate(db, {Migration{1, "empty", "", {}}});
  BOOST_TEST(empty.code() == StatusCode::kInternal);
  BOOST_TEST(empty.message() == "migration 1 (empty) has neither sql nor step");
  BOOST_TEST(*db.user_version() == 0);  // nothing ran
  BOOST_TEST(migrate(db, {}).is_ok());
}

// --- named tracks --------------------------------------------------------------------

BOOST_FIXTURE_TEST_CASE(a_track_is_versioned_apart_from_the_database, Fixture) {
  BOOST_REQUIRE(migrate(db, three()).is_ok());
  BOOST_TEST(*track_version(db, "library-core") == 0);  // no schema_tracks table yet
  const std::vector<Migration> core = {
      {1, "core index", "CREATE INDEX teacher_name ON teacher(name);", {}},
      {2, "core column", "ALTER TABLE teacher ADD COLUMN core TEXT;", {}},
  };
  BOOST_REQUIRE(migrate_track(db, "library-core", core).is_ok());
  BOOST_TEST(*track_version(db, "library-core") == 2);
  BOOST_TEST(*track_version(db, "other") == 0);
  BOOST_TEST(*db.user_version() == 3);  // the database's own version is untouched
  // Both lists grow independently: the service adds its migration 4, the track stays at 2.
  std::vector<Migration> four = three();
  four.push_back({4, "service table", "CREATE TABLE service_only(x);", {}});
  BOOST_REQUIRE(migrate(db, four).is_ok());
  BOOST_REQUIRE(migrate_track(db, "library-core", core).is_ok());  // idempotent
  BOOST_TEST(*db.user_version() == 4);
  BOOST_TEST(*track_version(db, "library-core") == 2);
  BOOST_TEST(scalar(db, "SELECT count(*) FROM schema_tracks") == 1);
}

BOOST_FIXTURE_TEST_CASE(a_failed_track_step_rolls_back_and_a_newer_track_is_refused, Fixture) {
  std::vector<Migration> core = {
      {1, "core table", "CREATE TABLE core_t(x);", {}},
      {2, "core fails", "INSERT INTO core_t VALUES (1);",
       [](Database&) { return Status::failed_precondition("cannot rebuild"); }},
  };
  Status s = migrate_track(db, "library-core", core);
  BOOST_TEST(s.message() == "migration 2 (core fails): cannot rebuild");
  BOOST_TEST(*track_version(db, "library-core") == 1);
  BOOST_TEST(scalar(db, "SELECT count(*) FROM core_t") == 0);  // step 2's insert rolled back

  core.pop_back();
  BOOST_REQUIRE(db.exec("UPDATE schema_tracks SET version = 5").is_ok());
  Status newer = migrate_track(db, "library-core", core);
  BOOST_TEST(newer.code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(newer.message().find("schema track \"library-core\" version 5 is newer than this binary (1)") !=
             std::string::npos, newer.message());
}

}  // namespace
}  // namespace cedu::sqlite
