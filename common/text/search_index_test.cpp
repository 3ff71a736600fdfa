#define BOOST_TEST_MODULE text_search_index
#include "common/text/search_index.h"

#include <algorithm>
#include <string>
#include <vector>

#include <boost/test/unit_test.hpp>

#include <sqlite3.h>

#include "common/sqlite/transaction.h"
#include "common/testing/temp_dir.h"

namespace cedu::text {
namespace {

const std::vector<SearchColumn> kColumns = {{"title", 10.0}, {"body", 1.0}};

// A course library in a real SQLite file.
struct Fixture {
  Fixture() {
    auto opened = sqlite::Database::open(dir.file("course.db"));
    BOOST_REQUIRE_MESSAGE(opened.ok(), opened.status().to_string());
    db = std::make_unique<sqlite::Database>(std::move(opened).value());
    Status s = SearchIndex::create_schema(*db, "course_fts", kColumns);
    BOOST_REQUIRE_MESSAGE(s.ok(), s.to_string());
    auto idx = SearchIndex::open(*db, "course_fts", kColumns);
    BOOST_REQUIRE_MESSAGE(idx.ok(), idx.status().to_string());
    index = std::make_unique<SearchIndex>(std::move(idx).value());
  }

  void add(std::int64_t id, std::string_view title, std::string_view body = "") {
    Status s = index->upsert(id, {title, body});
    BOOST_REQUIRE_MESSAGE(s.ok(), s.to_string());
  }

  // The rowids found for `query`, best first.
  std::vector<std::int64_t> find(std::string_view query, int limit = 100, int offset = 0) {
    auto hits = index->search(query, limit, offset);
    BOOST_REQUIRE_MESSAGE(hits.ok(), std::string(query) + ": " + hits.status().to_string());
    std::vector<std::int64_t> ids;
    for (const SearchHit& h : *hits) ids.push_back(h.rowid);
    return ids;
  }

  std::vector<std::int64_t> find_sorted(std::string_view query) {
    auto ids = find(query);
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  testing::TempDir dir;
  std::unique_ptr<sqlite::Database> db;
  std::unique_ptr<SearchIndex> index;
};

using Ids = std::vector<std::int64_t>;

BOOST_FIXTURE_TEST_CASE(two_character_queries_find_longer_titles, Fixture) {
  add(1, "书法入门");
  add(2, "粤剧欣赏");
  add(3, "中医养生");
  add(4, "中医推拿");
  add(5, "硬笔书法提高班");
  BOOST_TEST(find_sorted("书法") == (Ids{1, 5}));
  BOOST_TEST(find("粤剧") == (Ids{2}));
  BOOST_TEST(find("养生") == (Ids{3}));
  BOOST_TEST(find_sorted("中医") == (Ids{3, 4}));
  BOOST_TEST(find("推拿") == (Ids{4}));
  BOOST_TEST(find("书法入") == (Ids{1}));  // a prefix of a title, as typed so far
  BOOST_TEST(find("法入") == (Ids{1}));    // any substring of a run
  BOOST_TEST(find("粤曲").empty());
}

BOOST_FIXTURE_TEST_CASE(insert_indexes_a_new_rowid_and_refuses_an_indexed_one, Fixture) {
  Status first = index->insert(7, {"粤剧欣赏", "传统戏曲"});
  BOOST_REQUIRE_MESSAGE(first.is_ok(), first.to_string());
  BOOST_TEST(find("粤剧") == (Ids{7}));
  Status again = index->insert(7, {"书法入门", ""});
  BOOST_TEST((again.code() == StatusCode::kAlreadyExists), again.to_string());
  BOOST_TEST(find("粤剧") == (Ids{7}));  // the old terms stay
  BOOST_TEST(find("书法").empty());
  add(7, "书法入门");  // replacing is upsert's job
  BOOST_TEST(find("书法") == (Ids{7}));
  BOOST_TEST(find("粤剧").empty());
}

BOOST_FIXTURE_TEST_CASE(one_character_queries, Fixture) {
  add(1, "书法入门");
  add(2, "粤剧欣赏");
  add(3, "读书会");
  BOOST_TEST(find_sorted("书") == (Ids{1, 3}));
  BOOST_TEST(find("门") == (Ids{1}));  // the last character of a run
  BOOST_TEST(find("剧") == (Ids{2}));
  BOOST_TEST(find("茶").empty());
}

BOOST_FIXTURE_TEST_CASE(phrases_keep_their_order, Fixture) {
  add(1, "中医养生讲座");
  add(2, "养生中医");
  add(3, "中医 养生");  // two runs: 医养 does not occur
  BOOST_TEST(find("中医养生") == (Ids{1}));
  BOOST_TEST(find("养生中医") == (Ids{2}));
  BOOST_TEST(find("医养生讲") == (Ids{1}));
  BOOST_TEST(find_sorted("中医 养生") == (Ids{1, 2, 3}));  // two terms, any order
}

BOOST_FIXTURE_TEST_CASE(title_hits_rank_above_body_hits, Fixture) {
  add(1, "社区合唱团", "每周学习粤剧唱腔和书法");
  add(2, "粤剧欣赏", "走进岭南戏曲");
  add(3, "长者课堂", "粤剧名段赏析、粤剧身段");  // twice in the body still ranks below
  BOOST_TEST(find("粤剧") == (Ids{2, 3, 1}));
  auto hits = index->search("粤剧", 10);
  BOOST_REQUIRE(hits.ok());
  BOOST_TEST((*hits)[0].score > (*hits)[1].score);
  BOOST_TEST((*hits)[1].score > (*hits)[2].score);
}

BOOST_FIXTURE_TEST_CASE(mixed_scripts_and_digits, Fixture) {
  add(1, "Python入门", "零基础编程");
  add(2, "3D打印体验", "创客空间");
  add(3, "太极拳24式", "长者健身");
  add(4, "太极拳240式");
  add(5, "PYTHON数据分析");
  add(6, "Café Ñandú Москва");
  BOOST_TEST(find_sorted("Python") == (Ids{1, 5}));
  BOOST_TEST(find_sorted("python") == (Ids{1, 5}));
  BOOST_TEST(find_sorted("pyth") == (Ids{1, 5}));
  BOOST_TEST(find("python入门") == (Ids{1}));
  BOOST_TEST(find("入门 PYTHON") == (Ids{1}));
  BOOST_TEST(find("3D打印") == (Ids{2}));
  BOOST_TEST(find("3d") == (Ids{2}));
  BOOST_TEST(find("24式") == (Ids{3}));
  BOOST_TEST(find_sorted("太极拳") == (Ids{3, 4}));
  BOOST_TEST(find("Ｐｙｔｈｏｎ入门") == (Ids{1}));  // fullwidth input
  BOOST_TEST(find("nandu CAFE") == (Ids{6}));  // unicode61 folds case and diacritics
  BOOST_TEST(find("москва") == (Ids{6}));
}

BOOST_FIXTURE_TEST_CASE(injection_attempts_are_harmless, Fixture) {
  add(1, "书法入门");
  add(2, "or 1 near");
  add(3, "a b");
  for (std::string_view q : {"\" OR 1", "NEAR(", "a:b", "书法\" OR \"", "title:书法", "书法*",
                             "^书法", "(书法) AND (", "- NOT +", "\"\"\"", "{title body}: 书法"}) {
    auto hits = index->search(q, 10);
    BOOST_TEST_INFO("query " << q);
    BOOST_TEST((hits.ok() || hits.status().code() == StatusCode::kInvalidArgument),
               hits.status().to_string());
  }
  BOOST_TEST(find("\" OR 1") == (Ids{2}));  // the words "or" and "1", not an OR
  BOOST_TEST(find("NEAR(") == (Ids{2}));
  BOOST_TEST(find("a:b") == (Ids{3}));      // not a column filter
  BOOST_TEST(find("书法\" OR \"") == Ids{});  // 书法 AND or*: nothing has both
  BOOST_TEST(find("{title body}: 书法") == Ids{});
  for (std::string_view q : {"*", "", "  ", "：（）", "\"", "\xFF"}) {
    auto hits = index->search(q, 10);
    BOOST_TEST(hits.status().code() == StatusCode::kInvalidArgument);
    BOOST_TEST(hits.status().message() == "no searchable characters");
  }
}

BOOST_FIXTURE_TEST_CASE(update_and_delete_keep_the_index_right, Fixture) {
  add(1, "书法入门");
  add(2, "粤剧欣赏");
  add(1, "国画入门");  // the course was renamed
  BOOST_TEST(find("书法").empty());
  BOOST_TEST(find("国画") == (Ids{1}));
  BOOST_TEST(find("入门") == (Ids{1}));
  BOOST_REQUIRE(index->remove(2).ok());
  BOOST_TEST(find("粤剧").empty());
  BOOST_REQUIRE(index->remove(2).ok());   // again: not an error
  BOOST_REQUIRE(index->remove(99).ok());
  {
    // A write rolled back with its transaction leaves the index as it was.
    auto tx = sqlite::Transaction::begin(*db);
    BOOST_REQUIRE(tx.ok());
    add(3, "粤剧欣赏");
    BOOST_REQUIRE(index->remove(1).ok());
  }
  BOOST_TEST(find("粤剧").empty());
  BOOST_TEST(find("国画") == (Ids{1}));
  auto check = db->integrity_check();
  BOOST_REQUIRE(check.ok());
  BOOST_TEST(*check == "ok");
  Status s = db->exec("INSERT INTO course_fts(course_fts) VALUES ('integrity-check')");
  BOOST_TEST(s.ok(), s.to_string());
}

BOOST_FIXTURE_TEST_CASE(survives_reopening, Fixture) {
  add(7, "粤剧欣赏", "番禺 沙湾 何氏大宗祠");
  index.reset();
  db.reset();
  auto reopened = sqlite::Database::open(dir.file("course.db"));
  BOOST_REQUIRE(reopened.ok());
  sqlite::Database db2 = std::move(reopened).value();
  Status s = SearchIndex::create_schema(db2, "course_fts", kColumns);  // already there: no-op
  BOOST_REQUIRE(s.ok());
  auto idx = SearchIndex::open(db2, "course_fts", kColumns);
  BOOST_REQUIRE(idx.ok());
  auto hits = idx->search("沙湾", 5);
  BOOST_REQUIRE(hits.ok());
  BOOST_REQUIRE(hits->size() == 1u);
  BOOST_TEST((*hits)[0].rowid == 7);
}

BOOST_FIXTURE_TEST_CASE(limit_and_offset_page_through_results, Fixture) {
  for (int i = 1; i <= 5; ++i) add(i, "书法班 第" + std::to_string(i) + "期");
  BOOST_TEST(find("书法", 2, 0) == (Ids{1, 2}));  // equal scores: by rowid
  BOOST_TEST(find("书法", 2, 2) == (Ids{3, 4}));
  BOOST_TEST(find("书法", 2, 4) == (Ids{5}));
  BOOST_TEST(find("书法", 2, 6).empty());
  BOOST_TEST(index->search("书法", 0).status().field() == "limit");
  BOOST_TEST(index->search("书法", 1, -1).status().field() == "offset");
}

BOOST_AUTO_TEST_CASE(bad_schemas_are_rejected) {
  BOOST_TEST(SearchIndex::schema_sql("course_fts", kColumns).value() ==
             "CREATE VIRTUAL TABLE IF NOT EXISTS course_fts USING fts5(title, body, tokenize = "
             "'unicode61 remove_diacritics 2')");
  auto field = [](std::string_view table, std::vector<SearchColumn> cols) {
    return SearchIndex::schema_sql(table, cols).status().field();
  };
  BOOST_TEST(field("Course", kColumns) == "table");
  BOOST_TEST(field("x; DROP TABLE y", kColumns) == "table");
  BOOST_TEST(field("t", {}) == "columns");
  BOOST_TEST(field("t", {{"rank", 1}}) == "columns");
  BOOST_TEST(field("t", {{"rowid", 1}}) == "columns");
  BOOST_TEST(field("t", {{"t", 1}}) == "columns");
  BOOST_TEST(field("t", {{"a", 1}, {"a", 2}}) == "columns");
  BOOST_TEST(field("t", {{"a", 0}}) == "columns");
  BOOST_TEST(field("t", {{"a", -1}}) == "columns");

  testing::TempDir dir;
  auto db = sqlite::Database::open(dir.file("x.db"));
  BOOST_REQUIRE(db.ok());
  BOOST_TEST(SearchIndex::open(*db, "missing", kColumns).status().code() ==
             StatusCode::kNotFound);
  BOOST_REQUIRE(db->exec("CREATE TABLE plain(title, body)").ok());
  BOOST_TEST(SearchIndex::open(*db, "plain", kColumns).status().code() ==
             StatusCode::kFailedPrecondition);
  BOOST_REQUIRE(SearchIndex::create_schema(*db, "t", {{"title", 2}}).ok());
  Status s = SearchIndex::open(*db, "t", kColumns).status();
  BOOST_TEST(s.code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(s.message() == "search table \"t\" has columns (title), expected (title, body)");
  auto idx = SearchIndex::open(*db, "t", {{"title", 2}});
  BOOST_REQUIRE(idx.ok());
  BOOST_TEST(idx->upsert(1, {"a", "b"}).field() == "values");
}

// --- contentless tables ----------------------------------------------------------------

// A contentless index in a real file: the caller gives the values a record was indexed
// with to replace or remove it, as a library does from its stored record.
struct ContentlessFixture {
  ContentlessFixture() {
    db = std::make_unique<sqlite::Database>(std::move(sqlite::Database::open(dir.file("c.db"))).value());
    BOOST_REQUIRE(SearchIndex::create_schema(*db, "course_fts", kColumns,
                                             SearchIndex::Storage::kContentless).ok());
    index = std::make_unique<SearchIndex>(std::move(SearchIndex::open(*db, "course_fts", kColumns)).value());
  }
  std::vector<std::int64_t> find(std::string_view query) {
    auto hits = index->search(query, 100);
    BOOST_REQUIRE_MESSAGE(hits.ok(), hits.status().to_string());
    std::vector<std::int64_t> ids;
    for (const SearchHit& h : *hits) ids.push_back(h.rowid);
    std::sort(ids.begin(), ids.end());
    return ids;
  }
  void integrity_ok() {
    Status s = db->exec("INSERT INTO course_fts(course_fts) VALUES ('integrity-check')");
    BOOST_TEST(s.ok(), s.to_string());
  }
  testing::TempDir dir;
  std::unique_ptr<sqlite::Database> db;
  std::unique_ptr<SearchIndex> index;
};

BOOST_FIXTURE_TEST_CASE(contentless_replace_and_remove_take_the_old_values, ContentlessFixture) {
  BOOST_TEST((index->storage() == SearchIndex::Storage::kContentless));
  BOOST_REQUIRE(index->insert(1, {"书法入门", "番禺 沙湾"}).ok());
  BOOST_REQUIRE(index->insert(2, {"粤剧欣赏", ""}).ok());
  BOOST_TEST(find("书法") == (Ids{1}));
  // Renamed: the old terms go, the new ones come.
  BOOST_REQUIRE(index->replace(1, {"书法入门", "番禺 沙湾"}, {"国画入门", "番禺 沙湾"}).ok());
  BOOST_TEST(find("书法").empty());
  BOOST_TEST(find("国画") == (Ids{1}));
  BOOST_TEST(find("沙湾") == (Ids{1}));
  // The same values: nothing to write.
  const int before = sqlite3_total_changes(db->handle());
  BOOST_REQUIRE(index->replace(1, {"国画入门", "番禺 沙湾"}, {"国画入门", "番禺 沙湾"}).ok());
  BOOST_TEST(sqlite3_total_changes(db->handle()) == before);
  BOOST_REQUIRE(index->remove(2, {"粤剧欣赏", ""}).ok());
  BOOST_TEST(find("粤剧").empty());
  BOOST_TEST(find("入门") == (Ids{1}));
  integrity_ok();
  // Without the old values it cannot be done: refused, nothing written.
  BOOST_TEST(index->upsert(1, {"x", "y"}).code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(index->remove(1).code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(index->replace(1, {"国画入门"}, {"x", "y"}).field() == "values");
  BOOST_TEST(index->remove(1, {"国画入门"}).field() == "values");
  BOOST_TEST(find("国画") == (Ids{1}));
  integrity_ok();
}

BOOST_FIXTURE_TEST_CASE(contentless_stores_no_copy_and_is_recognised_on_reopening, ContentlessFixture) {
  BOOST_REQUIRE(index->insert(7, {"粤剧欣赏", "番禺 沙湾 何氏大宗祠"}).ok());
  auto content = db->prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'course_fts_content'");
  BOOST_REQUIRE(content.ok());
  BOOST_REQUIRE(*content->step());
  BOOST_TEST(content->int64(0) == 0);  // no table of copies
  index.reset();
  auto again = SearchIndex::open(*db, "course_fts", kColumns);
  BOOST_REQUIRE(again.ok());
  BOOST_TEST((again->storage() == SearchIndex::Storage::kContentless));
  auto hits = again->search("沙湾", 5);
  BOOST_REQUIRE(hits.ok());
  BOOST_REQUIRE(hits->size() == 1u);
  BOOST_TEST((*hits)[0].rowid == 7);
}

BOOST_FIXTURE_TEST_CASE(a_copy_table_replaces_and_removes_with_or_without_old_values, Fixture) {
  BOOST_TEST((index->storage() == SearchIndex::Storage::kCopy));
  add(1, "书法入门");
  BOOST_REQUIRE(index->replace(1, {"书法入门", ""}, {"国画入门", ""}).ok());
  BOOST_TEST(find("书法").empty());
  BOOST_TEST(find("国画") == (Ids{1}));
  BOOST_REQUIRE(index->remove(1, {"国画入门", ""}).ok());
  BOOST_TEST(find("国画").empty());
}

BOOST_AUTO_TEST_CASE(contentless_schema_sql) {
  BOOST_TEST(SearchIndex::schema_sql("course_fts", kColumns, SearchIndex::Storage::kContentless).value() ==
             "CREATE VIRTUAL TABLE IF NOT EXISTS course_fts USING fts5(title, body, content = '', "
             "tokenize = 'unicode61 remove_diacritics 2')");
}

}  // namespace
}  // namespace cedu::text
