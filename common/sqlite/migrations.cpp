#include "common/sqlite/migrations.h"

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

// Applies `m` iff the database (read under the write lock) is exactly one version behind.
Status apply(Database& db, const Migration& m) {
  CEDU_ASSIGN_OR_RETURN(Transaction tx, Transaction::begin(db, Transaction::Mode::kImmediate));
  CEDU_ASSIGN_OR_RETURN(int current, db.user_version());
  if (current >= m.version) return tx.commit();  // another process got here first
  if (!m.sql.empty()) CEDU_RETURN_IF_ERROR(db.exec(m.sql));
  if (m.step) CEDU_RETURN_IF_ERROR(m.step(db));
  CEDU_RETURN_IF_ERROR(db.set_user_version(m.version));
  return tx.commit();
}

}  // namespace

Status migrate(Database& db, const std::vector<Migration>& migrations) {
  CEDU_RETURN_IF_ERROR(validate(migrations));
  const int newest = static_cast<int>(migrations.size());
  CEDU_ASSIGN_OR_RETURN(int current, db.user_version());
  if (current > newest) {
    return Status::failed_precondition("database schema version " + std::to_string(current) +
                                       " is newer than this binary (" + std::to_string(newest) +
                                       ")")
        .with_context(db.path());
  }
  for (const Migration& m : migrations) {
    if (m.version <= current) continue;
    Status s = apply(db, m);
    if (!s.is_ok()) {
      return s.with_context("migration " + std::to_string(m.version) + " (" + m.description + ")");
    }
  }
  return Status::ok();
}

}  // namespace cedu::sqlite
