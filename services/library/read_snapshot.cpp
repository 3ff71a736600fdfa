#include "services/library/read_snapshot.h"

#include <spdlog/spdlog.h>

namespace cedu::library {

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
  return std::unique_ptr<ReadSnapshot>(new ReadSnapshot(RecordStore(std::move(reader), spec)));
}

ReadSnapshot::ReadSnapshot(RecordStore reader) : reader_(std::move(reader)) {}

ReadSnapshot::~ReadSnapshot() {
  std::lock_guard<std::mutex> guard(mutex_);
  end_locked();
}

void ReadSnapshot::writer_committed() {
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

}  // namespace cedu::library
