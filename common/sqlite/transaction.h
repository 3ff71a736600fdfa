// sqlite::Transaction: RAII transaction in SQLiteCpp's shape — it rolls back when it
// goes out of scope unless commit() succeeded, so an early `return status;` never
// leaves half a write behind.
//
//   CEDU_ASSIGN_OR_RETURN(auto tx, Transaction::begin(db));
//   CEDU_RETURN_IF_ERROR(db.exec("UPDATE ..."));
//   return tx.commit();
//
// Thread-safety: as its Database (one thread at a time). REQUIRES: the Database outlives
// the Transaction and is not moved while it is open.
#pragma once

#include "common/result.h"
#include "common/sqlite/database.h"

namespace cedu::sqlite {

class Transaction {
 public:
  enum class Mode {
    kDeferred,   // locks on first read/write
    kImmediate,  // takes the write lock now (cedu's default: no upgrade deadlocks)
    kExclusive,  // no other connection may read either (outside WAL)
  };

  // Runs BEGIN <mode>. Returns UNAVAILABLE iff the database stayed busy past the busy
  // timeout, or another mapped error (e.g. a transaction already open on `db`).
  static Result<Transaction> begin(Database& db, Mode mode = Mode::kImmediate);

  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  // Rolls back unless committed or rolled back. Never throws.
  ~Transaction();

  // Runs COMMIT. On error the transaction stays open (it may be retried) unless SQLite
  // rolled it back itself; the destructor rolls back what is still open.
  // REQUIRES: the transaction is open.
  Status commit();
  // Rolls back now. REQUIRES: the transaction is open.
  Status rollback();
  // Returns true iff neither commit() nor rollback() has ended the transaction.
  bool is_open() const { return db_ != nullptr; }

 private:
  explicit Transaction(Database* db) : db_(db) {}
  Database* db_;  // null once ended
};

}  // namespace cedu::sqlite
