// GroupSync: group commit for a library's writer connection. SQLite's synchronous=FULL
// flushes the WAL to disk inside every COMMIT, while the library's lock is held, so writes
// from concurrent handlers wait for one disk flush each, one after another. With GroupSync
// the writer runs synchronous=NORMAL (a COMMIT writes the WAL but does not flush it) and
// every handler that committed calls sync() outside the lock before it acknowledges or
// announces anything: one fsync of the WAL file then covers every commit made so far, so
// handlers that committed while another one's flush was running share the next flush.
//
// Durability is unchanged: a write is on disk before its reply or its event leaves the
// service. Readers on other connections may see a committed write a flush earlier than
// its writer acknowledges it; if the machine loses power in between, it was never
// acknowledged. (SQLite itself flushes the WAL before each checkpoint under NORMAL.)
// Thread-safety: committed() and sync() may be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "common/result.h"
#include "common/sqlite/database.h"

namespace cedu::library {

class GroupSync {
 public:
  // Switches `writer` to synchronous=NORMAL. nullptr (not an error) when `writer` is not a
  // WAL database file: it then keeps its own mode.
  static Result<std::unique_ptr<GroupSync>> attach(sqlite::Database& writer);
  ~GroupSync();
  GroupSync(const GroupSync&) = delete;
  GroupSync& operator=(const GroupSync&) = delete;

  // Called after each commit of the writer, on the committing thread (the WAL hook).
  void committed();
  // Returns once every commit this thread made is on disk (at once if there is none).
  // INTERNAL naming the WAL file iff the flush failed: the caller must not acknowledge.
  Status sync();

  std::uint64_t flushes() const { return flushes_.load(); }  // fsyncs done (tests)

 private:
  explicit GroupSync(std::string wal_path) : wal_path_(std::move(wal_path)) {}
  Status flush_locked();

  const std::string wal_path_;
  std::atomic<std::uint64_t> commits_{0};  // commits made so far
  std::mutex flush_mutex_;
  std::uint64_t flushed_ = 0;               // commits on disk (under flush_mutex_)
  int fd_ = -1;                             // the WAL file (under flush_mutex_)
  std::atomic<std::uint64_t> flushes_{0};
};

}  // namespace cedu::library
