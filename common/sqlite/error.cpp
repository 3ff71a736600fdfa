#include "common/sqlite/error.h"

#include <sys/resource.h>
#include <sys/statvfs.h>

#include <algorithm>
#include <filesystem>
#include <string>

namespace cedu::sqlite {

StatusCode code_for(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return StatusCode::kUnavailable;
    case SQLITE_CONSTRAINT:
      switch (rc) {
        case SQLITE_CONSTRAINT_UNIQUE:
        case SQLITE_CONSTRAINT_PRIMARYKEY:
        case SQLITE_CONSTRAINT_ROWID: return StatusCode::kAlreadyExists;
        default: return StatusCode::kFailedPrecondition;
      }
    case SQLITE_FULL:
    case SQLITE_NOMEM: return StatusCode::kResourceExhausted;
    default: return StatusCode::kInternal;
  }
}

namespace {

std::uintmax_t size_of(const std::string& path) {
  std::error_code ec;
  const auto n = std::filesystem::file_size(path, ec);
  return ec ? 0 : n;
}

// Why a failed write of `db` found no room, or "" when it did not look like that. SQLite
// reports ENOSPC as SQLITE_FULL, but EFBIG (past RLIMIT_FSIZE) only as IOERR_WRITE and
// keeps no errno the caller can read, so look at the limit and the files themselves.
std::string no_room_reason(int rc, sqlite3* db) {
  if (rc != SQLITE_IOERR_WRITE && (rc & 0xff) != SQLITE_FULL) return {};
  const char* name = db != nullptr ? sqlite3_db_filename(db, "main") : nullptr;
  if (name == nullptr || *name == '\0') return {};
  const std::string path(name);
  rlimit limit{};
  if (::getrlimit(RLIMIT_FSIZE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    constexpr std::uintmax_t kSlack = 1 << 20;  // a write of up to this much did not fit
    const std::uintmax_t largest = std::max(size_of(path), size_of(path + "-wal"));
    if (largest + kSlack >= limit.rlim_cur) {
      return "the file size limit (RLIMIT_FSIZE) of " + std::to_string(limit.rlim_cur) +
             " bytes is reached";
    }
  }
  struct statvfs fs {};
  const std::string dir = std::filesystem::path(path).parent_path().string();
  if (::statvfs(dir.empty() ? "." : dir.c_str(), &fs) == 0 &&
      static_cast<std::uintmax_t>(fs.f_bavail) * fs.f_frsize < (16u << 20)) {
    return "no space left on device (" + std::to_string(static_cast<std::uintmax_t>(fs.f_bavail) * fs.f_frsize) +
           " bytes free)";
  }
  return (rc & 0xff) == SQLITE_FULL ? "no space left on device" : "";
}

}  // namespace

Status error_status(int rc, sqlite3* db, std::string_view context) {
  std::string detail;
  // The connection's message only describes `rc` if it is the connection's last error.
  if (db != nullptr && (sqlite3_extended_errcode(db) & 0xff) == (rc & 0xff)) {
    detail = sqlite3_errmsg(db);
  } else {
    detail = sqlite3_errstr(rc);
  }
  std::string message(context);
  if (!message.empty()) message += ": ";
  if (const std::string why = no_room_reason(rc, db); !why.empty()) {
    return Status::resource_exhausted(message + "disk full: " + why + " (" + detail +
                                      "); free space or raise the limit, then retry");
  }
  return Status(code_for(rc), message + detail);
}

}  // namespace cedu::sqlite
