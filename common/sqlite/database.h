// sqlite::Database: RAII owner of one SQLite connection (sqlite3*), in the shape of
// SQLiteCpp's Database, except that every failure is a Status value. open() applies
// cedu's storage conventions (DESIGN.md §5): WAL, synchronous=FULL, a busy timeout and
// foreign keys, so that an acknowledged write survives kill -9.
// Thread-safety: not thread-safe. A Database and its statements are used by one thread
// at a time (the connection is opened without SQLite's own mutex); give each thread its
// own Database on the same file.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include "common/result.h"
#include "common/sqlite/statement.h"

namespace cedu::sqlite {

class StatementCache;

struct OpenOptions {
  bool read_only = false;
  bool create = true;                // create the file (and its parent directory) if missing
  std::string synchronous = "FULL";  // OFF, NORMAL, FULL or EXTRA
  std::chrono::milliseconds busy_timeout{5000};
  bool wal = true;
  bool foreign_keys = true;
  std::size_t statement_cache = 64;  // statements kept by cached(); 0 is taken as 1
};

class Database {
 public:
  // Opens (and, iff options.create, creates) the database at `path` (":memory:" for a
  // private in-memory database) and applies the options. Returns NOT_FOUND iff the file
  // does not exist and !options.create, INVALID_ARGUMENT (field "synchronous") for an
  // unknown synchronous mode, else the mapped SQLite error naming `path`.
  static Result<Database> open(const std::string& path, const OpenOptions& options = {});

  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();  // finalizes cached statements, closes the connection

  // Runs `sql`, which may hold several statements separated by ';'. Stops at the first
  // failing statement and returns its error.
  Status exec(std::string_view sql);
  // Prepares one statement. Returns INTERNAL for invalid SQL or trailing text after the
  // first statement.
  Result<Statement> prepare(std::string_view sql);
  // The cached prepared statement for `sql`, reset and with its bindings cleared. The
  // Database owns it; the pointer stays valid until options.statement_cache other
  // statements have been cached after it, or the Database is closed.
  // REQUIRES: no earlier user of the same SQL is still stepping it. A caller that stops
  // before step() returns false should reset() it, or the connection keeps an open read
  // transaction.
  Result<Statement*> cached(std::string_view sql);

  // Rowid of the last successful INSERT on this connection.
  std::int64_t last_insert_rowid() const;
  // Rows changed by the last INSERT, UPDATE or DELETE on this connection.
  int changes() const;
  sqlite3* handle() { return db_; }
  const std::string& path() const { return path_; }
  // Number of statements currently cached.
  std::size_t cached_count() const;

  // PRAGMA user_version: the schema version that migrations maintain.
  Result<int> user_version();
  Status set_user_version(int version);
  // Runs PRAGMA integrity_check. Returns "ok" iff the database is sound, else SQLite's
  // findings, one per line.
  Result<std::string> integrity_check();

 private:
  Database(sqlite3* db, std::string path, std::size_t cache_capacity);
  Status apply(const OpenOptions& options);
  // Status for a failed call on this connection, naming the path.
  Status fail(int rc, std::string_view what) const;
  void close();

  sqlite3* db_ = nullptr;
  std::string path_;
  std::unique_ptr<StatementCache> cache_;
};

}  // namespace cedu::sqlite
