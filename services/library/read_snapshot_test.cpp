// ReadSnapshot with the library's CommitHook: reads share one read transaction until the
// writer commits; every commit, whatever wrote it, ends the snapshot so the next read sees
// it; the hook still checkpoints the WAL; a non-WAL database gets no snapshot. GroupSync:
// one flush covers every commit made before it started.
#define BOOST_TEST_MODULE library_read_snapshot
#include <boost/test/unit_test.hpp>

#include "common/sqlite/migrations.h"
#include "common/testing/temp_dir.h"
#include <condition_variable>
#include <mutex>
#include <thread>

#include "services/library/commit_hook.h"
#include "services/library/group_sync.h"
#include "services/library/read_snapshot.h"

using namespace cedu::library;

namespace {

const LibrarySpec& spec() {
  static const LibrarySpec s = [] {
    LibrarySpec x;
    x.name = "demo";
    x.display_name = "演示库";
    x.statuses = {{"draft", "草稿"}};
    x.fields = {FieldSpec{.name = "title", .type = FieldType::kString, .label = "名称",
                          .required = true}};
    return x;
  }();
  return s;
}

Record draft(const std::string& title) {
  Record r;
  r.town = "nancun";
  r.status = "draft";
  r.created_by = r.updated_by = "district-admin";
  r.created_at = r.updated_at = "2026-11-29T00:00:00.000Z";
  r.fields["title"] = title;
  return r;
}

struct Fixture {
  cedu::testing::TempDir dir;
  std::unique_ptr<RecordStore> writer;
  std::unique_ptr<ReadSnapshot> snapshot;
  std::unique_ptr<CommitHook> hook;

  Fixture() {
    auto db = cedu::sqlite::Database::open(dir.file("demo.db"));
    BOOST_REQUIRE(db.ok());
    BOOST_REQUIRE(cedu::sqlite::migrate(*db, {RecordStore::core_migration(spec())}).is_ok());
    writer = std::make_unique<RecordStore>(std::move(db).value(), spec());
    auto s = ReadSnapshot::attach(writer->db(), spec());
    BOOST_REQUIRE_MESSAGE(s.ok(), s.status().to_string());
    snapshot = std::move(s).value();
    BOOST_REQUIRE(snapshot != nullptr);
    hook = std::make_unique<CommitHook>(
        writer->db(), std::vector<std::function<void()>>{[s = snapshot.get()] { s->writer_committed(); }});
  }
  std::string title(std::int64_t id) {
    auto r = snapshot->get(id);
    BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
    return std::get<std::string>(r->fields.at("title"));
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(reads_without_writes_share_one_snapshot, Fixture) {
  Record a = draft("书法入门");
  BOOST_REQUIRE(writer->insert(a).is_ok());
  for (int i = 0; i < 100; ++i) BOOST_TEST(title(a.id) == "书法入门");
  BOOST_TEST(snapshot->snapshots_begun() == 1u);
  auto missing = snapshot->get(a.id + 1000);
  BOOST_TEST(missing.status().code() == cedu::StatusCode::kNotFound);
  BOOST_TEST(title(a.id) == "书法入门");  // a miss leaves the snapshot usable
}

BOOST_FIXTURE_TEST_CASE(a_commit_ends_the_snapshot_so_the_next_read_sees_it, Fixture) {
  Record a = draft("书法入门");
  BOOST_REQUIRE(writer->insert(a).is_ok());
  BOOST_TEST(title(a.id) == "书法入门");
  a.fields["title"] = std::string("粤剧欣赏");
  BOOST_REQUIRE(writer->update(a, a.version).is_ok());
  BOOST_TEST(title(a.id) == "粤剧欣赏");
  BOOST_TEST(snapshot->snapshots_begun() == 2u);
  // A record created after the snapshot began is found too.
  Record b = draft("中医养生");
  BOOST_REQUIRE(writer->insert(b).is_ok());
  BOOST_TEST(title(b.id) == "中医养生");
  // Any commit on the writer connection counts, not only the store's own statements.
  BOOST_REQUIRE(writer->db().exec("UPDATE records SET body = '{\"title\":\"太极拳\"}' WHERE id = " +
                                  std::to_string(b.id)).is_ok());
  BOOST_TEST(title(b.id) == "太极拳");
}

BOOST_FIXTURE_TEST_CASE(the_writer_still_checkpoints_the_wal, Fixture) {
  BOOST_REQUIRE(writer->db().exec("PRAGMA synchronous = OFF").is_ok());  // speed, not durability
  for (int i = 0; i < 3000; ++i) {
    Record r = draft(std::string(200, 'x') + std::to_string(i));
    BOOST_REQUIRE(writer->insert(r).is_ok());
    if (i % 100 == 0) (void)title(r.id);
  }
  // Checkpoints ran (as SQLite's auto-checkpoint would) and restarted the WAL from its
  // start, so it stays far below the ~3000 pages these commits wrote.
  const auto wal = std::filesystem::file_size(dir.file("demo.db-wal"));
  BOOST_TEST(wal < 2000u * 4096u, "WAL is " << wal << " bytes");
}

BOOST_AUTO_TEST_CASE(an_in_memory_database_gets_no_snapshot) {
  auto db = cedu::sqlite::Database::open(":memory:");
  BOOST_REQUIRE(db.ok());
  auto s = ReadSnapshot::attach(*db, spec());
  BOOST_REQUIRE(s.ok());
  BOOST_TEST((s.value() == nullptr));
}

BOOST_AUTO_TEST_CASE(one_flush_covers_every_commit_made_before_it) {
  cedu::testing::TempDir dir;
  auto db = cedu::sqlite::Database::open(dir.file("demo.db"));
  BOOST_REQUIRE(db.ok());
  BOOST_REQUIRE(cedu::sqlite::migrate(*db, {RecordStore::core_migration(spec())}).is_ok());
  RecordStore writer(std::move(db).value(), spec());
  auto attached = GroupSync::attach(writer.db());
  BOOST_REQUIRE(attached.ok());
  std::unique_ptr<GroupSync> sync = std::move(attached).value();
  BOOST_REQUIRE(sync != nullptr);
  CommitHook hook(writer.db(), {[g = sync.get()] { g->committed(); }});
  // COMMIT no longer flushes by itself: the writer runs synchronous=NORMAL (1).
  auto mode = writer.db().prepare("PRAGMA synchronous");
  BOOST_REQUIRE(mode.ok());
  BOOST_REQUIRE(mode->step().value());
  BOOST_TEST(mode->int64(0) == 1);

  BOOST_REQUIRE(sync->sync().is_ok());  // nothing committed by this thread: no flush
  BOOST_TEST(sync->flushes() == 0u);
  Record a = draft("书法入门");
  BOOST_REQUIRE(writer.insert(a).is_ok());
  BOOST_REQUIRE(sync->sync().is_ok());
  BOOST_TEST(sync->flushes() == 1u);
  BOOST_REQUIRE(sync->sync().is_ok());  // already on disk
  BOOST_TEST(sync->flushes() == 1u);

  // Another thread commits, then this thread commits and flushes: the other thread's
  // commit was covered, so its own sync does not flush again.
  std::uint64_t other_flushes = 0;
  std::mutex m;
  std::condition_variable cv;
  int step = 0;
  std::thread other([&] {
    Record b = draft("粤剧欣赏");
    {
      std::unique_lock<std::mutex> lock(m);
      BOOST_REQUIRE(writer.insert(b).is_ok());
      step = 1;
    }
    cv.notify_all();
    std::unique_lock<std::mutex> lock(m);
    cv.wait(lock, [&] { return step == 2; });
    BOOST_REQUIRE(sync->sync().is_ok());
    other_flushes = sync->flushes();
  });
  {
    std::unique_lock<std::mutex> lock(m);
    cv.wait(lock, [&] { return step == 1; });
    Record c = draft("中医养生");
    BOOST_REQUIRE(writer.insert(c).is_ok());
    BOOST_REQUIRE(sync->sync().is_ok());
    step = 2;
  }
  cv.notify_all();
  other.join();
  BOOST_TEST(sync->flushes() == 2u);
  BOOST_TEST(other_flushes == 2u);
}

BOOST_AUTO_TEST_CASE(an_in_memory_database_gets_no_group_sync) {
  auto db = cedu::sqlite::Database::open(":memory:");
  BOOST_REQUIRE(db.ok());
  auto s = GroupSync::attach(*db);
  BOOST_REQUIRE(s.ok());
  BOOST_TEST((s.value() == nullptr));
}
