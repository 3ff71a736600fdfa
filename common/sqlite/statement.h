// sqlite::Statement: RAII owner of one prepared statement (sqlite3_stmt), in the shape
// of SQLiteCpp's Statement, except that every failure is a Status value. Parameters are
// numbered from 1 (SQLite's convention), columns from 0.
//
//   CEDU_ASSIGN_OR_RETURN(Statement st, db.prepare("SELECT name FROM t WHERE id = ?"));
//   CEDU_RETURN_IF_ERROR(st.bind(1, id));
//   CEDU_ASSIGN_OR_RETURN(bool row, st.step());
//   if (row) name = st.text(0);
//
// Thread-safety: not thread-safe; a Statement is used by one thread at a time, the
// thread that uses its Database.
#pragma once

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <sqlite3.h>

#include "common/result.h"

namespace cedu::sqlite {

class Statement {
 public:
  // Takes ownership of `stmt` (may be null: an empty statement whose calls fail).
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Statement(Statement&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();  // finalizes

  // Binding. Each returns INTERNAL iff the index or name does not exist (a programming
  // error) or SQLite fails. Text and blobs are copied. Names may be given with their
  // prefix (":id", "@id", "$id") or without it, meaning ":id".
  template <std::integral T>
    requires(sizeof(T) < 8 || std::is_signed_v<T>)  // uint64 does not fit: convert first
  Status bind(int index, T value) {
    return bind_int64(index, static_cast<std::int64_t>(value));
  }
  Status bind(int index, double value);
  Status bind_text(int index, std::string_view value);
  // As bind_text, without the copy: SQLite reads `value` where it is when the statement
  // steps. REQUIRES: `value` outlives every step until the statement is reset() (which
  // Database::cached() does before handing it out again) — for the hot write paths, whose
  // record, body and index terms live across the step; a copy of each cost an import
  // about 4 % of its time (docs/performance.md).
  Status bind_text_unowned(int index, std::string_view value);
  Status bind_blob(int index, std::string_view value);
  Status bind_null(int index);

  template <std::integral T>
    requires(sizeof(T) < 8 || std::is_signed_v<T>)
  Status bind(std::string_view name, T value) {
    CEDU_ASSIGN_OR_RETURN(int index, index_of(name));
    return bind_int64(index, static_cast<std::int64_t>(value));
  }
  Status bind(std::string_view name, double value);
  Status bind_text(std::string_view name, std::string_view value);
  Status bind_blob(std::string_view name, std::string_view value);
  Status bind_null(std::string_view name);

  // Runs the statement to its next row. Returns true iff a row is available, false
  // when done, or the mapped error (see error.h).
  Result<bool> step();
  // Steps until done, discarding rows. Returns OK iff every step succeeded.
  Status run();
  // Rewinds the statement and clears every binding to NULL.
  void reset();

  // Columns of the current row. REQUIRES: the last step() returned true and
  // 0 <= index < column_count(). NULL reads as 0, 0.0 or "".
  std::int64_t int64(int index) const;
  double real(int index) const;
  std::string text(int index) const;
  std::string blob(int index) const;
  bool is_null(int index) const;
  int column_count() const;
  std::string column_name(int index) const;

  // The SQL text as prepared.
  std::string sql() const;
  sqlite3_stmt* handle() const { return stmt_; }

 private:
  Status bind_int64(int index, std::int64_t value);
  Result<int> index_of(std::string_view name) const;
  // Status for a failed call on this statement.
  Status fail(int rc, std::string_view what) const;

  sqlite3_stmt* stmt_ = nullptr;
};

// Steps `st` to its end and returns one `read(st)` per row, in order: the list readers of
// the stores. The first failing step's error is returned instead.
template <typename Read>
Result<std::vector<std::invoke_result_t<Read&, Statement&>>> collect_rows(Statement& st, Read read) {
  std::vector<std::invoke_result_t<Read&, Statement&>> out;
  for (;;) {
    CEDU_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) return out;
    out.push_back(read(st));
  }
}

}  // namespace cedu::sqlite
