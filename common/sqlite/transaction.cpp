#include "common/sqlite/transaction.h"

#include <utility>

namespace cedu::sqlite {

Result<Transaction> Transaction::begin(Database& db, Mode mode) {
  const char* sql = mode == Mode::kDeferred    ? "BEGIN DEFERRED"
                    : mode == Mode::kImmediate ? "BEGIN IMMEDIATE"
                                               : "BEGIN EXCLUSIVE";
  CEDU_RETURN_IF_ERROR(db.exec(sql));
  return Transaction(&db);
}

Transaction::Transaction(Transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}

Transaction::~Transaction() {
  if (db_ != nullptr && sqlite3_get_autocommit(db_->handle()) == 0) {
    // Straight to SQLite: nothing here may throw (no std::string, no Status).
    sqlite3_exec(db_->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

Status Transaction::commit() {
  if (db_ == nullptr) return Status::internal("commit of a transaction that is not open");
  Status s = db_->exec("COMMIT");
  // Ended iff it committed, or SQLite already rolled it back (autocommit is on again).
  if (s.is_ok() || sqlite3_get_autocommit(db_->handle()) != 0) db_ = nullptr;
  return s;
}

Status Transaction::rollback() {
  if (db_ == nullptr) return Status::internal("rollback of a transaction that is not open");
  Database* db = std::exchange(db_, nullptr);
  if (sqlite3_get_autocommit(db->handle()) != 0) return Status::ok();
  return db->exec("ROLLBACK");
}

}  // namespace cedu::sqlite
