// Versioned schema migrations kept in PRAGMA user_version (DESIGN.md §5). A service
// lists its migrations once, in order; migrate() brings any database from any older
// version up to the newest, one transaction per step.
//
//   const std::vector<Migration> kMigrations = {
//       {1, "create teacher", "CREATE TABLE teacher(...);", {}},
//       {2, "backfill towns", "", [](Database& db) { ...; return Status::ok(); }},
//   };
//   CEDU_RETURN_IF_ERROR(migrate(db, kMigrations));
//
// Thread-safety: as the Database. Several processes may migrate the same file at once:
// each step re-reads the version under the write lock and skips what is already done.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/sqlite/database.h"

namespace cedu::sqlite {

struct Migration {
  int version;              // 1, 2, 3, ... in order
  std::string description;  // for errors and logs
  std::string sql;          // run first (may be several statements); may be empty
  std::function<Status(Database&)> step;  // run second; may be empty
  // sql and step must not BEGIN/COMMIT themselves nor change PRAGMA foreign_keys or
  // journal_mode (they run inside a transaction).
};

// Applies every migration newer than the database's user_version, in order, each in its
// own IMMEDIATE transaction together with the user_version bump; a failing migration is
// rolled back whole, leaving the database at the previous version.
// Returns INTERNAL iff `migrations` is not versions 1..N ascending without gaps or one
// has neither sql nor step; FAILED_PRECONDITION iff the database is newer than N
// ("database schema version 5 is newer than this binary (3)"); else the first error of
// a migration, prefixed with "migration <version> (<description>)".
Status migrate(Database& db, const std::vector<Migration>& migrations);

// A named track of migrations beside the database's own: the schema a shared component
// owns inside each service's database (the library core's tables, track "library-core"),
// so that the component and each service number their migrations independently. The
// track's version is kept in table schema_tracks (created by its first migration), not in
// user_version; otherwise exactly as migrate(): versions 1..N, one transaction per step,
// FAILED_PRECONDITION naming the track iff the database is newer than `migrations`.
Status migrate_track(Database& db, std::string_view track, const std::vector<Migration>& migrations);
// The version of `track` in `db`: 0 iff none of its migrations ran.
Result<int> track_version(Database& db, std::string_view track);

}  // namespace cedu::sqlite
