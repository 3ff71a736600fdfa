#include "services/library/group_sync.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace cedu::library {

namespace {
// The last commit each thread made (0: none since its last sync). A thread serves one
// library, so one slot per thread is enough.
thread_local std::uint64_t t_last_commit = 0;
}  // namespace

Result<std::unique_ptr<GroupSync>> GroupSync::attach(sqlite::Database& writer) {
  const char* file = sqlite3_db_filename(writer.handle(), "main");
  if (file == nullptr || *file == '\0') return std::unique_ptr<GroupSync>();
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement mode, writer.prepare("PRAGMA journal_mode"));
  CEDU_ASSIGN_OR_RETURN(bool row, mode.step());
  if (!row || mode.text(0) != "wal") return std::unique_ptr<GroupSync>();
  CEDU_RETURN_IF_ERROR(writer.exec("PRAGMA synchronous = NORMAL"));
  return std::unique_ptr<GroupSync>(new GroupSync(std::string(file) + "-wal"));
}

GroupSync::~GroupSync() {
  if (fd_ >= 0) ::close(fd_);
}

void GroupSync::committed() { t_last_commit = commits_.fetch_add(1) + 1; }

Status GroupSync::sync() {
  const std::uint64_t mine = t_last_commit;
  if (mine == 0) return Status::ok();
  std::lock_guard<std::mutex> guard(flush_mutex_);
  if (flushed_ >= mine) {  // another thread's flush started after our commit
    t_last_commit = 0;
    return Status::ok();
  }
  // Everything committed up to now goes to disk with this flush.
  const std::uint64_t upto = commits_.load();
  CEDU_RETURN_IF_ERROR(flush_locked());
  flushed_ = upto;
  t_last_commit = 0;
  return Status::ok();
}

Status GroupSync::flush_locked() {
  // SQLite keeps the WAL file while connections are open, but reopen it if it was replaced.
  struct stat by_path {}, by_fd {};
  if (fd_ >= 0 && (::stat(wal_path_.c_str(), &by_path) != 0 || ::fstat(fd_, &by_fd) != 0 ||
                   by_path.st_ino != by_fd.st_ino || by_path.st_dev != by_fd.st_dev)) {
    ::close(fd_);
    fd_ = -1;
  }
  if (fd_ < 0) fd_ = ::open(wal_path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0 || ::fdatasync(fd_) != 0) {
    const int err = errno;
    return Status::internal("flushing " + wal_path_ + " failed: " + std::strerror(err) +
                            "; the write is not known to be on disk");
  }
  flushes_.fetch_add(1);
  return Status::ok();
}

}  // namespace cedu::library
