#include "common/sqlite/database.h"

#include <cctype>
#include <filesystem>
#include <mutex>
#include <utility>

#include "common/sqlite/error.h"
#include "common/sqlite/statement_cache.h"

namespace cedu::sqlite {
namespace {

bool is_memory(const std::string& path) { return path.empty() || path == ":memory:"; }

// Returns the upper-case synchronous mode, or an empty string iff it is not one.
std::string normalize_synchronous(std::string_view mode) {
  std::string up;
  for (char c : mode) up += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (std::string_view m : {"OFF", "NORMAL", "FULL", "EXTRA"}) {
    if (up == m) return up;
  }
  return {};
}

bool only_space(std::string_view s) {
  for (char c : s) {
    if (!std::isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::string excerpt(std::string_view sql) {
  constexpr std::size_t kMax = 120;
  return sql.size() <= kMax ? std::string(sql) : std::string(sql.substr(0, kMax)) + "...";
}

}  // namespace

Database::Database(sqlite3* db, std::string path, std::size_t cache_capacity)
    : db_(db), path_(std::move(path)), cache_(std::make_unique<StatementCache>(cache_capacity)) {}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      path_(std::move(other.path_)),
      cache_(std::move(other.cache_)) {}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    close();
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
    cache_ = std::move(other.cache_);
  }
  return *this;
}

Database::~Database() { close(); }

void Database::close() {
  cache_.reset();  // finalize cached statements before the connection
  // close_v2: a Statement the caller still holds keeps the connection alive until it is
  // finalized, instead of making the close fail.
  if (db_ != nullptr) sqlite3_close_v2(db_);
  db_ = nullptr;
}

Status Database::fail(int rc, std::string_view what) const {
  std::string context = path_;
  if (!what.empty()) context += ": " + std::string(what);
  return error_status(rc, db_, context);
}

Result<Database> Database::open(const std::string& path, const OpenOptions& options) {
  if (normalize_synchronous(options.synchronous).empty()) {
    return Status::invalid_argument("unknown synchronous mode \"" + options.synchronous +
                                        "\" (allowed: OFF, NORMAL, FULL, EXTRA)",
                                    "synchronous");
  }
  if (!is_memory(path)) {
    std::error_code ec;
    bool exists = std::filesystem::exists(path, ec);
    if (!exists && !options.create) {
      return Status::not_found(path + ": database file does not exist");
    }
    std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (!exists && !parent.empty()) {
      std::filesystem::create_directories(parent, ec);
      if (ec) return Status::internal(path + ": cannot create directory: " + ec.message());
    }
  }
  // Once per process, before SQLite initialises: no memory-usage statistics, which cost a
  // global mutex around every allocation SQLite makes (cedu never reads them).
  static std::once_flag configured;
  std::call_once(configured, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  int flags = SQLITE_OPEN_NOMUTEX;
  if (options.read_only) {
    flags |= SQLITE_OPEN_READONLY;
  } else {
    flags |= SQLITE_OPEN_READWRITE;
    if (options.create) flags |= SQLITE_OPEN_CREATE;
  }
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status s = error_status(rc, raw, path + ": cannot open");
    sqlite3_close_v2(raw);
    return s;
  }
  sqlite3_extended_result_codes(raw, 1);
  Database db(raw, path, options.statement_cache);
  CEDU_RETURN_IF_ERROR(db.apply(options));
  return db;
}

Status Database::apply(const OpenOptions& options) {
  int rc = sqlite3_busy_timeout(db_, static_cast<int>(options.busy_timeout.count()));
  if (rc != SQLITE_OK) return fail(rc, "busy_timeout");
  if (options.wal && !options.read_only) {
    CEDU_ASSIGN_OR_RETURN(Statement st, prepare("PRAGMA journal_mode=WAL"));
    CEDU_ASSIGN_OR_RETURN(bool row, st.step());
    std::string mode = row ? st.text(0) : std::string();
    if (mode != "wal" && !(is_memory(path_) && mode == "memory")) {
      return Status::internal(path_ + ": cannot switch to WAL journal (mode is \"" + mode + "\")");
    }
  }
  CEDU_RETURN_IF_ERROR(exec("PRAGMA synchronous=" + normalize_synchronous(options.synchronous)));
  CEDU_RETURN_IF_ERROR(exec(options.foreign_keys ? "PRAGMA foreign_keys=ON"
                                                 : "PRAGMA foreign_keys=OFF"));
  return Status::ok();
}

Status Database::exec(std::string_view sql) {
  std::string text(sql);
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? Status::ok() : fail(rc, "");
}

Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &raw, &tail);
  if (rc != SQLITE_OK) return fail(rc, "prepare \"" + excerpt(sql) + "\"");
  Statement st(raw);
  if (raw == nullptr) return Status::internal(path_ + ": no SQL statement in \"" + excerpt(sql) + "\"");
  std::string_view rest(tail, static_cast<std::size_t>(sql.data() + sql.size() - tail));
  if (!only_space(rest)) {
    // Comments alone are fine; another statement is not.
    sqlite3_stmt* extra = nullptr;
    rc = sqlite3_prepare_v2(db_, rest.data(), static_cast<int>(rest.size()), &extra, nullptr);
    sqlite3_finalize(extra);
    if (rc != SQLITE_OK || extra != nullptr) {
      return Status::internal(path_ + ": more than one statement in \"" + excerpt(sql) +
                              "\"; use exec()");
    }
  }
  return st;
}

Result<Statement*> Database::cached(std::string_view sql) {
  if (Statement* st = cache_->find(sql)) {
    st->reset();
    return st;
  }
  CEDU_ASSIGN_OR_RETURN(Statement st, prepare(sql));
  return cache_->insert(std::string(sql), std::move(st));
}

std::size_t Database::cached_count() const { return cache_ ? cache_->size() : 0; }

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

int Database::changes() const { return sqlite3_changes(db_); }

Result<int> Database::user_version() {
  CEDU_ASSIGN_OR_RETURN(Statement st, prepare("PRAGMA user_version"));
  CEDU_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return Status::internal(path_ + ": PRAGMA user_version returned no row");
  return static_cast<int>(st.int64(0));
}

Status Database::set_user_version(int version) {
  return exec("PRAGMA user_version = " + std::to_string(version));
}

Result<std::string> Database::integrity_check() {
  CEDU_ASSIGN_OR_RETURN(Statement st, prepare("PRAGMA integrity_check"));
  std::string out;
  for (;;) {
    CEDU_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    if (!out.empty()) out += '\n';
    out += st.text(0);
  }
  return out;
}

}  // namespace cedu::sqlite
