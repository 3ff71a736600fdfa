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

}  // namespace
}  // namespace cedu::sqlite
