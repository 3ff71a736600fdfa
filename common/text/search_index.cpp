#include "common/text/search_index.h"

#include <charconv>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "common/text/search_terms.h"

namespace cedu::text {
namespace {

constexpr std::string_view kTokenizer = "unicode61 remove_diacritics 2";
constexpr std::string_view kContentless = "content = ''";

bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > 64 || name.front() < 'a' || name.front() > 'z') return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

Status check(std::string_view table, const std::vector<SearchColumn>& columns) {
  if (!valid_name(table)) {
    return Status::invalid_argument(
        "table name \"" + std::string(table) + "\" must match [a-z][a-z0-9_]*", "table");
  }
  if (columns.empty()) return Status::invalid_argument("at least one column is needed", "columns");
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const SearchColumn& c = columns[i];
    if (!valid_name(c.name) || c.name == "rank" || c.name == "rowid" || c.name == table) {
      return Status::invalid_argument("column name \"" + c.name +
                                          "\" must match [a-z][a-z0-9_]* and not be rank, "
                                          "rowid or the table's name",
                                      "columns");
    }
    if (!std::isfinite(c.weight) || c.weight <= 0) {
      return Status::invalid_argument(
          "column \"" + c.name + "\": weight must be a positive finite number", "columns");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (columns[j].name == c.name) {
        return Status::invalid_argument("column \"" + c.name + "\" appears twice", "columns");
      }
    }
  }
  return Status::ok();
}

std::string number(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::string("1");
}

}  // namespace

Result<std::string> SearchIndex::schema_sql(std::string_view table,
                                            const std::vector<SearchColumn>& columns,
                                            Storage storage) {
  CEDU_RETURN_IF_ERROR(check(table, columns));
  std::string sql = "CREATE VIRTUAL TABLE IF NOT EXISTS " + std::string(table) + " USING fts5(";
  for (const SearchColumn& c : columns) sql += c.name + ", ";
  if (storage == Storage::kContentless) sql += std::string(kContentless) + ", ";
  sql += "tokenize = '" + std::string(kTokenizer) + "')";
  return sql;
}

Status SearchIndex::create_schema(sqlite::Database& db, std::string_view table,
                                  const std::vector<SearchColumn>& columns, Storage storage) {
  CEDU_ASSIGN_OR_RETURN(std::string sql, schema_sql(table, columns, storage));
  return db.exec(sql);
}

Result<SearchIndex> SearchIndex::open(sqlite::Database& db, std::string table,
                                      std::vector<SearchColumn> columns) {
  CEDU_RETURN_IF_ERROR(check(table, columns));
  std::string sql;
  {
    CEDU_ASSIGN_OR_RETURN(sqlite::Statement st,
                          db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND "
                                     "name = ?1"));
    CEDU_RETURN_IF_ERROR(st.bind_text(1, table));
    CEDU_ASSIGN_OR_RETURN(bool found, st.step());
    if (!found) return Status::not_found("search table \"" + table + "\" does not exist", "table");
    sql = st.text(0);
    if (sql.find("fts5") == std::string::npos && sql.find("FTS5") == std::string::npos) {
      return Status::failed_precondition("table \"" + table + "\" is not an FTS5 table", "table");
    }
  }
  // schema_sql() wrote the table's SQL, so its option is found as written there.
  const Storage storage =
      sql.find(kContentless) != std::string::npos ? Storage::kContentless : Storage::kCopy;
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement st,
                        db.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid"));
  CEDU_RETURN_IF_ERROR(st.bind_text(1, table));
  std::string have;
  std::string want;
  for (const SearchColumn& c : columns) want += (want.empty() ? "" : ", ") + c.name;
  for (;;) {
    CEDU_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    have += (have.empty() ? "" : ", ") + st.text(0);
  }
  if (have != want) {
    return Status::failed_precondition(
        "search table \"" + table + "\" has columns (" + have + "), expected (" + want + ")",
        "columns");
  }
  return SearchIndex(db, std::move(table), std::move(columns), storage);
}

SearchIndex::SearchIndex(sqlite::Database& db, std::string table, std::vector<SearchColumn> columns,
                         Storage storage)
    : db_(&db), table_(std::move(table)), columns_(std::move(columns)), storage_(storage) {
  std::string names = "rowid";
  std::string params = "?1";
  std::string weights;
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    names += ", " + columns_[i].name;
    params += ", ?" + std::to_string(i + 2);
    weights += ", " + number(columns_[i].weight);
  }
  insert_sql_ = "INSERT INTO " + table_ + "(" + names + ") VALUES (" + params + ")";
  upsert_sql_ = "INSERT OR REPLACE INTO " + table_ + "(" + names + ") VALUES (" + params + ")";
  delete_terms_sql_ = "INSERT INTO " + table_ + "(" + table_ + ", " + names +
                      ") VALUES ('delete', " + params + ")";
  remove_sql_ = "DELETE FROM " + table_ + " WHERE rowid = ?1";
  search_sql_ = "SELECT rowid, -bm25(" + table_ + weights + ") AS score FROM " + table_ +
                " WHERE " + table_ + " MATCH ?1 ORDER BY score DESC, rowid LIMIT ?2 OFFSET ?3";
}

Status SearchIndex::check_values(const std::vector<std::string_view>& values) const {
  if (values.size() == columns_.size()) return Status::ok();
  return Status::invalid_argument("expected " + std::to_string(columns_.size()) +
                                      " column values, got " + std::to_string(values.size()),
                                  "values");
}

Status SearchIndex::needs_old_values(std::string_view what) const {
  return Status::failed_precondition("search table \"" + table_ + "\" is contentless: " +
                                     std::string(what) + " needs the values the record was indexed with");
}

Status SearchIndex::upsert(std::int64_t rowid, const std::vector<std::string_view>& values) {
  if (storage_ == Storage::kContentless) return needs_old_values("upsert");
  return write(upsert_sql_, rowid, values);
}

Status SearchIndex::insert(std::int64_t rowid, const std::vector<std::string_view>& values) {
  return write(insert_sql_, rowid, values);
}

Status SearchIndex::replace(std::int64_t rowid, const std::vector<std::string_view>& old_values,
                            const std::vector<std::string_view>& new_values) {
  CEDU_RETURN_IF_ERROR(check_values(old_values));
  CEDU_RETURN_IF_ERROR(check_values(new_values));
  if (old_values == new_values) return Status::ok();  // an update that left the texts alone
  if (storage_ == Storage::kCopy) return write(upsert_sql_, rowid, new_values);
  CEDU_RETURN_IF_ERROR(write(delete_terms_sql_, rowid, old_values));
  return write(insert_sql_, rowid, new_values);
}

Status SearchIndex::remove(std::int64_t rowid, const std::vector<std::string_view>& old_values) {
  CEDU_RETURN_IF_ERROR(check_values(old_values));
  if (storage_ == Storage::kCopy) return remove(rowid);
  return write(delete_terms_sql_, rowid, old_values);
}

Status SearchIndex::write(const std::string& sql, std::int64_t rowid,
                          const std::vector<std::string_view>& values) {
  CEDU_RETURN_IF_ERROR(check_values(values));
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement * st, db_->cached(sql));
  CEDU_RETURN_IF_ERROR(st->bind(1, rowid));
  // The terms are bound without a copy, so they live here until the statement is reset.
  std::vector<std::string> terms(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    terms[i] = index_terms(values[i]);
    CEDU_RETURN_IF_ERROR(st->bind_text_unowned(static_cast<int>(i) + 2, terms[i]));
  }
  Status s = st->run();
  st->reset();
  return s;
}

Status SearchIndex::remove(std::int64_t rowid) {
  if (storage_ == Storage::kContentless) return needs_old_values("remove");
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement * st, db_->cached(remove_sql_));
  CEDU_RETURN_IF_ERROR(st->bind(1, rowid));
  return st->run();
}

Result<std::vector<SearchHit>> SearchIndex::search(std::string_view query, int limit,
                                                   int offset) {
  if (limit < 1) return Status::invalid_argument("must be at least 1", "limit");
  if (offset < 0) return Status::invalid_argument("must not be negative", "offset");
  CEDU_ASSIGN_OR_RETURN(std::string match, match_expression(query));
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement * st, db_->cached(search_sql_));
  CEDU_RETURN_IF_ERROR(st->bind_text(1, match));
  CEDU_RETURN_IF_ERROR(st->bind(2, limit));
  CEDU_RETURN_IF_ERROR(st->bind(3, offset));
  std::vector<SearchHit> hits;
  for (;;) {
    Result<bool> row = st->step();
    if (!row.ok()) {
      st->reset();
      return row.status().with_context("search " + table_);
    }
    if (!*row) break;
    hits.push_back({st->int64(0), st->real(1)});
  }
  return hits;
}

}  // namespace cedu::text
