#include "services/library/read_snapshot.h"

#include <spdlog/spdlog.h>

namespace cedu::library {

namespace {
// SQLite's default auto-checkpoint threshold (pages in the WAL), which the hook replaces.
constexpr int kCheckpointPages = 1000;
}  // namespace

Result<std::unique_ptr<ReadSnapshot>> ReadSnapshot::attach(sqlite::Database& writer,
                                                           const LibrarySpec& spec) {
  const char* file = sqlite3_db_filename(writer.handle(), "main");
  if (file == nullptr || *file == '\0') return std::unique_ptr<ReadSnapshot>();
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement mode, writer.prepare("PRAGMA journal_mode"));
  CEDU_ASSIGN_OR_RETURN(bool row, mode.step());
  if (!row || mode.text(0) != "wal") return std::unique_ptr<ReadSnapshot>();

  sqlite::OpenOptions o;
  o.read_only = true;
  o.create = false;
  CEDU_ASSIGN_OR_RETURN(sqlite::Database reader, sqlite::Database::open(file, o));
  // Pages come straight from the OS page cache, without a read() per page missing from
  // a private cache and without a second copy of the writer's cache in memory.
  CEDU_RETURN_IF_ERROR(reader.exec("PRAGMA mmap_size = 1073741824"));
  std::unique_ptr<ReadSnapshot> self(new ReadSnapshot(writer, RecordStore(std::move(reader), spec)));
  sqlite3_wal_hook(writer.handle(), &ReadSnapshot::on_wal_commit, self.get());
  return self;
}

ReadSnapshot::ReadSnapshot(sqlite::Database& writer, RecordStore reader)
    : writer_(writer), reader_(std::move(reader)) {}

ReadSnapshot::~ReadSnapshot() {
  sqlite3_wal_autocheckpoint(writer_.handle(), kCheckpointPages);  // also removes our hook
  std::lock_guard<std::mutex> guard(mutex_);
  end_locked();
}

Result<Record> ReadSnapshot::get(std::int64_t id) {
  std::lock_guard<std::mutex> guard(mutex_);
  if (!open_) {
    CEDU_RETURN_IF_ERROR(reader_.db().exec("BEGIN"));
    open_ = true;
    ++begun_;
  }
  return reader_.get(id);
}

void ReadSnapshot::end_locked() {
  if (!open_) return;
  open_ = false;
  if (Status s = reader_.db().exec("COMMIT"); !s.is_ok()) {
    spdlog::warn("ending the read snapshot: {}", s.to_string());
  }
}

// Called by SQLite on the writer's thread after each commit, with the write lock released.
int ReadSnapshot::on_wal_commit(void* self, sqlite3* db, const char* schema, int pages) {
  auto* snapshot = static_cast<ReadSnapshot*>(self);
  {
    std::lock_guard<std::mutex> guard(snapshot->mutex_);
    snapshot->end_locked();
  }
  if (pages >= kCheckpointPages) {
    // What SQLite's own hook does (a passive checkpoint); errors are not the commit's.
    (void)sqlite3_wal_checkpoint_v2(db, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  }
  return SQLITE_OK;
}

}  // namespace cedu::library
