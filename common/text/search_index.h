// SearchIndex: Chinese full-text search over one FTS5 table of a service's database,
// keyed by rowid = the id of the record it indexes, with weighted columns (a title hit
// counts more than a body hit). The table holds index_terms() of each column (see
// search_terms.h); queries go through match_expression() and are ranked by bm25 with
// the column weights.
//
//   const std::vector<SearchColumn> kColumns = {{"title", 10.0}, {"body", 1.0}};
//   CEDU_RETURN_IF_ERROR(SearchIndex::create_schema(db, "course_fts", kColumns));
//   CEDU_ASSIGN_OR_RETURN(SearchIndex index, SearchIndex::open(db, "course_fts", kColumns));
//   CEDU_RETURN_IF_ERROR(index.upsert(course.id, {course.title, course.description}));
//   CEDU_ASSIGN_OR_RETURN(auto hits, index.search("书法", 20));
//
// Two kinds of table. kCopy, an ordinary FTS5 table, also stores the index terms it was
// given, so a record can be replaced or removed by rowid alone. kContentless
// (content='') keeps only the index: a fifth less to write per record (docs/performance.md),
// but SQLite 3.40 (Debian 12) can then remove a record's terms only when given them again,
// so replace() and remove() take the values the record was indexed with — which a service
// has, as its own table holds the record. index_terms() must therefore stay what it was
// when the terms were written: a change to it needs the index rebuilt (a migration).
// open() tells the kinds apart by the table's schema. Writes join whatever transaction
// the caller has open on the Database, so a record and its index entry change together.
// Thread-safety: as its Database (one thread at a time). REQUIRES: the Database outlives
// the SearchIndex and is not moved while it is in use; statements are cached on it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/sqlite/database.h"

namespace cedu::text {

struct SearchColumn {
  std::string name;     // [a-z][a-z0-9_]*, not "rank" or "rowid"
  double weight = 1.0;  // bm25 weight, > 0 and finite
};

struct SearchHit {
  std::int64_t rowid;
  double score;  // -bm25: higher is better; only comparable within one search
  friend bool operator==(const SearchHit&, const SearchHit&) = default;
};

class SearchIndex {
 public:
  enum class Storage { kCopy, kContentless };

  // The CREATE VIRTUAL TABLE statement (IF NOT EXISTS) for the table, e.g. for a
  // sqlite::Migration. Returns INVALID_ARGUMENT (field "table" or "columns") iff a name is
  // not [a-z][a-z0-9_]* or is reserved, a column repeats or there are no columns.
  static Result<std::string> schema_sql(std::string_view table,
                                        const std::vector<SearchColumn>& columns,
                                        Storage storage = Storage::kCopy);
  // Runs schema_sql(): creates the table iff it does not exist yet.
  static Status create_schema(sqlite::Database& db, std::string_view table,
                              const std::vector<SearchColumn>& columns,
                              Storage storage = Storage::kCopy);
  // An index over the existing table `table` whose columns are `columns`, in the order
  // they were created. Returns INVALID_ARGUMENT as schema_sql(), NOT_FOUND iff the table
  // does not exist, FAILED_PRECONDITION iff its columns differ from `columns`.
  static Result<SearchIndex> open(sqlite::Database& db, std::string table,
                                  std::vector<SearchColumn> columns);

  // Every `values` below is one value per column, in column order; INVALID_ARGUMENT (field
  // "values") iff its size differs from the number of columns.

  // kCopy: indexes the record `rowid`, replacing what was indexed for it before.
  // FAILED_PRECONDITION on a kContentless table, which needs the old values (replace()).
  Status upsert(std::int64_t rowid, const std::vector<std::string_view>& values);
  // Indexes a record for the first time (a rowid not indexed now): a plain INSERT, without
  // REPLACE's look-up of old terms to delete (a quarter of an import's indexing cost).
  // On a kCopy table ALREADY_EXISTS iff `rowid` is indexed already, whose terms stay as
  // they were; a kContentless table cannot tell, and would then hold both.
  Status insert(std::int64_t rowid, const std::vector<std::string_view>& values);
  // Re-indexes the record `rowid`, indexed now with `old_values`, with `new_values`; nothing
  // is written when they are the same. REQUIRES (kContentless): `old_values` are exactly
  // what the record was indexed with — other values would leave its old terms in the index.
  Status replace(std::int64_t rowid, const std::vector<std::string_view>& old_values,
                 const std::vector<std::string_view>& new_values);
  // Removes the record `rowid`, indexed now with `old_values` (REQUIRES as replace()).
  Status remove(std::int64_t rowid, const std::vector<std::string_view>& old_values);
  // kCopy: removes the record `rowid`; removing a record that is not indexed is not an
  // error. FAILED_PRECONDITION on a kContentless table, which needs the old values.
  Status remove(std::int64_t rowid);
  // The records matching `query` (see match_expression()), best first (ties by rowid),
  // skipping `offset` and returning at most `limit`. Returns INVALID_ARGUMENT for a query
  // without searchable characters or too long, or field "limit"/"offset" iff limit < 1 or
  // offset < 0.
  Result<std::vector<SearchHit>> search(std::string_view query, int limit, int offset = 0);

  const std::string& table() const { return table_; }
  const std::vector<SearchColumn>& columns() const { return columns_; }
  Storage storage() const { return storage_; }

 private:
  SearchIndex(sqlite::Database& db, std::string table, std::vector<SearchColumn> columns,
              Storage storage);
  Status check_values(const std::vector<std::string_view>& values) const;
  Status needs_old_values(std::string_view what) const;
  Status write(const std::string& sql, std::int64_t rowid,
               const std::vector<std::string_view>& values);

  sqlite::Database* db_;
  std::string table_;
  std::vector<SearchColumn> columns_;
  Storage storage_;
  std::string upsert_sql_;
  std::string insert_sql_;
  std::string delete_terms_sql_;  // kContentless: FTS5's 'delete' command with the old values
  std::string remove_sql_;
  std::string search_sql_;
};

}  // namespace cedu::text
