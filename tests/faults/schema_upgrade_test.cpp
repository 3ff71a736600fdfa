// Schema upgrades (issue 8) with the real schema code and the real cedu-teacher: a database
// at the version before the newest (the library core's migration only, records written by
// the real RecordStore and indexed in the first search index, which kept a copy of its
// terms) is migrated in place when the newer binary starts on it — its records intact, the
// new tables in use, the library core's own track applied (the search index rebuilt
// without the copy, and still finding, renaming and forgetting records); a migration step
// that fails leaves the database exactly as it was (same bytes, same version) and the
// service does not start; a database, or a core track, newer than the binary is refused
// untouched.
#define BOOST_TEST_MODULE schema_upgrade
#include <boost/test/unit_test.hpp>

#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"
#include "services/library/library_main.h"
#include "services/library/record_store.h"
#include "services/teacher/teacher_domain.h"
#include "services/teacher/teacher_spec.h"
#include "tests/faults/fault_support.h"
#include "tests/support/bus_fixture.h"
#include "tests/support/library_services.h"

using namespace std::chrono_literals;
using namespace cedu::testing;
namespace library = cedu::library;
namespace sqlite = cedu::sqlite;

namespace {

const std::vector<std::string> kNames = {"陈老师", "黄老师", "梁老师"};

int newest_version() { return static_cast<int>(library::all_migrations(cedu::teacher::teacher_service()).size()); }

// A teacher database at the version before the newest, with kNames in it; `extra_sql` runs
// after the records are written.
void make_previous_version(const std::string& path, const std::string& extra_sql = {}) {
  auto all = library::all_migrations(cedu::teacher::teacher_service());
  BOOST_REQUIRE_GE(all.size(), 2u);
  all.pop_back();
  sqlite::Database db = std::move(sqlite::Database::open(path)).value();
  BOOST_REQUIRE(sqlite::migrate(db, all).is_ok());
  library::RecordStore store(std::move(db), cedu::teacher::teacher_spec());
  const auto columns = library::RecordStore::search_columns(cedu::teacher::teacher_spec());
  auto index = std::move(cedu::text::SearchIndex::open(store.db(), library::RecordStore::kSearchTable,
                                                       columns)).value();
  BOOST_REQUIRE((index.storage() == cedu::text::SearchIndex::Storage::kCopy));
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    library::Record r;
    r.town = "nancun";
    r.status = cedu::teacher::teacher_spec().initial_status();
    r.version = 1;
    r.created_by = r.updated_by = "district-admin";
    r.created_at = r.updated_at = "2026-01-0" + std::to_string(i + 1) + "T08:00:00.000Z";
    r.fields = {{"name", kNames[i]}, {"kind", std::string("part-time")},
                {"phone", "1370000000" + std::to_string(i)}};
    BOOST_REQUIRE(store.insert(r).is_ok());
    const auto texts = library::RecordStore::search_texts(columns, r.fields);
    BOOST_REQUIRE(index.insert(r.id, std::vector<std::string_view>(texts.begin(), texts.end())).is_ok());
  }
  if (!extra_sql.empty()) BOOST_REQUIRE(store.db().exec(extra_sql).is_ok());
}


// The ids `q` finds in the teacher library, best first.
std::vector<std::int64_t> search_ids(cedu::Client& client, const std::string& q) {
  cedu::mp::MapBuilder search;
  search.set("q", q);
  auto r = client.call("teacher", "search", search.bytes());
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  const msgpack::object* items = cedu::mp::MapView::of(r->result()).value().array("items").value();
  std::vector<std::int64_t> ids;
  for (std::uint32_t i = 0; i < items->via.array.size; ++i) {
    ids.push_back(cedu::mp::MapView::of(items->via.array.ptr[i]).value().int64("id").value());
  }
  return ids;
}

// Runs cedu-teacher on `db` against `bus` and returns its exit code (it must not start).
int start_refused(BusFixture& bus, const std::string& db, const std::string& log) {
  Process p = Process::spawn({binary("cedu-teacher"), "--endpoint", bus.endpoint(), "--insecure",
                              "--network", network_file(), "--database", db},
                             log);
  return p.wait(20s).value_or(-1);
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_newer_binary_migrates_an_older_database_in_place) {
  BusFixture bus(200);
  const std::string db = bus.dir().file("teacher.db");
  make_previous_version(db);
  BOOST_REQUIRE_EQUAL(sqlite_int(db, "PRAGMA user_version"), newest_version() - 1);
  BOOST_REQUIRE_EQUAL(sqlite_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'schema_tracks'"), 0);
  BOOST_REQUIRE_EQUAL(sqlite_int(db, "SELECT count(*) FROM records_search_content"), 3);

  Process teacher = start_library_service(bus, "teacher", {}, db);
  BOOST_TEST(sqlite_int(db, "PRAGMA user_version") == newest_version());
  BOOST_TEST(sqlite_int(db, "SELECT version FROM schema_tracks WHERE track = 'library-core'") ==
             static_cast<std::int64_t>(library::RecordStore::core_track(cedu::teacher::teacher_spec()).size()));
  BOOST_TEST(sqlite_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'records_search_content'") == 0);
  auto client = bus.client();
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    cedu::mp::MapBuilder get;
    get.set("id", static_cast<std::int64_t>(i + 1));
    auto r = client->call("teacher", "get", get.bytes());
    BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
    auto v = cedu::mp::MapView::of(r->result()).value();
    BOOST_TEST(v.string("name").value() == kNames[i]);
    BOOST_TEST(v.string("phone").value() == "137****000" + std::to_string(i));  // masked: no pii right
    BOOST_TEST(sqlite_int(db, "SELECT count(*) FROM records WHERE id = " + std::to_string(i + 1) +
                              " AND json_extract(body, '$.phone') = '1370000000" + std::to_string(i) + "'") == 1);
    BOOST_TEST(v.int64("version").value() == 1);
  }
  // The tables the new version added serve.
  cedu::mp::MapBuilder trainings;
  trainings.set("teacher_id", 1);
  auto t = client->call("teacher", "trainings", trainings.bytes());
  BOOST_TEST(t.ok(), t.status().to_string());
  BOOST_TEST(wait_for_count(*client, "teacher") == static_cast<std::int64_t>(kNames.size()));

  // The rebuilt index finds every record, and follows a rename and an archive.
  BOOST_TEST((search_ids(*client, "陈老师") == std::vector<std::int64_t>{1}));
  BOOST_TEST((search_ids(*client, "梁老师") == std::vector<std::int64_t>{3}));
  cedu::mp::MapBuilder rename;
  rename.set("id", 3).set("version", 1).set("name", "何老师");
  auto renamed = client->call("teacher", "update", rename.bytes());
  BOOST_REQUIRE_MESSAGE(renamed.ok(), renamed.status().to_string());
  BOOST_TEST(search_ids(*client, "梁老师").empty());
  BOOST_TEST((search_ids(*client, "何老师") == std::vector<std::int64_t>{3}));
  cedu::mp::MapBuilder archive;
  archive.set("id", 2).set("version", 1);
  auto archived = client->call("teacher", "archive", archive.bytes());
  BOOST_REQUIRE_MESSAGE(archived.ok(), archived.status().to_string());
  BOOST_TEST(search_ids(*client, "黄老师").empty());
  BOOST_TEST((search_ids(*client, "老师").size() == 2u));
  teacher.stop();
  BOOST_TEST(sqlite_integrity(db) == "ok");
  // FTS5's own check of the index against its structure (contentless: no copy to compare).
  sqlite::Database d = std::move(sqlite::Database::open(db)).value();
  cedu::Status fts = d.exec("INSERT INTO records_search(records_search) VALUES ('integrity-check')");
  BOOST_TEST(fts.is_ok(), fts.to_string());
}

BOOST_AUTO_TEST_CASE(a_failing_migration_leaves_the_database_untouched) {
  BusFixture bus(200);
  const std::string db = bus.dir().file("teacher.db");
  // A table in the way of the next migration's CREATE TABLE: its step fails.
  make_previous_version(db, "CREATE TABLE teacher_trainings (left_by_hand TEXT)");
  const std::string before = sha256sum(db);

  const std::string log = bus.dir().file("refused.log");
  BOOST_TEST(start_refused(bus, db, log) == 1);
  const std::string said = read_file(log);
  BOOST_TEST(said.find("cannot migrate " + db + ": INTERNAL: migration " + std::to_string(newest_version()) +
                       " (teacher trainings, appraisals and exchanges): ") != std::string::npos, said);
  BOOST_TEST(said.find("table teacher_trainings already exists") != std::string::npos, said);
  BOOST_TEST(sha256sum(db) == before);
  BOOST_TEST(sqlite_int(db, "PRAGMA user_version") == newest_version() - 1);
  BOOST_TEST(sqlite_int(db, "SELECT count(*) FROM records") == static_cast<std::int64_t>(kNames.size()));
  BOOST_TEST(sqlite_int(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'teacher_appraisals'") == 0);
  BOOST_TEST(sqlite_integrity(db) == "ok");
}

BOOST_AUTO_TEST_CASE(a_database_newer_than_the_binary_is_refused_untouched) {
  BusFixture bus(200);
  const std::string db = bus.dir().file("teacher.db");
  make_previous_version(db, "PRAGMA user_version = 99");
  const std::string before = sha256sum(db);
  const std::string log = bus.dir().file("newer.log");
  BOOST_TEST(start_refused(bus, db, log) == 1);
  BOOST_TEST(read_file(log).find("database schema version 99 is newer than this binary (" +
                                 std::to_string(newest_version()) + ")") != std::string::npos,
             read_file(log));
  BOOST_TEST(sha256sum(db) == before);
}

BOOST_AUTO_TEST_CASE(a_library_core_track_newer_than_the_binary_is_refused_untouched) {
  BusFixture bus(200);
  const std::string db = bus.dir().file("teacher.db");
  make_previous_version(db, "CREATE TABLE schema_tracks(track TEXT PRIMARY KEY, version INTEGER NOT NULL);"
                            "INSERT INTO schema_tracks VALUES ('library-core', 99)");
  {
    // The service's own migrations are current; only the core track is ahead.
    auto all = library::all_migrations(cedu::teacher::teacher_service());
    sqlite::Database d = std::move(sqlite::Database::open(db)).value();
    BOOST_REQUIRE(sqlite::migrate(d, all).is_ok());
  }
  const std::string before = sha256sum(db);
  const std::string log = bus.dir().file("newer-track.log");
  BOOST_TEST(start_refused(bus, db, log) == 1);
  BOOST_TEST(read_file(log).find("schema track \"library-core\" version 99 is newer than this binary (" +
                                 std::to_string(library::RecordStore::core_track(cedu::teacher::teacher_spec()).size()) +
                                 ")") != std::string::npos,
             read_file(log));
  BOOST_TEST(sha256sum(db) == before);
}
