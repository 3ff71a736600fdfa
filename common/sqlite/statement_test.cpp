#define BOOST_TEST_MODULE sqlite_statement
#include "common/sqlite/statement.h"

#include <cstdint>
#include <limits>
#include <string>

#include <boost/test/unit_test.hpp>

#include "common/sqlite/database.h"

namespace cedu::sqlite {
namespace {

Database memory_db() {
  Database db = std::move(Database::open(":memory:")).value();
  BOOST_REQUIRE(db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
                        " score REAL, data BLOB, n INTEGER CHECK (n >= 0))")
                    .is_ok());
  return db;
}

BOOST_AUTO_TEST_CASE(bind_step_and_read_columns) {
  Database db = memory_db();
  Statement ins = std::move(db.prepare("INSERT INTO t(name, score, data, n) VALUES (?, ?, ?, ?)")).value();
  const std::string blob("a\0b\xff", 4);
  BOOST_REQUIRE(ins.bind_text(1, "Li Hua 李华").is_ok());
  BOOST_REQUIRE(ins.bind(2, 4.25).is_ok());
  BOOST_REQUIRE(ins.bind_blob(3, blob).is_ok());
  BOOST_REQUIRE(ins.bind(4, std::numeric_limits<std::int64_t>::max()).is_ok());
  BOOST_TEST(*ins.step() == false);  // done, no row
  BOOST_TEST(db.last_insert_rowid() == 1);

  ins.reset();
  BOOST_REQUIRE(ins.bind_text(1, "second").is_ok());
  BOOST_REQUIRE(ins.bind_null(2).is_ok());
  BOOST_REQUIRE(ins.bind_blob(3, "").is_ok());
  BOOST_REQUIRE(ins.bind(4, 0).is_ok());
  BOOST_REQUIRE(ins.run().is_ok());

  Statement q = std::move(db.prepare("SELECT id, name, score, data, n FROM t ORDER BY id")).value();
  BOOST_TEST(q.column_count() == 5);
  BOOST_TEST(q.column_name(1) == "name");
  BOOST_REQUIRE(*q.step());
  BOOST_TEST(q.int64(0) == 1);
  BOOST_TEST(q.text(1) == "Li Hua 李华");
  BOOST_TEST(q.real(2) == 4.25);
  BOOST_TEST(q.blob(3) == blob);
  BOOST_TEST(q.int64(4) == std::numeric_limits<std::int64_t>::max());
  BOOST_TEST(!q.is_null(2));
  BOOST_REQUIRE(*q.step());
  BOOST_TEST(q.text(1) == "second");
  BOOST_TEST(q.is_null(2));
  BOOST_TEST(q.real(2) == 0.0);
  BOOST_TEST(!q.is_null(3));  // an empty blob is not NULL
  BOOST_TEST(q.blob(3).empty());
  BOOST_TEST(*q.step() == false);
  BOOST_TEST(q.sql() == "SELECT id, name, score, data, n FROM t ORDER BY id");
}

BOOST_AUTO_TEST_CASE(unowned_text_is_read_where_it_is_at_the_step) {
  Database db = memory_db();
  Statement ins = std::move(db.prepare("INSERT INTO t(name) VALUES (?)")).value();
  std::string name = "粤剧欣赏";
  BOOST_REQUIRE(ins.bind_text_unowned(1, name).is_ok());
  name[0] = 'X';  // not copied at bind time: the step sees the buffer as it is now
  BOOST_REQUIRE(ins.run().is_ok());
  ins.reset();
  BOOST_REQUIRE(ins.bind_text_unowned(1, std::string_view()).is_ok());  // empty, not NULL
  BOOST_REQUIRE(ins.run().is_ok());
  Statement sel = std::move(db.prepare("SELECT name, name IS NULL FROM t ORDER BY id")).value();
  BOOST_REQUIRE(*sel.step());
  BOOST_TEST(sel.text(0) == name);
  BOOST_REQUIRE(*sel.step());
  BOOST_TEST(sel.text(0) == "");
  BOOST_TEST(sel.int64(1) == 0);
}

BOOST_AUTO_TEST_CASE(collect_rows_reads_every_row_in_order_or_the_error) {
  Database db = memory_db();
  BOOST_REQUIRE(db.exec("INSERT INTO t(name, n) VALUES ('a', 1), ('b', 2), ('c', 3)").is_ok());
  Statement st = std::move(db.prepare("SELECT name, n FROM t ORDER BY n")).value();
  auto rows = collect_rows(st, [](const Statement& s) { return s.text(0) + std::to_string(s.int64(1)); });
  BOOST_REQUIRE(rows.ok());
  BOOST_TEST((*rows == std::vector<std::string>{"a1", "b2", "c3"}));
  Statement none = std::move(db.prepare("SELECT n FROM t WHERE n > 9")).value();
  BOOST_TEST(collect_rows(none, [](const Statement& s) { return s.int64(0); })->empty());
  // A step that fails (here: a CHECK constraint while stepping an INSERT … RETURNING).
  Statement bad = std::move(db.prepare("INSERT INTO t(name, n) VALUES ('d', -1) RETURNING n")).value();
  auto failed = collect_rows(bad, [](const Statement& s) { return s.int64(0); });
  BOOST_TEST(failed.status().code() == StatusCode::kFailedPrecondition);
}

BOOST_AUTO_TEST_CASE(bind_by_name) {
  Database db = memory_db();
  Statement ins =
      std::move(db.prepare("INSERT INTO t(name, score, n) VALUES (:name, @score, $n)")).value();
  BOOST_REQUIRE(ins.bind_text("name", "x").is_ok());  // ':' is implied
  BOOST_REQUIRE(ins.bind("@score", 1.5).is_ok());
  BOOST_REQUIRE(ins.bind("$n", 3).is_ok());
  BOOST_REQUIRE(ins.run().is_ok());
  Status s = ins.bind("nope", 1);
  BOOST_TEST(s.code() == StatusCode::kInternal);
  BOOST_TEST(s.message().find("no SQL parameter named :nope") != std::string::npos);
  BOOST_TEST(!ins.bind_null(":missing").is_ok());

  Statement q = std::move(db.prepare("SELECT score, n FROM t WHERE name = :name")).value();
  BOOST_REQUIRE(q.bind_text(":name", "x").is_ok());
  BOOST_REQUIRE(*q.step());
  BOOST_TEST(q.real(0) == 1.5);
  BOOST_TEST(q.int64(1) == 3);
}

BOOST_AUTO_TEST_CASE(bad_index_is_an_error) {
  Database db = memory_db();
  Statement q = std::move(db.prepare("SELECT ?")).value();
  Status s = q.bind(2, 1);
  BOOST_TEST(s.code() == StatusCode::kInternal);
  BOOST_TEST(s.message().find("bind parameter 2") != std::string::npos);
  BOOST_TEST(!q.bind_text(0, "x").is_ok());
}

BOOST_AUTO_TEST_CASE(reset_clears_bindings) {
  Database db = memory_db();
  Statement q = std::move(db.prepare("SELECT ?")).value();
  BOOST_REQUIRE(q.bind(1, 5).is_ok());
  BOOST_REQUIRE(*q.step());
  BOOST_TEST(q.int64(0) == 5);
  q.reset();
  BOOST_REQUIRE(*q.step());
  BOOST_TEST(q.is_null(0));
}

BOOST_AUTO_TEST_CASE(constraint_errors_are_mapped) {
  Database db = memory_db();
  BOOST_REQUIRE(db.exec("INSERT INTO t(id, name, n) VALUES (1, 'a', 1)").is_ok());
  Statement ins = std::move(db.prepare("INSERT INTO t(id, name, n) VALUES (?, ?, ?)")).value();

  auto attempt = [&](std::int64_t id, const char* name, std::int64_t n) {
    ins.reset();
    BOOST_REQUIRE(ins.bind(1, id).is_ok());
    if (name) {
      BOOST_REQUIRE(ins.bind_text(2, name).is_ok());
    }
    BOOST_REQUIRE(ins.bind(3, n).is_ok());
    return ins.run();
  };
  Status unique = attempt(2, "a", 1);
  BOOST_TEST(unique.code() == StatusCode::kAlreadyExists);
  BOOST_TEST(unique.message() == "UNIQUE constraint failed: t.name");
  Status pk = attempt(1, "b", 1);
  BOOST_TEST(pk.code() == StatusCode::kAlreadyExists);
  Status check = attempt(3, "c", -1);
  BOOST_TEST(check.code() == StatusCode::kFailedPrecondition);
  Status not_null = attempt(4, nullptr, 1);
  BOOST_TEST(not_null.code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(attempt(5, "e", 1).is_ok());

  BOOST_REQUIRE(db.exec("CREATE TABLE child(parent INTEGER REFERENCES t(id))").is_ok());
  Status fk = db.exec("INSERT INTO child VALUES (99)");
  BOOST_TEST(fk.code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(fk.message().find("FOREIGN KEY constraint failed") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(move_and_empty_statements) {
  Database db = memory_db();
  Statement a = std::move(db.prepare("SELECT 1")).value();
  Statement b = std::move(a);
  BOOST_TEST(a.handle() == nullptr);
  BOOST_TEST(*b.step());
  BOOST_TEST(!a.step().ok());
  BOOST_TEST(!a.bind(1, 1).is_ok());
  BOOST_TEST(a.column_count() == 0);
  a.reset();  // harmless
  Statement c = std::move(db.prepare("SELECT 2")).value();
  c = std::move(b);
  BOOST_TEST(c.sql() == "SELECT 1");
}

}  // namespace
}  // namespace cedu::sqlite
