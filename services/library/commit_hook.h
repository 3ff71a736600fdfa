// CommitHook: what runs after each commit of a library's writer connection. It is SQLite's
// WAL hook, called on the committing thread once the commit is done and the write lock
// released; since it replaces SQLite's own auto-checkpoint hook, it also checkpoints the
// way that hook would (a passive checkpoint once the WAL holds 1000 pages).
// Thread-safety: the callbacks run on whichever thread commits.
#pragma once

#include <functional>
#include <vector>

#include "common/sqlite/database.h"

namespace cedu::library {

class CommitHook {
 public:
  // Installs the hook on `writer`, which must outlive this object.
  CommitHook(sqlite::Database& writer, std::vector<std::function<void()>> after_commit);
  ~CommitHook();  // gives `writer` back to SQLite's own auto-checkpoint
  CommitHook(const CommitHook&) = delete;
  CommitHook& operator=(const CommitHook&) = delete;

 private:
  static int on_commit(void* self, sqlite3* db, const char* schema, int pages);

  sqlite::Database& writer_;
  std::vector<std::function<void()>> after_commit_;
};

}  // namespace cedu::library
