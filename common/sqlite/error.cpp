#include "common/sqlite/error.h"

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
  return Status(code_for(rc), message + detail);
}

}  // namespace cedu::sqlite
