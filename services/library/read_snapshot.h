// ReadSnapshot: a second, read-only connection to a library's database for the point reads
// the service runtime's I/O thread answers inline (<lib>.get).
//
// Why: in WAL mode SQLite takes and drops two file locks (fcntl) for every read that runs
// outside a transaction — a third of a get's system time. The snapshot keeps one read
// transaction open across reads instead, and the library ends it after each commit of its
// writer connection (writer_committed(), called from the library's CommitHook), so:
//   - a read never sees older data than the last committed write (a caller that got a
//     write's reply and then reads sees the write: the commit ended the old snapshot first);
//   - an idle reader never pins the WAL: the next read starts a fresh snapshot, so the
//     writer's checkpoints go through.
// A database that is not a WAL file (":memory:" in tests) gets no snapshot: reads then go
// to the writer connection under the library's lock.
//
// Requires that this process's writer connection is the only writer of the file (each
// service owns its database: DESIGN.md §5); another process's commits would not end the
// snapshot.
// Thread-safety: get() and writer_committed() serialise on an internal mutex; either may be
// called from any thread.
#pragma once

#include <functional>
#include <memory>
#include <mutex>

#include "common/result.h"
#include "common/sqlite/database.h"
#include "services/library/record_store.h"

namespace cedu::library {

class ReadSnapshot {
 public:
  // Opens the read connection beside `writer`. nullptr (not an error) when `writer` is not
  // a WAL database.
  static Result<std::unique_ptr<ReadSnapshot>> attach(sqlite::Database& writer,
                                                      const LibrarySpec& spec);
  ~ReadSnapshot();
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;

  // RecordStore::get inside the open read transaction (begun if none).
  Result<Record> get(std::int64_t id);

  // Ends the open snapshot: the writer committed, so the next get must see it. Call after
  // every commit of the writer connection.
  void writer_committed();

  // Snapshot transactions begun so far (tests: a run of reads without writes shares one).
  std::uint64_t snapshots_begun() const { return begun_; }

 private:
  explicit ReadSnapshot(RecordStore reader);
  void end_locked();

  RecordStore reader_;
  std::mutex mutex_;
  bool open_ = false;
  std::uint64_t begun_ = 0;
};

}  // namespace cedu::library
