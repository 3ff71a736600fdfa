#include "services/library/record_store.h"

#include <algorithm>
#include <charconv>

#include "common/sqlite/statement.h"
#include "common/text/search_terms.h"
#include "services/library/audit_log.h"

namespace cedu::library {
namespace {

#define CEDU_RECORD_COLUMNS                                                              \
  "records.id, town, station, owner, status, version, created_by, created_at, updated_by," \
  " updated_at, body"
constexpr const char* kColumns = CEDU_RECORD_COLUMNS;
// The point read of every get, spelled once (no string built per call).
constexpr std::string_view kGetSql = "SELECT " CEDU_RECORD_COLUMNS " FROM records WHERE id = ?";
// The re-import look-up of every imported row, likewise.
constexpr std::string_view kByNaturalKeySql =
    "SELECT " CEDU_RECORD_COLUMNS " FROM records WHERE natural_key = ?";
#undef CEDU_RECORD_COLUMNS

// A bound value of a filter: text or integer.
struct Bind {
  Bind(std::string s) : is_text(true), text(std::move(s)) {}  // NOLINT: implicit on purpose
  Bind(std::int64_t n) : number(n) {}                          // NOLINT
  bool is_text = false;
  std::string text;
  std::int64_t number = 0;
};

Status bind_all(sqlite::Statement& st, const std::vector<Bind>& binds) {
  int i = 1;
  for (const auto& b : binds) {
    CEDU_RETURN_IF_ERROR(b.is_text ? st.bind_text(i++, b.text) : st.bind(i++, b.number));
  }
  return Status::ok();
}

// Appends the WHERE conditions of `q` (without cursor) to `sql`.
Status filters(const ListQuery& q, const LibrarySpec& spec, std::string& sql,
               std::vector<Bind>& binds) {
  sql += " WHERE 1=1";
  auto eq = [&](const char* column, const std::optional<std::string>& v) {
    if (!v) return;
    sql += std::string(" AND ") + column + " = ?";
    binds.push_back(Bind{*v});
  };
  eq("town", q.town);
  eq("station", q.station);
  eq("category", q.category);
  eq("owner", q.owner);
  // The station and owner indexes hold only non-empty values (core track 1): the planner
  // uses them when the query names that condition as well.
  if (q.station && !q.station->empty()) sql += " AND station <> ''";
  if (q.owner && !q.owner->empty()) sql += " AND owner <> ''";
  if (q.status) {
    eq("status", q.status);
  } else {
    sql += " AND status <> 'archived'";  // archived records only when asked for
  }
  if (q.updated_since) {
    sql += " AND updated_at >= ?";
    binds.push_back(Bind{*q.updated_since});
  }
  if (!q.ids.empty()) {
    sql += " AND id IN (";
    for (std::size_t i = 0; i < q.ids.size(); ++i) {
      sql += i ? ",?" : "?";
      binds.push_back(Bind{q.ids[i]});
    }
    sql += ")";
  }
  for (const auto& w : q.where) {
    const FieldSpec* f = spec.field(w.field);
    if (f == nullptr || !f->filterable) {
      return Status::invalid_argument("'" + w.field + "' is not a filterable field of " + spec.name,
                                      "where." + w.field);
    }
    // Field names come from the spec ([a-z_]+), never from the caller.
    const std::string path = "'$." + f->name + "'";
    const bool list = f->type == FieldType::kEnumList || f->type == FieldType::kStringList;
    if (list) {
      sql += " AND EXISTS (SELECT 1 FROM json_each(body, " + path + ") WHERE value = ?)";
    } else {
      sql += " AND json_extract(body, " + path + ") = ?";
    }
    if (const auto* s = std::get_if<std::string>(&w.value)) {
      binds.push_back(Bind{*s});
    } else if (const auto* b = std::get_if<bool>(&w.value)) {
      binds.push_back(Bind{std::int64_t{*b ? 1 : 0}});
    } else if (const auto* n = std::get_if<std::int64_t>(&w.value)) {
      binds.push_back(Bind{*n});
    } else {
      return Status::invalid_argument("must be a string, integer or boolean", "where." + w.field);
    }
  }
  return Status::ok();
}

}  // namespace

RecordStore::RecordStore(sqlite::Database db, const LibrarySpec& spec)
    : db_(std::move(db)), spec_(spec) {}

std::vector<text::SearchColumn> RecordStore::search_columns(const LibrarySpec& spec) {
  std::vector<text::SearchColumn> columns;
  for (const auto& f : spec.fields) {
    if (f.search_weight > 0) columns.push_back({f.name, static_cast<double>(f.search_weight)});
  }
  return columns;
}

sqlite::Migration RecordStore::core_migration(const LibrarySpec& spec) {
  std::string search_sql;
  if (auto columns = search_columns(spec); !columns.empty()) {
    auto sql = text::SearchIndex::schema_sql(kSearchTable, columns);
    // A spec with bad column names is a programming error caught by every test run.
    search_sql = sql.ok() ? *sql + ";" : std::string("SELECT RAISE(ABORT, 'bad search columns');");
  }
  return {1, "library records, audit and search index",
          std::string("CREATE TABLE records ("
                      " id INTEGER PRIMARY KEY AUTOINCREMENT, natural_key TEXT UNIQUE,"
                      " town TEXT NOT NULL, station TEXT NOT NULL DEFAULT '',"
                      " owner TEXT NOT NULL DEFAULT '', category TEXT,"
                      " status TEXT NOT NULL, version INTEGER NOT NULL,"
                      " created_by TEXT NOT NULL, created_at TEXT NOT NULL,"
                      " updated_by TEXT NOT NULL, updated_at TEXT NOT NULL, body TEXT NOT NULL);"
                      "CREATE INDEX records_town ON records(town, status);"
                      "CREATE INDEX records_station ON records(station);"
                      "CREATE INDEX records_category ON records(category);"
                      "CREATE INDEX records_owner ON records(owner);"
                      "CREATE INDEX records_updated ON records(updated_at, id);") +
              kAuditSchema + search_sql,
          {}};
}

std::vector<std::string> RecordStore::search_texts(const std::vector<text::SearchColumn>& columns,
                                                   const Fields& fields) {
  std::vector<std::string> texts;
  texts.reserve(columns.size());
  for (const auto& column : columns) {
    auto it = fields.find(column.name);
    texts.push_back(it == fields.end() ? std::string() : to_text(it->second));
  }
  return texts;
}

namespace {

// Core track 1's step: the search index as a contentless table, filled from the records
// that are not archived (archived records are not searchable).
Status rebuild_search_contentless(sqlite::Database& db, const std::vector<text::SearchColumn>& columns) {
  CEDU_RETURN_IF_ERROR(db.exec(std::string("DROP TABLE ") + RecordStore::kSearchTable));
  CEDU_RETURN_IF_ERROR(text::SearchIndex::create_schema(db, RecordStore::kSearchTable, columns,
                                                        text::SearchIndex::Storage::kContentless));
  CEDU_ASSIGN_OR_RETURN(text::SearchIndex index,
                        text::SearchIndex::open(db, RecordStore::kSearchTable, columns));
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement st,
                        db.prepare("SELECT id, body FROM records WHERE status <> 'archived' ORDER BY id"));
  for (;;) {
    CEDU_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) return Status::ok();
    const std::int64_t id = st.int64(0);
    auto fields = from_json(st.text(1));
    if (!fields.ok()) return fields.status().with_context("record " + std::to_string(id));
    const auto texts = RecordStore::search_texts(columns, *fields);
    CEDU_RETURN_IF_ERROR(index.insert(id, std::vector<std::string_view>(texts.begin(), texts.end())));
  }
}

}  // namespace

std::vector<sqlite::Migration> RecordStore::core_track(const LibrarySpec& spec) {
  const auto columns = search_columns(spec);
  sqlite::Migration slimmer{
      1, "search index without a copy of its terms; partial station, owner and category indexes",
      // Empty station and owner stay '' (the columns are NOT NULL); category is NULL when
      // there is none. The list filters name `<> ''` so that the planner uses these.
      "DROP INDEX records_station;"
      "CREATE INDEX records_station ON records(station) WHERE station <> '';"
      "DROP INDEX records_owner;"
      "CREATE INDEX records_owner ON records(owner) WHERE owner <> '';"
      "DROP INDEX records_category;"
      "CREATE INDEX records_category ON records(category) WHERE category IS NOT NULL;",
      {}};
  if (!columns.empty()) {
    slimmer.step = [columns](sqlite::Database& db) { return rebuild_search_contentless(db, columns); };
  }
  return {std::move(slimmer)};
}

Status RecordStore::migrate(sqlite::Database& db, const LibrarySpec& spec,
                            const std::vector<sqlite::Migration>& service_migrations) {
  std::vector<sqlite::Migration> all{core_migration(spec)};
  all.insert(all.end(), service_migrations.begin(), service_migrations.end());
  CEDU_RETURN_IF_ERROR(sqlite::migrate(db, all));
  return sqlite::migrate_track(db, kCoreTrack, core_track(spec));
}

std::string RecordStore::category_of(const Fields& fields) const {
  if (spec_.category_field.empty()) return {};
  auto it = fields.find(spec_.category_field);
  return it == fields.end() ? std::string() : to_text(it->second);
}

std::optional<std::string> RecordStore::natural_key(const Record& record) const {
  if (spec_.natural_key.empty()) return std::nullopt;
  std::string key = spec_.natural_key_per_town ? record.town + "\x1e" : std::string();
  bool any = false;
  for (const auto& name : spec_.natural_key) {
    auto it = record.fields.find(name);
    std::string part = it == record.fields.end() ? std::string() : to_text(it->second);
    any = any || !part.empty();
    key += "\x1f" + part;
  }
  if (!any) return std::nullopt;
  return key;
}

Result<Record> RecordStore::read_row(sqlite::Statement& st) {
  Record r;
  r.id = st.int64(0);
  r.town = st.text(1);
  r.station = st.text(2);
  r.owner = st.text(3);
  r.status = st.text(4);
  r.version = st.int64(5);
  r.created_by = st.text(6);
  r.created_at = st.text(7);
  r.updated_by = st.text(8);
  r.updated_at = st.text(9);
  auto fields = from_json(st.text(10));
  if (!fields.ok()) {
    return Status::internal(spec_.name + " record " + std::to_string(r.id) + ": " +
                            fields.status().message());
  }
  r.fields = std::move(fields).value();
  return r;
}

Result<Record> RecordStore::get(std::int64_t id) {
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement * st,
                        db_.cached(kGetSql));
  CEDU_RETURN_IF_ERROR(st->bind(1, id));
  CEDU_ASSIGN_OR_RETURN(bool row, st->step());
  if (!row) return Status::not_found("no " + spec_.name + " with id " + std::to_string(id), "id");
  auto r = read_row(*st);
  st->reset();
  return r;
}

Result<std::optional<Record>> RecordStore::find_by_natural_key(const std::string& key) {
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement * st, db_.cached(kByNaturalKeySql));
  CEDU_RETURN_IF_ERROR(st->bind_text_unowned(1, key));
  CEDU_ASSIGN_OR_RETURN(bool row, st->step());
  if (!row) {
    st->reset();
    return std::optional<Record>();
  }
  auto r = read_row(*st);
  st->reset();
  if (!r.ok()) return r.status();
  return std::optional<Record>(std::move(r).value());
}

Status RecordStore::insert(Record& r) { return insert(r, to_json(r.fields)); }

Status RecordStore::update(Record& r, std::int64_t expected_version) {
  return update(r, expected_version, to_json(r.fields));
}

// Binds parameters 1–6 of an INSERT or UPDATE of a record: natural_key, town, station,
// owner, category, status. `r` and `key` must live until the statement is reset (the
// texts are bound without a copy).
Status RecordStore::bind_placement(sqlite::Statement& st, const Record& r,
                                   const std::optional<std::string>& key) const {
  CEDU_RETURN_IF_ERROR(key ? st.bind_text_unowned(1, *key) : st.bind_null(1));
  CEDU_RETURN_IF_ERROR(st.bind_text_unowned(2, r.town));
  CEDU_RETURN_IF_ERROR(st.bind_text_unowned(3, r.station));
  CEDU_RETURN_IF_ERROR(st.bind_text_unowned(4, r.owner));
  const std::string category = category_of(r.fields);
  CEDU_RETURN_IF_ERROR(category.empty() ? st.bind_null(5) : st.bind_text(5, category));
  return st.bind_text_unowned(6, r.status);
}

Status RecordStore::insert(Record& r, const std::string& body_json) {
  const auto key = natural_key(r);
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement * st,
      db_.cached("INSERT INTO records(natural_key, town, station, owner, category, status,"
                 " version, created_by, created_at, updated_by, updated_at, body)"
                 " VALUES(?,?,?,?,?,?,1,?,?,?,?,?)"));
  CEDU_RETURN_IF_ERROR(bind_placement(*st, r, key));
  CEDU_RETURN_IF_ERROR(st->bind_text_unowned(7, r.created_by));
  CEDU_RETURN_IF_ERROR(st->bind_text_unowned(8, r.created_at));
  CEDU_RETURN_IF_ERROR(st->bind_text_unowned(9, r.updated_by));
  CEDU_RETURN_IF_ERROR(st->bind_text_unowned(10, r.updated_at));
  CEDU_RETURN_IF_ERROR(st->bind_text_unowned(11, body_json));
  // The unique natural key refuses a duplicate; only then is the holder looked up, for the
  // message (a look-up before every insert cost an import 2 % of its time).
  Status s = st->run();
  st->reset();  // lets go of the unowned texts
  if (!s.is_ok()) {
    if (s.code() != StatusCode::kAlreadyExists || !key) return s;
    CEDU_ASSIGN_OR_RETURN(auto existing, find_by_natural_key(*key));
    if (!existing) return s;
    std::string names;
    for (const auto& n : spec_.natural_key) names += (names.empty() ? "" : ", ") + n;
    return Status::already_exists("a " + spec_.name + " with the same " + names +
                                      " exists (id " + std::to_string(existing->id) + ")",
                                  spec_.natural_key.front());
  }
  r.id = db_.last_insert_rowid();
  r.version = 1;
  return Status::ok();
}

Status RecordStore::update(Record& r, std::int64_t expected_version,
                           const std::string& body_json) {
  const auto key = natural_key(r);
  if (key) {
    CEDU_ASSIGN_OR_RETURN(auto existing, find_by_natural_key(*key));
    if (existing && existing->id != r.id) {
      return Status::already_exists("another " + spec_.name + " (id " +
                                        std::to_string(existing->id) + ") has the same " +
                                        spec_.natural_key.front(),
                                    spec_.natural_key.front());
    }
  }
  CEDU_ASSIGN_OR_RETURN(
      sqlite::Statement * st,
      db_.cached("UPDATE records SET natural_key = ?, town = ?, station = ?, owner = ?,"
                 " category = ?, status = ?, version = version + 1, updated_by = ?,"
                 " updated_at = ?, body = ? WHERE id = ? AND version = ?"));
  CEDU_RETURN_IF_ERROR(bind_placement(*st, r, key));
  CEDU_RETURN_IF_ERROR(st->bind_text_unowned(7, r.updated_by));
  CEDU_RETURN_IF_ERROR(st->bind_text_unowned(8, r.updated_at));
  CEDU_RETURN_IF_ERROR(st->bind_text_unowned(9, body_json));
  CEDU_RETURN_IF_ERROR(st->bind(10, r.id));
  CEDU_RETURN_IF_ERROR(st->bind(11, expected_version));
  Status ran = st->run();
  st->reset();  // lets go of the unowned texts
  CEDU_RETURN_IF_ERROR(ran);
  if (db_.changes() == 0) {
    auto current = get(r.id);
    if (!current.ok()) return current.status();
    return Status::conflict(spec_.name + " " + std::to_string(r.id) + " is at version " +
                                std::to_string(current->version) + ", not " +
                                std::to_string(expected_version) + ": reload it and retry",
                            "version");
  }
  r.version = expected_version + 1;
  return Status::ok();
}

Result<Page> RecordStore::list(const ListQuery& q) {
  if (q.limit < 1 || q.limit > 1000) return Status::invalid_argument("must be 1..1000", "limit");
  std::string column = q.sort;
  const bool desc = !column.empty() && column[0] == '-';
  if (desc) column.erase(0, 1);
  if (column != "id" && column != "updated_at" && column != "created_at" && column != "town") {
    return Status::invalid_argument("must be id, updated_at, created_at or town, optionally "
                                    "with a leading '-'", "sort");
  }
  std::string sql = std::string("SELECT ") + kColumns + " FROM records";
  std::vector<Bind> binds;
  CEDU_RETURN_IF_ERROR(filters(q, spec_, sql, binds));
  const char* op = desc ? "<" : ">";
  if (!q.cursor.empty()) {
    // Cursor: "<id>" or "<id>:<sort value>"; opaque to callers.
    auto colon = q.cursor.find(':');
    std::int64_t after_id = 0;
    auto id_text = q.cursor.substr(0, colon);
    auto [p, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), after_id);
    if (ec != std::errc() || p != id_text.data() + id_text.size() ||
        (column != "id" && colon == std::string::npos)) {
      return Status::invalid_argument("not a cursor of this listing", "cursor");
    }
    if (column == "id") {
      sql += std::string(" AND id ") + op + " ?";
      binds.push_back(Bind{after_id});
    } else {
      sql += " AND (" + column + ", id) " + op + " (?, ?)";
      binds.push_back(Bind{q.cursor.substr(colon + 1)});
      binds.push_back(Bind{after_id});
    }
  }
  const char* dir = desc ? " DESC" : "";
  sql += " ORDER BY " + (column == "id" ? std::string("id") + dir
                                        : column + dir + ", id" + dir);
  sql += " LIMIT " + std::to_string(q.limit + 1);
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement st, db_.prepare(sql));
  CEDU_RETURN_IF_ERROR(bind_all(st, binds));
  Page page;
  for (;;) {
    CEDU_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    if (page.records.size() == q.limit) {
      const Record& last = page.records.back();
      std::string value = column == "updated_at" ? last.updated_at
                          : column == "created_at" ? last.created_at
                          : column == "town"       ? last.town
                                                   : std::string();
      page.next_cursor = std::to_string(last.id) + (column == "id" ? "" : ":" + value);
      break;
    }
    CEDU_ASSIGN_OR_RETURN(Record r, read_row(st));
    page.records.push_back(std::move(r));
  }
  return page;
}

Result<std::vector<std::pair<Record, double>>> RecordStore::search(std::string_view text,
                                                                  const ListQuery& q) {
  const auto columns = search_columns(spec_);
  if (columns.empty()) return Status::failed_precondition(spec_.name + " has no searchable fields");
  if (q.limit < 1 || q.limit > 1000) return Status::invalid_argument("must be 1..1000", "limit");
  auto match = text::match_expression(text);
  if (!match.ok()) return Status(match.status().code(), match.status().message(), "q");
  // One statement: FTS5 finds and ranks the matches, the join applies the filters, so only
  // the page asked for is read. CROSS JOIN keeps the FTS table outermost, where bm25() works.
  std::string weights;
  for (const auto& c : columns) weights += ", " + std::to_string(c.weight);
  std::string sql = std::string("SELECT ") + kColumns + ", -bm25(" + kSearchTable + weights +
                    ") AS score FROM " + kSearchTable + " CROSS JOIN records ON records.id = " +
                    kSearchTable + ".rowid";
  std::vector<Bind> binds;
  CEDU_RETURN_IF_ERROR(filters(q, spec_, sql, binds));
  sql += std::string(" AND ") + kSearchTable + " MATCH ? ORDER BY score DESC, records.id LIMIT ?";
  binds.push_back(Bind{*match});
  binds.push_back(Bind{static_cast<std::int64_t>(q.limit)});
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement * st, db_.cached(sql));
  CEDU_RETURN_IF_ERROR(bind_all(*st, binds));
  std::vector<std::pair<Record, double>> out;
  for (;;) {
    CEDU_ASSIGN_OR_RETURN(bool row, st->step());
    if (!row) break;
    CEDU_ASSIGN_OR_RETURN(Record r, read_row(*st));
    out.emplace_back(std::move(r), st->real(11));
  }
  return out;
}

Result<std::vector<std::pair<std::string, std::int64_t>>> RecordStore::count(
    const std::string& group_by, const ListQuery& q) {
  if (group_by != "town" && group_by != "station" && group_by != "category" &&
      group_by != "status" && group_by != "owner") {
    return Status::invalid_argument("must be town, station, category, status or owner", "group_by");
  }
  std::string sql = "SELECT COALESCE(" + group_by + ", ''), COUNT(*) FROM records";
  std::vector<Bind> binds;
  CEDU_RETURN_IF_ERROR(filters(q, spec_, sql, binds));
  sql += " GROUP BY 1 ORDER BY 1";
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement st, db_.prepare(sql));
  CEDU_RETURN_IF_ERROR(bind_all(st, binds));
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (;;) {
    CEDU_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    out.emplace_back(st.text(0), st.int64(1));
  }
  return out;
}

}  // namespace cedu::library
