// Mapping of SQLite result codes to cedu's Status (DESIGN.md §5):
//   BUSY, LOCKED                         → UNAVAILABLE (retry later)
//   CONSTRAINT_UNIQUE / _PRIMARYKEY / _ROWID → ALREADY_EXISTS
//   other CONSTRAINT (CHECK, FOREIGN KEY, NOT NULL, ...) → FAILED_PRECONDITION
//   FULL (disk full), NOMEM              → RESOURCE_EXHAUSTED
//   IOERR_WRITE that found no room (the file at RLIMIT_FSIZE, or under 16 MiB free on its
//   file system)                         → RESOURCE_EXHAUSTED, message "…: disk full: …"
//   IOERR, CORRUPT and everything else   → INTERNAL
// Thread-safety: pure functions.
#pragma once

#include <string_view>

#include <sqlite3.h>

#include "common/status.h"

namespace cedu::sqlite {

// The Status for result code `rc` (primary or extended) of a call on `db` (may be null).
// The message is "<context>: <SQLite's message>", or for a write without room
// "<context>: disk full: <why> (<SQLite's message>); free space or raise the limit, then retry". REQUIRES: rc is not SQLITE_OK, ROW or
// DONE.
Status error_status(int rc, sqlite3* db, std::string_view context);

// The StatusCode that `rc` maps to.
StatusCode code_for(int rc);

}  // namespace cedu::sqlite
