#include "common/sqlite/migrations.h"

#include <functional>
#include <string>

#include "common/sqlite/statement.h"
#include "common/sqlite/transaction.h"

namespace cedu::sqlite {
namespace {

Status validate(const std::vector<Migration>& migrations) {
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    const Migration& m = migrations[i];
    if (m.version != static_cast<int>(i) + 1) {
      return Status::internal("migration list is not 1..N in order: entry " +
                              std::to_string(i + 1) + " has version " +
                              std::to_string(m.version));
    }
    if (m.sql.empty() && !m.step) {
      return Status::internal("migration " + std::to_string(m.version) + " (" + m.description +
                              ") has neither sql nor step");
    }
  }
  return Status::ok();
}

// Where a list of migrations keeps its version: user_version or a row of schema_tracks.
struct Versioning {
  std::function<Result<int>(Database&)> read;
  std::function<Status(Database&, int)> write;
  std::string name;  // "database schema" or "schema track \"library-core\""
};

// Applies `m` iff the database (read under the write lock) is exactly one version behind.
Status apply(Database& db, const Migration& m, const Versioning& v) {
  CEDU_ASSIGN_OR_RETURN(Transaction tx, Transaction::begin(db, Transaction::Mode::kImmediate));
  CEDU_ASSIGN_OR_RETURN(int current, v.read(db));
  if (current >= m.version) return tx.commit();  // another process got here first
  if (!m.sql.empty()) CEDU_RETURN_IF_ERROR(db.exec(m.sql));
  if (m.step) CEDU_RETURN_IF_ERROR(m.step(db));
  CEDU_RETURN_IF_ERROR(v.write(db, m.version));
  return tx.commit();
}

Status run(Database& db, const std::vector<Migration>& migrations, const Versioning& v) {
  CEDU_RETURN_IF_ERROR(validate(migrations));
  const int newest = static_cast<int>(migrations.size());
  CEDU_ASSIGN_OR_RETURN(int current, v.read(db));
  if (current > newest) {
    return Status::failed_precondition(v.name + " version " + std::to_string(current) +
                                       " is newer than this binary (" + std::to_string(newest) +
                                       ")")
        .with_context(db.path());
  }
  for (const Migration& m : migrations) {
    if (m.version <= current) continue;
    Status s = apply(db, m, v);
    if (!s.is_ok()) {
      return s.with_context("migration " + std::to_string(m.version) + " (" + m.description + ")");
    }
  }
  return Status::ok();
}

}  // namespace

Status migrate(Database& db, const std::vector<Migration>& migrations) {
  return run(db, migrations,
             {[](Database& d) { return d.user_version(); },
              [](Database& d, int version) { return d.set_user_version(version); },
              "database schema"});
}

Result<int> track_version(Database& db, std::string_view track) {
  CEDU_ASSIGN_OR_RETURN(Statement table,
                        db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND"
                                   " name = 'schema_tracks'"));
  CEDU_ASSIGN_OR_RETURN(bool exists, table.step());
  if (!exists) return 0;
  CEDU_ASSIGN_OR_RETURN(Statement st, db.prepare("SELECT version FROM schema_tracks WHERE track = ?"));
  CEDU_RETURN_IF_ERROR(st.bind_text(1, track));
  CEDU_ASSIGN_OR_RETURN(bool row, st.step());
  return row ? static_cast<int>(st.int64(0)) : 0;
}

Status migrate_track(Database& db, std::string_view track, const std::vector<Migration>& migrations) {
  const std::string name(track);
  return run(db, migrations,
             {[name](Database& d) { return track_version(d, name); },
              [name](Database& d, int version) -> Status {
                CEDU_RETURN_IF_ERROR(d.exec("CREATE TABLE IF NOT EXISTS schema_tracks("
                                            " track TEXT PRIMARY KEY, version INTEGER NOT NULL)"));
                CEDU_ASSIGN_OR_RETURN(Statement st,
                                      d.prepare("INSERT INTO schema_tracks(track, version)"
                                                " VALUES(?, ?) ON CONFLICT(track) DO UPDATE"
                                                " SET version = excluded.version"));
                CEDU_RETURN_IF_ERROR(st.bind_text(1, name));
                CEDU_RETURN_IF_ERROR(st.bind(2, version));
                return st.run();
              },
              "schema track \"" + name + "\""});
}

}  // namespace cedu::sqlite
