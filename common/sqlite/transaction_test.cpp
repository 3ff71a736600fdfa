#define BOOST_TEST_MODULE sqlite_transaction
#include "common/sqlite/transaction.h"

#include <string>

#include <boost/test/unit_test.hpp>

#include "common/testing/temp_dir.h"

namespace cedu::sqlite {
namespace {

std::int64_t count(Database& db) {
  Statement st = std::move(db.prepare("SELECT count(*) FROM t")).value();
  BOOST_REQUIRE(*st.step());
  return st.int64(0);
}

struct Fixture {
  Fixture() : db(std::move(Database::open(dir.file("t.db"))).value()) {
    BOOST_REQUIRE(db.exec("CREATE TABLE t(x)").is_ok());
  }
  testing::TempDir dir;
  Database db;
};

BOOST_FIXTURE_TEST_CASE(rolls_back_on_scope_exit, Fixture) {
  {
    Result<Transaction> tx = Transaction::begin(db);
    BOOST_REQUIRE(tx.ok());
    BOOST_TEST(tx->is_open());
    BOOST_REQUIRE(db.exec("INSERT INTO t VALUES (1)").is_ok());
    BOOST_TEST(count(db) == 1);
  }
  BOOST_TEST(count(db) == 0);
  BOOST_TEST(sqlite3_get_autocommit(db.handle()) != 0);
}

BOOST_FIXTURE_TEST_CASE(commit_persists, Fixture) {
  {
    Transaction tx = std::move(Transaction::begin(db, Transaction::Mode::kDeferred)).value();
    BOOST_REQUIRE(db.exec("INSERT INTO t VALUES (1); INSERT INTO t VALUES (2)").is_ok());
    BOOST_REQUIRE(tx.commit().is_ok());
    BOOST_TEST(!tx.is_open());
    BOOST_TEST(tx.commit().code() == StatusCode::kInternal);  // already ended
  }
  BOOST_TEST(count(db) == 2);
  Database other = std::move(Database::open(dir.file("t.db"))).value();
  BOOST_TEST(count(other) == 2);
}

BOOST_FIXTURE_TEST_CASE(explicit_rollback, Fixture) {
  Transaction tx = std::move(Transaction::begin(db, Transaction::Mode::kExclusive)).value();
  BOOST_REQUIRE(db.exec("INSERT INTO t VALUES (1)").is_ok());
  BOOST_REQUIRE(tx.rollback().is_ok());
  BOOST_TEST(!tx.is_open());
  BOOST_TEST(count(db) == 0);
  BOOST_TEST(!tx.rollback().is_ok());
}

BOOST_FIXTURE_TEST_CASE(moved_transaction_rolls_back_once, Fixture) {
  {
    Transaction a = std::move(Transaction::begin(db)).value();
    BOOST_REQUIRE(db.exec("INSERT INTO t VALUES (1)").is_ok());
    Transaction b = std::move(a);
    BOOST_TEST(!a.is_open());
    BOOST_TEST(b.is_open());
  }
  BOOST_TEST(count(db) == 0);
}

BOOST_FIXTURE_TEST_CASE(nested_begin_is_an_error, Fixture) {
  Transaction tx = std::move(Transaction::begin(db)).value();
  Status s = Transaction::begin(db).status();
  BOOST_TEST(!s.is_ok());
  BOOST_TEST(s.message().find("within a transaction") != std::string::npos);
  BOOST_TEST(tx.commit().is_ok());
}

BOOST_FIXTURE_TEST_CASE(busy_database_is_unavailable, Fixture) {
  OpenOptions impatient;
  impatient.busy_timeout = std::chrono::milliseconds(0);  // fail at once, no timing
  Database other = std::move(Database::open(dir.file("t.db"), impatient)).value();
  Transaction writer = std::move(Transaction::begin(db)).value();
  Status s = Transaction::begin(other).status();
  BOOST_TEST(s.code() == StatusCode::kUnavailable);
  BOOST_TEST(s.message().find("database is locked") != std::string::npos);
  // Readers are not blocked by a writer in WAL mode.
  BOOST_TEST(count(other) == 0);
  BOOST_REQUIRE(writer.commit().is_ok());
  BOOST_TEST(Transaction::begin(other).ok());
}

}  // namespace
}  // namespace cedu::sqlite
