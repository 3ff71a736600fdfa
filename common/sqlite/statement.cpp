#include "common/sqlite/statement.h"

#include "common/sqlite/error.h"

namespace cedu::sqlite {

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Status Statement::fail(int rc, std::string_view what) const {
  return error_status(rc, stmt_ ? sqlite3_db_handle(stmt_) : nullptr, what);
}

namespace {
Status empty_statement() { return Status::internal("use of an empty sqlite::Statement"); }
}  // namespace

Status Statement::bind_int64(int index, std::int64_t value) {
  if (!stmt_) return empty_statement();
  int rc = sqlite3_bind_int64(stmt_, index, value);
  return rc == SQLITE_OK ? Status::ok() : fail(rc, "bind parameter " + std::to_string(index));
}

Status Statement::bind(int index, double value) {
  if (!stmt_) return empty_statement();
  int rc = sqlite3_bind_double(stmt_, index, value);
  return rc == SQLITE_OK ? Status::ok() : fail(rc, "bind parameter " + std::to_string(index));
}

Status Statement::bind_text(int index, std::string_view value) {
  if (!stmt_) return empty_statement();
  int rc = sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT,
                               SQLITE_UTF8);
  return rc == SQLITE_OK ? Status::ok() : fail(rc, "bind parameter " + std::to_string(index));
}

Status Statement::bind_text_unowned(int index, std::string_view value) {
  if (!stmt_) return empty_statement();
  // SQLITE_STATIC with a null pointer would bind NULL, not an empty text.
  static constexpr char kEmpty[] = "";
  int rc = sqlite3_bind_text64(stmt_, index, value.empty() ? kEmpty : value.data(), value.size(),
                               SQLITE_STATIC, SQLITE_UTF8);
  return rc == SQLITE_OK ? Status::ok() : fail(rc, "bind parameter " + std::to_string(index));
}

Status Statement::bind_blob(int index, std::string_view value) {
  if (!stmt_) return empty_statement();
  // A null pointer would bind NULL; an empty blob must stay an empty blob.
  int rc = value.empty() ? sqlite3_bind_zeroblob(stmt_, index, 0)
                         : sqlite3_bind_blob64(stmt_, index, value.data(), value.size(),
                                               SQLITE_TRANSIENT);
  return rc == SQLITE_OK ? Status::ok() : fail(rc, "bind parameter " + std::to_string(index));
}

Status Statement::bind_null(int index) {
  if (!stmt_) return empty_statement();
  int rc = sqlite3_bind_null(stmt_, index);
  return rc == SQLITE_OK ? Status::ok() : fail(rc, "bind parameter " + std::to_string(index));
}

Result<int> Statement::index_of(std::string_view name) const {
  if (!stmt_) return empty_statement();
  std::string full(name);
  if (full.empty() || (full[0] != ':' && full[0] != '@' && full[0] != '$')) full = ":" + full;
  int index = sqlite3_bind_parameter_index(stmt_, full.c_str());
  if (index == 0) return Status::internal("no SQL parameter named " + full + " in: " + sql());
  return index;
}

Status Statement::bind(std::string_view name, double value) {
  CEDU_ASSIGN_OR_RETURN(int index, index_of(name));
  return bind(index, value);
}

Status Statement::bind_text(std::string_view name, std::string_view value) {
  CEDU_ASSIGN_OR_RETURN(int index, index_of(name));
  return bind_text(index, value);
}

Status Statement::bind_blob(std::string_view name, std::string_view value) {
  CEDU_ASSIGN_OR_RETURN(int index, index_of(name));
  return bind_blob(index, value);
}

Status Statement::bind_null(std::string_view name) {
  CEDU_ASSIGN_OR_RETURN(int index, index_of(name));
  return bind_null(index);
}

Result<bool> Statement::step() {
  if (!stmt_) return empty_statement();
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return fail(rc, "");
}

Status Statement::run() {
  for (;;) {
    CEDU_ASSIGN_OR_RETURN(bool row, step());
    if (!row) return Status::ok();
  }
}

void Statement::reset() {
  if (!stmt_) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::int64(int index) const { return sqlite3_column_int64(stmt_, index); }

double Statement::real(int index) const { return sqlite3_column_double(stmt_, index); }

std::string Statement::text(int index) const {
  const unsigned char* p = sqlite3_column_text(stmt_, index);
  if (p == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)));
}

std::string Statement::blob(int index) const {
  const void* p = sqlite3_column_blob(stmt_, index);
  if (p == nullptr) return {};
  return std::string(static_cast<const char*>(p),
                     static_cast<std::size_t>(sqlite3_column_bytes(stmt_, index)));
}

bool Statement::is_null(int index) const {
  return sqlite3_column_type(stmt_, index) == SQLITE_NULL;
}

int Statement::column_count() const { return stmt_ ? sqlite3_column_count(stmt_) : 0; }

std::string Statement::column_name(int index) const {
  const char* name = stmt_ ? sqlite3_column_name(stmt_, index) : nullptr;
  return name ? std::string(name) : std::string();
}

std::string Statement::sql() const {
  const char* s = stmt_ ? sqlite3_sql(stmt_) : nullptr;
  return s ? std::string(s) : std::string();
}

}  // namespace cedu::sqlite
