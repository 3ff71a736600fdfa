// RecordStore: the SQLite storage of one library's records — insert, get, optimistic
// update (expected version → CONFLICT), natural-key lookup for re-imports, filtered and
// sorted listing with keyset (cursor) pagination, and grouped counts. Domain fields live
// in a JSON column so that `where` filters reach any filterable field. Nothing is ever
// deleted: archiving is a status.
// Thread-safety: none. The Library serialises access with its mutex.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/result.h"
#include "common/sqlite/database.h"
#include "common/sqlite/migrations.h"
#include "common/text/search_index.h"
#include "services/library/record.h"
#include "services/library/schema.h"

namespace cedu::library {

struct WhereClause {
  std::string field;  // a filterable field of the spec
  Value value;        // equality; for list fields: "contains"
};

struct ListQuery {
  std::optional<std::string> town, station, category, status, owner;
  std::optional<std::string> updated_since;  // updated_at >= this (ISO 8601)
  std::vector<WhereClause> where;
  std::vector<std::int64_t> ids;  // non-empty: only these records
  // id, updated_at, created_at or town, optionally prefixed with '-' for descending.
  std::string sort = "id";
  std::size_t limit = 50;   // 1..1000
  std::string cursor;       // from a previous Page; empty for the first page
};

struct Page {
  std::vector<Record> records;
  std::string next_cursor;  // empty iff this is the last page
};

class RecordStore {
 public:
  RecordStore(sqlite::Database db, const LibrarySpec& spec);

  // The library's first schema version (records, audit, the search index over the
  // spec's searchable fields). A service lists it first and appends its own migrations
  // (versions 2, 3, …).
  static sqlite::Migration core_migration(const LibrarySpec& spec);
  // The core's later changes, a migration track of their own (sqlite::migrate_track), so
  // that they take no version numbers from the services' lists:
  //   1. the search index keeps no copy of its terms (contentless, rebuilt from the
  //      records); the station, owner and category indexes hold only the records that
  //      have one (most volunteers and teachers have no station or owner).
  static constexpr const char* kCoreTrack = "library-core";
  static std::vector<sqlite::Migration> core_track(const LibrarySpec& spec);
  // Brings a library database up to date: core_migration() then `service_migrations`
  // (PRAGMA user_version), then core_track(). Errors as sqlite::migrate().
  static Status migrate(sqlite::Database& db, const LibrarySpec& spec,
                        const std::vector<sqlite::Migration>& service_migrations);
  // The search index's table and columns (the spec's fields with a search weight).
  static constexpr const char* kSearchTable = "records_search";
  static std::vector<text::SearchColumn> search_columns(const LibrarySpec& spec);
  // What `fields` are indexed with: the text of each of `columns`, in order.
  static std::vector<std::string> search_texts(const std::vector<text::SearchColumn>& columns,
                                               const Fields& fields);

  sqlite::Database& db() { return db_; }
  const LibrarySpec& spec() const { return spec_; }

  // NOT_FOUND naming the id iff there is no such record.
  Result<Record> get(std::int64_t id);
  // The record whose natural key is `key`, if any.
  Result<std::optional<Record>> find_by_natural_key(const std::string& key);
  // The natural key of `record` (spec.natural_key values joined, after the town when
  // natural_key_per_town), or nullopt when the library has none or every part is empty.
  std::optional<std::string> natural_key(const Record& record) const;

  // Inserts `record` (id and version are assigned: version 1). ALREADY_EXISTS naming the
  // natural-key fields iff another record has the same natural key.
  Status insert(Record& record);
  // As insert(), with `body_json` = to_json(record.fields) already made by the caller.
  Status insert(Record& record, const std::string& body_json);
  // Writes `record` iff the stored version is `expected_version`; bumps the version.
  // CONFLICT naming "version" when it is stale, NOT_FOUND when the record is gone.
  Status update(Record& record, std::int64_t expected_version);
  Status update(Record& record, std::int64_t expected_version, const std::string& body_json);

  // INVALID_ARGUMENT naming the parameter for a bad sort, cursor, limit or where field.
  Result<Page> list(const ListQuery& query);
  // Full-text search (common/text): the records matching `text` that pass `query`'s filters,
  // best first by bm25 with the spec's search weights, at most query.limit, each with its
  // score. INVALID_ARGUMENT (field "q") for a query without searchable characters;
  // FAILED_PRECONDITION when the spec has no searchable field.
  Result<std::vector<std::pair<Record, double>>> search(std::string_view text,
                                                        const ListQuery& query);
  // Counts records matching `query`'s filters grouped by `group_by` (town, station,
  // category, status or owner), in key order.
  Result<std::vector<std::pair<std::string, std::int64_t>>> count(const std::string& group_by,
                                                                   const ListQuery& query);

 private:
  Result<Record> read_row(sqlite::Statement& st);
  std::string category_of(const Fields& fields) const;
  Status bind_placement(sqlite::Statement& st, const Record& r,
                        const std::optional<std::string>& key) const;

  sqlite::Database db_;
  const LibrarySpec& spec_;
};

}  // namespace cedu::library
