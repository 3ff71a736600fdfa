#define BOOST_TEST_MODULE sqlite_database
#include "common/sqlite/database.h"

#include <signal.h>
#include <sys/resource.h>

#include <filesystem>
#include <string>

#include <boost/test/unit_test.hpp>

#include "common/sqlite/error.h"
#include "common/testing/temp_dir.h"

namespace cedu::sqlite {
namespace {

std::string pragma_text(Database& db, const std::string& name) {
  auto st = db.prepare("PRAGMA " + name);
  BOOST_REQUIRE(st.ok());
  BOOST_REQUIRE(*st->step());
  return st->text(0);
}

std::int64_t pragma_int(Database& db, const std::string& name) {
  auto st = db.prepare("PRAGMA " + name);
  BOOST_REQUIRE(st.ok());
  BOOST_REQUIRE(*st->step());
  return st->int64(0);
}

int live_statements(Database& db) {
  int n = 0;
  for (sqlite3_stmt* s = sqlite3_next_stmt(db.handle(), nullptr); s != nullptr;
       s = sqlite3_next_stmt(db.handle(), s)) {
    ++n;
  }
  return n;
}

BOOST_AUTO_TEST_CASE(open_creates_wal_database_with_pragmas) {
  testing::TempDir dir;
  std::string path = dir.file("teacher/teacher.db");  // parent does not exist yet
  Result<Database> db = Database::open(path);
  BOOST_REQUIRE_MESSAGE(db.ok(), db.status().to_string());
  BOOST_TEST(std::filesystem::exists(path));
  BOOST_TEST(db->path() == path);
  BOOST_TEST(pragma_text(*db, "journal_mode") == "wal");
  BOOST_TEST(pragma_int(*db, "synchronous") == 2);  // FULL
  BOOST_TEST(pragma_int(*db, "foreign_keys") == 1);
  BOOST_TEST(pragma_int(*db, "busy_timeout") == 5000);
}

BOOST_AUTO_TEST_CASE(open_applies_options) {
  testing::TempDir dir;
  OpenOptions o;
  o.synchronous = "normal";
  o.foreign_keys = false;
  o.busy_timeout = std::chrono::milliseconds(1234);
  o.wal = false;
  Result<Database> db = Database::open(dir.file("x.db"), o);
  BOOST_REQUIRE(db.ok());
  BOOST_TEST(pragma_text(*db, "journal_mode") == "delete");
  BOOST_TEST(pragma_int(*db, "synchronous") == 1);  // NORMAL
  BOOST_TEST(pragma_int(*db, "foreign_keys") == 0);
  BOOST_TEST(pragma_int(*db, "busy_timeout") == 1234);
}

BOOST_AUTO_TEST_CASE(open_failures) {
  testing::TempDir dir;
  OpenOptions bad;
  bad.synchronous = "SOMETIMES";
  Status s = Database::open(dir.file("a.db"), bad).status();
  BOOST_TEST(s.code() == StatusCode::kInvalidArgument);
  BOOST_TEST(s.field() == "synchronous");
  BOOST_TEST(!std::filesystem::exists(dir.file("a.db")));

  OpenOptions no_create;
  no_create.create = false;
  s = Database::open(dir.file("missing.db"), no_create).status();
  BOOST_TEST(s.code() == StatusCode::kNotFound);
  BOOST_TEST(s.message().find(dir.file("missing.db")) != std::string::npos);

  // A directory is not a database.
  s = Database::open(dir.path().string()).status();
  BOOST_TEST(s.code() == StatusCode::kInternal);
  BOOST_TEST(s.message().find(dir.path().string()) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(read_only_refuses_writes) {
  testing::TempDir dir;
  std::string path = dir.file("r.db");
  {
    Database db = std::move(Database::open(path)).value();
    BOOST_REQUIRE(db.exec("CREATE TABLE t(x); INSERT INTO t VALUES (1);").is_ok());
  }
  OpenOptions ro;
  ro.read_only = true;
  Result<Database> db = Database::open(path, ro);
  BOOST_REQUIRE_MESSAGE(db.ok(), db.status().to_string());
  BOOST_TEST(pragma_int(*db, "user_version") == 0);
  Status s = db->exec("INSERT INTO t VALUES (2)");
  BOOST_TEST(!s.is_ok());
  BOOST_TEST(s.message().find("readonly") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(exec_and_prepare) {
  Database db = std::move(Database::open(":memory:")).value();
  BOOST_TEST(db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT);"
                     "INSERT INTO t(name) VALUES ('a');"
                     "INSERT INTO t(name) VALUES ('b');")
                 .is_ok());
  BOOST_TEST(db.last_insert_rowid() == 2);
  BOOST_TEST(db.exec("UPDATE t SET name = 'c'").is_ok());
  BOOST_TEST(db.changes() == 2);

  Status s = db.exec("SELEC 1");
  BOOST_TEST(s.code() == StatusCode::kInternal);
  BOOST_TEST(s.message().find("syntax error") != std::string::npos);

  s = db.prepare("SELECT * FROM nowhere").status();
  BOOST_TEST(s.code() == StatusCode::kInternal);
  BOOST_TEST(s.message().find("no such table: nowhere") != std::string::npos);

  BOOST_TEST(db.prepare("SELECT 1;  -- a comment\n").ok());
  s = db.prepare("SELECT 1; SELECT 2").status();
  BOOST_TEST(s.message().find("more than one statement") != std::string::npos);
  BOOST_TEST(!db.prepare("   ").ok());
}

BOOST_AUTO_TEST_CASE(cache_returns_the_same_reset_statement) {
  Database db = std::move(Database::open(":memory:")).value();
  Result<Statement*> a = db.cached("SELECT ?");
  BOOST_REQUIRE(a.ok());
  BOOST_REQUIRE((*a)->bind(1, 7).is_ok());
  BOOST_REQUIRE(*(*a)->step());
  BOOST_TEST((*a)->int64(0) == 7);

  Result<Statement*> again = db.cached("SELECT ?");
  BOOST_REQUIRE(again.ok());
  BOOST_TEST(*again == *a);
  // Reset and cleared: the parameter is NULL again and stepping starts over.
  BOOST_REQUIRE(*(*again)->step());
  BOOST_TEST((*again)->is_null(0));
  BOOST_TEST(db.cached_count() == 1u);
  BOOST_TEST(!db.cached("SELEC").ok());
  BOOST_TEST(db.cached_count() == 1u);
}

BOOST_AUTO_TEST_CASE(cache_is_bounded_lru) {
  OpenOptions o;
  o.statement_cache = 2;
  Database db = std::move(Database::open(":memory:", o)).value();
  Statement* a = *db.cached("SELECT 1");
  sqlite3_stmt* a_handle = a->handle();
  BOOST_REQUIRE(db.cached("SELECT 2").ok());
  BOOST_TEST(*db.cached("SELECT 1") == a);  // now most recent
  BOOST_REQUIRE(db.cached("SELECT 3").ok());  // evicts SELECT 2
  BOOST_TEST(db.cached_count() == 2u);
  BOOST_TEST(live_statements(db) == 2);  // the evicted one was finalized
  Statement* a_again = *db.cached("SELECT 1");
  BOOST_TEST(a_again == a);
  BOOST_TEST(a_again->handle() == a_handle);
  for (int i = 0; i < 10; ++i) BOOST_REQUIRE(db.cached("SELECT " + std::to_string(10 + i)).ok());
  BOOST_TEST(db.cached_count() == 2u);
  BOOST_TEST(live_statements(db) == 2);
}

BOOST_AUTO_TEST_CASE(user_version_and_integrity) {
  testing::TempDir dir;
  Database db = std::move(Database::open(dir.file("v.db"))).value();
  BOOST_TEST(*db.user_version() == 0);
  BOOST_REQUIRE(db.set_user_version(7).is_ok());
  BOOST_TEST(*db.user_version() == 7);
  BOOST_REQUIRE(db.exec("CREATE TABLE t(x UNIQUE); INSERT INTO t VALUES (1), (2);").is_ok());
  BOOST_TEST(*db.integrity_check() == "ok");
}

BOOST_AUTO_TEST_CASE(move_keeps_the_connection) {
  Database a = std::move(Database::open(":memory:")).value();
  BOOST_REQUIRE(a.exec("CREATE TABLE t(x)").is_ok());
  BOOST_REQUIRE(a.cached("SELECT count(*) FROM t").ok());
  Database b = std::move(a);
  BOOST_TEST(b.exec("INSERT INTO t VALUES (1)").is_ok());
  Statement* st = *b.cached("SELECT count(*) FROM t");
  BOOST_REQUIRE(*st->step());
  BOOST_TEST(st->int64(0) == 1);
  Database c = std::move(Database::open(":memory:")).value();
  c = std::move(b);
  BOOST_TEST(c.exec("INSERT INTO t VALUES (2)").is_ok());
}

BOOST_AUTO_TEST_CASE(error_code_mapping) {
  BOOST_TEST(code_for(SQLITE_BUSY) == StatusCode::kUnavailable);
  BOOST_TEST(code_for(SQLITE_BUSY_SNAPSHOT) == StatusCode::kUnavailable);
  BOOST_TEST(code_for(SQLITE_LOCKED) == StatusCode::kUnavailable);
  BOOST_TEST(code_for(SQLITE_CONSTRAINT_UNIQUE) == StatusCode::kAlreadyExists);
  BOOST_TEST(code_for(SQLITE_CONSTRAINT_PRIMARYKEY) == StatusCode::kAlreadyExists);
  BOOST_TEST(code_for(SQLITE_CONSTRAINT_ROWID) == StatusCode::kAlreadyExists);
  BOOST_TEST(code_for(SQLITE_CONSTRAINT_CHECK) == StatusCode::kFailedPrecondition);
  BOOST_TEST(code_for(SQLITE_CONSTRAINT_FOREIGNKEY) == StatusCode::kFailedPrecondition);
  BOOST_TEST(code_for(SQLITE_CONSTRAINT) == StatusCode::kFailedPrecondition);
  BOOST_TEST(code_for(SQLITE_FULL) == StatusCode::kResourceExhausted);
  BOOST_TEST(code_for(SQLITE_NOMEM) == StatusCode::kResourceExhausted);
  BOOST_TEST(code_for(SQLITE_IOERR_WRITE) == StatusCode::kInternal);
  BOOST_TEST(code_for(SQLITE_CORRUPT) == StatusCode::kInternal);
  BOOST_TEST(code_for(SQLITE_ERROR) == StatusCode::kInternal);
  Status s = error_status(SQLITE_FULL, nullptr, "x.db");
  BOOST_TEST(s.code() == StatusCode::kResourceExhausted);
  BOOST_TEST(s.message() == "x.db: database or disk is full");
}

// A write past RLIMIT_FSIZE fails with EFBIG, which SQLite calls a plain I/O error: it is
// reported as the disk being full, and the database stays readable and sound.
BOOST_AUTO_TEST_CASE(a_write_past_the_file_size_limit_is_disk_full) {
  testing::TempDir dir;
  Database db = std::move(Database::open(dir.file("small.db"))).value();
  BOOST_REQUIRE(db.exec("CREATE TABLE t(x TEXT); INSERT INTO t VALUES ('first');").is_ok());
  const auto previous = ::signal(SIGXFSZ, SIG_IGN);
  rlimit saved{};
  BOOST_REQUIRE(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
  rlimit small = saved;
  small.rlim_cur = 64 * 1024;
  BOOST_REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
  Status full;
  for (int i = 0; i < 1000 && full.is_ok(); ++i) {
    full = db.exec("INSERT INTO t VALUES (printf('%.4000c', 'x'))");
  }
  ::setrlimit(RLIMIT_FSIZE, &saved);
  ::signal(SIGXFSZ, previous);
  BOOST_TEST(full.code() == StatusCode::kResourceExhausted, full.to_string());
  BOOST_TEST(full.message().find(dir.file("small.db") + ": disk full: the file size limit (RLIMIT_FSIZE) of 65536 bytes is reached (disk I/O error)") == 0u, full.to_string());
  BOOST_TEST(*db.integrity_check() == "ok");
  auto st = db.prepare("SELECT x FROM t ORDER BY rowid LIMIT 1");
  BOOST_REQUIRE(st.ok() && *st->step());
  BOOST_TEST(st->text(0) == "first");
}

}  // namespace
}  // namespace cedu::sqlite
