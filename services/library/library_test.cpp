#define BOOST_TEST_MODULE library_core
#include <boost/test/unit_test.hpp>

#include <iconv.h>

#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <set>

#include "common/msgpack/builder.h"
#include "common/testing/temp_dir.h"
#include "services/library/audit_log.h"
#include "services/library/categories.h"
#include "services/library/library.h"
#include "services/library/library_main.h"
#include "services/library/library_test_support.h"

using namespace cedu::library;
namespace mp = cedu::mp;
using cedu::StatusCode;

namespace {

// A course-like library: owned by organisations, searchable title, a phone.
const LibrarySpec& spec() {
  static const LibrarySpec s = [] {
    LibrarySpec x;
    x.name = "demo";
    x.display_name = "演示库";
    x.owned = true;
    x.natural_key = {"phone"};
    x.category_field = "category";
    x.statuses = {{"draft", "草稿"}, {"published", "已发布"}};
    x.fields = {
        FieldSpec{.name = "title", .type = FieldType::kString, .label = "名称", .required = true,
                  .search_weight = 10},
        FieldSpec{.name = "category", .type = FieldType::kEnum, .label = "类别",
                  .values = course_categories(), .filterable = true},
        FieldSpec{.name = "phone", .type = FieldType::kPhone, .label = "手机号码",
                  .aliases = {"联系电话"}, .pii = Pii::kPhone},
        FieldSpec{.name = "tags", .type = FieldType::kStringList, .label = "标签", .filterable = true},
    };
    return x;
  }();
  return s;
}

Places test_places() {
  Places p;
  p.check = [](const std::string& town, const std::string& station) -> cedu::Status {
    if (town != "nancun" && town != "zhongcun") return cedu::Status::invalid_argument("unknown town", "town");
    if (!station.empty() && station.rfind(town + "-", 0) != 0) {
      return cedu::Status::invalid_argument("not in town", "station");
    }
    return cedu::Status::ok();
  };
  p.town = [](std::string_view t) -> std::optional<std::string> {
    if (t == "南村镇" || t == "nancun") return "nancun";
    if (t == "钟村街" || t == "zhongcun") return "zhongcun";
    return std::nullopt;
  };
  p.station = [](const std::string& town, std::string_view s) -> std::optional<std::string> {
    if (s.rfind(town + "-", 0) == 0) return std::string(s);
    return std::nullopt;
  };
  p.town_name = [](const std::string& t) { return t == "nancun" ? "南村镇" : "钟村街"; };
  p.station_name = [](const std::string& s) { return s; };
  return p;
}

struct Fixture {
  cedu::testing::TempDir dir;
  std::unique_ptr<Library> lib;

  Fixture() {
    LibraryServiceDef def;
    def.spec = &spec();
    auto opened = cedu::library::testing::open_library(dir.file("demo.db"), def, test_places());
    BOOST_REQUIRE_MESSAGE(opened.ok(), opened.status().to_string());
    lib = std::move(opened).value();
  }

  // Calls `method` as `principal`; returns the reply as an object handle or the error.
  cedu::Result<msgpack::object_handle> call(const std::string& method, const std::string& params,
                                            const std::string& principal = "district-admin",
                                            std::vector<std::string> rights = {"pii"}) {
    auto handle = mp::unpack(params, "params").value();
    auto view = mp::MapView::of(handle.get(), "params").value();
    auto reply = lib->invoke(
        method, cedu::library::testing::request("demo", method, view, principal, std::move(rights)));
    if (!reply.ok()) return reply.status();
    return mp::unpack(*reply, "reply").value();
  }
};

mp::MapView view(const msgpack::object_handle& h) { return mp::MapView::of(h.get()).value(); }

std::string create_params(const std::string& title, const std::string& town,
                          const std::string& phone = {}) {
  mp::MapBuilder b;
  b.set("title", title).set("town", town).set("category", "culture");
  if (!phone.empty()) b.set("phone", phone);
  return b.bytes();
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(library, Fixture)

BOOST_AUTO_TEST_CASE(create_get_update_archive_with_versions) {
  auto created = call("create", create_params("书法入门", "nancun", "13812345678"));
  BOOST_REQUIRE_MESSAGE(created.ok(), created.status().to_string());
  const auto id = view(*created).int64("id").value();
  BOOST_TEST(view(*created).int64("version").value() == 1);
  BOOST_TEST(view(*created).string("status").value() == "draft");
  BOOST_TEST(view(*created).string("created_by").value() == "district-admin");

  mp::MapBuilder upd;
  upd.set("id", id).set("version", 1).set("title", "书法进阶");
  auto updated = call("update", upd.bytes());
  BOOST_REQUIRE(updated.ok());
  BOOST_TEST(view(*updated).int64("version").value() == 2);
  BOOST_TEST(view(*updated).string("title").value() == "书法进阶");

  // The same version again is stale: CONFLICT, and nothing changes.
  auto stale = call("update", upd.bytes());
  BOOST_TEST(stale.status().code() == StatusCode::kConflict);
  BOOST_TEST(stale.status().field() == "params.version");

  mp::MapBuilder arc;
  arc.set("id", id).set("version", 2).set("reason", "停办");
  BOOST_REQUIRE(call("archive", arc.bytes()).ok());
  mp::MapBuilder get;
  get.set("id", id);
  BOOST_TEST(view(*call("get", get.bytes())).string("status").value() == "archived");
  // Archived records leave the default listing but are kept.
  auto list = call("list", mp::MapBuilder().bytes());
  BOOST_TEST(view(*list).array("items").value()->via.array.size == 0u);
  mp::MapBuilder archived;
  archived.set("status", "archived");
  BOOST_TEST(view(*call("list", archived.bytes())).array("items").value()->via.array.size == 1u);
  mp::MapBuilder again;
  again.set("id", id).set("version", 3).set("title", "x");
  BOOST_TEST(call("update", again.bytes()).status().code() == StatusCode::kFailedPrecondition);
}

BOOST_AUTO_TEST_CASE(bad_input_names_the_field_and_writes_nothing) {
  BOOST_TEST(call("create", create_params("书法", "atlantis")).status().field() == "params.town");
  mp::MapBuilder no_town;
  no_town.set("title", "书法");
  BOOST_TEST(call("create", no_town.bytes()).status().field() == "params.town");
  mp::MapBuilder bad_station;
  bad_station.set("title", "书法").set("town", "nancun").set("station", "zhongcun-01");
  BOOST_TEST(call("create", bad_station.bytes()).status().field() == "params.station");
  mp::MapBuilder get;
  get.set("id", "seven");
  BOOST_TEST(call("get", get.bytes()).status().field() == "params.id");
  mp::MapBuilder missing;
  missing.set("id", 999);
  BOOST_TEST(call("get", missing.bytes()).status().code() == StatusCode::kNotFound);
  BOOST_TEST(view(*call("list", mp::MapBuilder().bytes())).array("items").value()->via.array.size == 0u);
}

BOOST_AUTO_TEST_CASE(a_natural_key_cannot_be_created_twice) {
  BOOST_REQUIRE(call("create", create_params("书法", "nancun", "13812345678")).ok());
  auto twice = call("create", create_params("国画", "zhongcun", "13812345678"));
  BOOST_TEST(twice.status().code() == StatusCode::kAlreadyExists);
  BOOST_TEST(twice.status().field() == "params.phone");
  // The holder is named, and the refused record left nothing behind.
  BOOST_TEST(twice.status().message().find("exists (id 1)") != std::string::npos);
  BOOST_TEST(view(*call("list", mp::MapBuilder().bytes())).array("items").value()->via.array.size == 1u);
}

BOOST_AUTO_TEST_CASE(town_admins_write_only_their_town_and_denials_are_audited) {
  auto own = call("create", create_params("粤剧欣赏", "nancun"), "town-admin:nancun", {});
  BOOST_REQUIRE_MESSAGE(own.ok(), own.status().to_string());
  auto other = call("create", create_params("粤剧欣赏", "zhongcun"), "town-admin:nancun", {});
  BOOST_TEST(other.status().code() == StatusCode::kPermissionDenied);
  BOOST_TEST(other.status().message().find("demo.create") != std::string::npos);

  // Moving its record to another town is writing that town: refused.
  mp::MapBuilder move;
  move.set("id", view(*own).int64("id").value()).set("version", 1).set("town", "zhongcun");
  BOOST_TEST(call("update", move.bytes(), "town-admin:nancun", {}).status().code() ==
             StatusCode::kPermissionDenied);
  auto by_district = call("create", create_params("太极拳", "zhongcun"));
  mp::MapBuilder foreign;
  foreign.set("id", view(*by_district).int64("id").value()).set("version", 1).set("title", "x");
  BOOST_TEST(call("update", foreign.bytes(), "town-admin:nancun", {}).status().code() ==
             StatusCode::kPermissionDenied);

  // A town admin reads only its own entries of the trail.
  auto own_trail = call("audit", mp::MapBuilder().bytes(), "town-admin:nancun", {});
  BOOST_REQUIRE(own_trail.ok());
  const auto* own_entries = view(*own_trail).array("entries").value();
  for (std::uint32_t i = 0; i < own_entries->via.array.size; ++i) {
    BOOST_TEST(mp::MapView::of(own_entries->via.array.ptr[i]).value().string("principal").value() ==
               "town-admin:nancun");
  }
  mp::MapBuilder others;
  others.set("principal", "district-admin");
  BOOST_TEST(call("audit", others.bytes(), "town-admin:nancun", {}).status().code() ==
             StatusCode::kPermissionDenied);

  mp::MapBuilder denied;
  denied.set("outcome", "denied");
  auto audit = call("audit", denied.bytes());
  BOOST_REQUIRE(audit.ok());
  const auto* entries = view(*audit).array("entries").value();
  BOOST_TEST(entries->via.array.size == 3u);
  auto first = mp::MapView::of(entries->via.array.ptr[0]).value();
  BOOST_TEST(first.string("principal").value() == "town-admin:nancun");
  BOOST_TEST(first.string("method").value() == "demo.create");
}

BOOST_AUTO_TEST_CASE(organisations_modify_only_what_they_provide) {
  auto mine = call("create", create_params("陶艺", "nancun"), "org:art-school", {});
  BOOST_REQUIRE(mine.ok());
  BOOST_TEST(view(*mine).string("owner").value() == "org:art-school");
  mp::MapBuilder edit;
  edit.set("id", view(*mine).int64("id").value()).set("version", 1).set("title", "陶艺进阶");
  BOOST_TEST(call("update", edit.bytes(), "org:art-school", {}).ok());
  BOOST_TEST(call("update", edit.bytes(), "org:other", {}).status().code() ==
             StatusCode::kPermissionDenied);
  // Nor can it create in another organisation's name.
  mp::MapBuilder impostor;
  impostor.set("title", "x").set("town", "nancun").set("owner", "org:other");
  BOOST_TEST(call("create", impostor.bytes(), "org:art-school", {}).status().code() ==
             StatusCode::kPermissionDenied);
}

BOOST_AUTO_TEST_CASE(personal_data_is_masked_without_the_pii_right) {
  auto created = call("create", create_params("书法", "nancun", "13812345678"));
  mp::MapBuilder get;
  get.set("id", view(*created).int64("id").value());
  BOOST_TEST(view(*call("get", get.bytes(), "org:x", {})).string("phone").value() == "138****5678");
  BOOST_TEST(view(*call("get", get.bytes(), "district-admin", {"pii"})).string("phone").value() ==
             "13812345678");
  auto list = call("list", mp::MapBuilder().bytes(), "org:x", {});
  auto item = mp::MapView::of(view(*list).array("items").value()->via.array.ptr[0]).value();
  BOOST_TEST(item.string("phone").value() == "138****5678");
  mp::MapBuilder search;
  search.set("q", "书法");
  auto found = call("search", search.bytes(), "org:x", {});
  auto hit = mp::MapView::of(view(*found).array("items").value()->via.array.ptr[0]).value();
  BOOST_TEST(hit.string("phone").value() == "138****5678");
  mp::MapBuilder exp;
  exp.set("format", "csv");
  auto csv = call("export", exp.bytes(), "org:x", {});
  BOOST_REQUIRE(csv.ok());
  const auto* content = view(*csv).find("content");
  std::string text(content->via.bin.ptr, content->via.bin.size);
  BOOST_TEST(text.find("138****5678") != std::string::npos);
  BOOST_TEST(text.find("13812345678") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(list_pages_with_a_cursor_filters_and_counts) {
  for (int i = 0; i < 25; ++i) {
    mp::MapBuilder b;
    b.set("title", "课程" + std::to_string(i)).set("town", i % 2 ? "nancun" : "zhongcun")
        .set("category", i % 3 ? "culture" : "health")
        .set("tags", std::vector<std::string>{i % 5 ? "常规" : "重点"});
    BOOST_REQUIRE(call("create", b.bytes()).ok());
  }
  std::set<std::int64_t> seen;
  std::string cursor;
  int pages = 0;
  do {
    mp::MapBuilder b;
    b.set("limit", 10).set("sort", "-updated_at");
    if (!cursor.empty()) b.set("cursor", cursor);
    auto page = call("list", b.bytes());
    BOOST_REQUIRE_MESSAGE(page.ok(), page.status().to_string());
    const auto* items = view(*page).array("items").value();
    for (std::uint32_t i = 0; i < items->via.array.size; ++i) {
      BOOST_TEST(seen.insert(mp::MapView::of(items->via.array.ptr[i]).value().int64("id").value()).second);
    }
    auto next = view(*page).optional_string("next_cursor").value();
    cursor = next.value_or("");
    ++pages;
  } while (!cursor.empty());
  BOOST_TEST(seen.size() == 25u);
  BOOST_TEST(pages == 3);

  mp::MapBuilder filtered;
  filtered.set("town", "nancun").set("category", "health");
  auto f = call("list", filtered.bytes());
  BOOST_TEST(view(*f).array("items").value()->via.array.size == 4u);  // odd i, i % 3 == 0
  mp::MapBuilder by_name;  // the Chinese name works as well as the slug
  by_name.set("town", "南村镇").set("category", "health");
  BOOST_TEST(view(*call("list", by_name.bytes())).array("items").value()->via.array.size == 4u);
  mp::MapBuilder unknown;
  unknown.set("town", "火星镇");
  BOOST_TEST(call("list", unknown.bytes()).status().field() == "params.town");
  mp::MapBuilder where;
  mp::MapBuilder tag;
  tag.set("tags", "重点");
  where.set("where", mp::Raw{tag.bytes()});
  BOOST_TEST(view(*call("list", where.bytes())).array("items").value()->via.array.size == 5u);
  mp::MapBuilder not_filterable;
  mp::MapBuilder t;
  t.set("title", "x");
  not_filterable.set("where", mp::Raw{t.bytes()});
  BOOST_TEST(call("list", not_filterable.bytes()).status().field() == "where.title");

  mp::MapBuilder count;
  count.set("group_by", "town");
  auto c = call("count", count.bytes());
  BOOST_REQUIRE(c.ok());
  auto groups = view(*c).map("groups").value();
  BOOST_TEST(groups.int64("nancun").value() == 12);
  BOOST_TEST(groups.int64("zhongcun").value() == 13);
  BOOST_TEST(view(*c).int64("total").value() == 25);
  mp::MapBuilder bad;
  bad.set("group_by", "colour");
  BOOST_TEST(call("count", bad.bytes()).status().field() == "params.group_by");
}

BOOST_AUTO_TEST_CASE(two_character_chinese_queries_find_longer_titles) {
  for (const char* title : {"书法入门", "粤剧欣赏", "中医养生", "Python入门"}) {
    BOOST_REQUIRE(call("create", create_params(title, "nancun")).ok());
  }
  for (const auto& [q, want] : std::vector<std::pair<std::string, std::string>>{
           {"书法", "书法入门"}, {"粤剧", "粤剧欣赏"}, {"养生", "中医养生"}, {"python", "Python入门"}}) {
    mp::MapBuilder b;
    b.set("q", q);
    auto r = call("search", b.bytes());
    BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
    const auto* items = view(*r).array("items").value();
    BOOST_REQUIRE_EQUAL(items->via.array.size, 1u);
    BOOST_TEST(mp::MapView::of(items->via.array.ptr[0]).value().string("title").value() == want);
  }
  mp::MapBuilder empty;
  empty.set("q", "，。");
  BOOST_TEST(call("search", empty.bytes()).status().field() == "params.q");
}

BOOST_AUTO_TEST_CASE(an_archived_record_leaves_the_search_index) {
  auto c = call("create", create_params("书法入门", "nancun"));
  mp::MapBuilder arc;
  arc.set("id", view(*c).int64("id").value()).set("version", 1);
  BOOST_REQUIRE(call("archive", arc.bytes()).ok());
  mp::MapBuilder q;
  q.set("q", "书法");
  BOOST_TEST(view(*call("search", q.bytes())).array("items").value()->via.array.size == 0u);
}

namespace {

std::string gbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  std::string in = utf8, out(utf8.size() * 2, '\0');
  char* ip = in.data();
  char* op = out.data();
  std::size_t il = in.size(), ol = out.size();
  BOOST_REQUIRE(iconv(cd, &ip, &il, &op, &ol) != static_cast<std::size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - ol);
  return out;
}

std::string import_params(const std::string& csv, const std::string& mode = "all-or-nothing") {
  mp::MapBuilder b;
  b.set("data", msgpack::type::raw_ref(csv.data(), static_cast<std::uint32_t>(csv.size())))
      .set("mode", mode);
  return b.bytes();
}

}  // namespace

// The search index keeps no copy of its terms (core track 1), so every rename and archive
// must take out exactly the terms the record went in with, or searches drift from the
// records. After a seeded random mix of creates, renames, tag-only updates, stale updates,
// archives and imports (re-imports by phone, and all-or-nothing imports rolled back by a bad
// row), each two-character query finds exactly the live records whose title contains it,
// and FTS5's own integrity check passes.
BOOST_AUTO_TEST_CASE(the_search_index_follows_random_writes_exactly) {
  const std::vector<std::string> words = {"书法", "粤剧", "养生", "太极", "国画", "摄影", "舞蹈", "茶艺"};
  struct Model {
    std::string title, phone, town;
    std::int64_t version = 1;
    bool archived = false;
  };
  std::map<std::int64_t, Model> model;
  std::map<std::string, std::int64_t> by_phone;
  std::mt19937 rng(20261129);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  auto title = [&] { return words[pick(words.size())] + words[pick(words.size())] + "班"; };
  auto live_id = [&]() -> std::optional<std::int64_t> {
    std::vector<std::int64_t> live;
    for (const auto& [id, m] : model) {
      if (!m.archived) live.push_back(id);
    }
    if (live.empty()) return std::nullopt;
    return live[pick(live.size())];
  };
  for (int op = 0; op < 400; ++op) {
    const std::size_t kind = pick(7);
    if (kind == 0 || model.empty()) {  // create
      const std::string t = title();
      const std::string phone = "1380000" + std::to_string(1000 + op);
      const std::string town = op % 2 ? "nancun" : "zhongcun";
      auto r = call("create", create_params(t, town, phone));
      BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
      const std::int64_t id = view(*r).int64("id").value();
      model[id] = {t, phone, town};
      by_phone[phone] = id;
    } else if (auto id = live_id(); id && kind == 1) {  // rename
      const std::string t = title();
      mp::MapBuilder b;
      b.set("id", *id).set("version", model[*id].version).set("title", t);
      BOOST_REQUIRE(call("update", b.bytes()).ok());
      model[*id].title = t;
      ++model[*id].version;
    } else if (id && kind == 2) {  // tags only: the searchable text stays
      mp::MapBuilder b;
      b.set("id", *id).set("version", model[*id].version).set("tags", std::vector<std::string>{"t" + std::to_string(op)});
      BOOST_REQUIRE(call("update", b.bytes()).ok());
      ++model[*id].version;
    } else if (id && kind == 3) {  // a stale version: refused, nothing changes
      mp::MapBuilder b;
      b.set("id", *id).set("version", model[*id].version + 5).set("title", title());
      BOOST_REQUIRE(call("update", b.bytes()).status().code() == StatusCode::kConflict);
    } else if (id && kind == 4) {  // archive
      mp::MapBuilder b;
      b.set("id", *id).set("version", model[*id].version);
      BOOST_REQUIRE(call("archive", b.bytes()).ok());
      model[*id].archived = true;
      ++model[*id].version;
    } else {  // import: renames by phone (archived ones are refused) and new records
      const bool bad = kind == 5;  // all-or-nothing with a bad row: nothing is written
      std::string csv = "名称,所属镇街,类别,联系电话\n";
      std::vector<std::pair<std::string, std::string>> rows;  // phone, title
      for (int i = 0; i < 3; ++i) {
        std::string phone = model.empty() || pick(2) ? "1390000" + std::to_string(1000 + op * 3 + i)
                                                     : std::next(model.begin(), static_cast<long>(pick(model.size())))->second.phone;
        const std::string t = title();
        if (std::any_of(rows.begin(), rows.end(), [&](const auto& r) { return r.first == phone; })) continue;
        rows.emplace_back(phone, t);
        csv += t + ",南村镇,文化," + phone + "\n";
      }
      if (bad) csv += "坏行,不存在的镇,文化,13700000000\n";
      // valid-rows: a row naming an archived record is refused alone.
      auto r = call("import", import_params(csv, bad ? "all-or-nothing" : "valid-rows"));
      BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
      BOOST_REQUIRE(view(*r).boolean("committed").value() == !bad);
      if (bad) continue;
      for (const auto& [phone, t] : rows) {
        auto known = by_phone.find(phone);
        if (known == by_phone.end()) continue;  // a new record: below
        Model& m = model[known->second];
        if (m.archived || (m.title == t && m.town == "nancun")) continue;  // refused / unchanged
        m.title = t;
        m.town = "nancun";
        ++m.version;
      }
      // New records: the import created them with the next ids, in row order.
      std::int64_t next = model.empty() ? 1 : model.rbegin()->first + 1;
      for (const auto& [phone, t] : rows) {
        if (by_phone.count(phone)) continue;
        model[next] = {t, phone, "nancun"};
        by_phone[phone] = next++;
      }
    }
  }
  std::size_t live = 0;
  for (const auto& [id, m] : model) live += m.archived ? 0 : 1;
  BOOST_REQUIRE_GT(live, 20u);
  for (const auto& w : words) {
    std::set<std::int64_t> want, got;
    for (const auto& [id, m] : model) {
      if (!m.archived && m.title.find(w) != std::string::npos) want.insert(id);
    }
    mp::MapBuilder q;
    q.set("q", w).set("limit", 1000);
    auto r = call("search", q.bytes());
    BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
    const auto* items = view(*r).array("items").value();
    for (std::uint32_t i = 0; i < items->via.array.size; ++i) {
      got.insert(mp::MapView::of(items->via.array.ptr[i]).value().int64("id").value());
    }
    BOOST_TEST((got == want), w << ": " << got.size() << " found, " << want.size() << " expected");
  }
  cedu::Status check = lib->store().db().exec(
      "INSERT INTO records_search(records_search) VALUES ('integrity-check')");
  BOOST_TEST(check.is_ok(), check.to_string());
}

BOOST_AUTO_TEST_CASE(import_reads_gbk_with_chinese_headers_and_reimport_does_not_duplicate) {
  const std::string csv = gbk("名称（必填）,所属镇街,类别,联系电话,备注\r\n"
                              "书法入门,南村镇,文化,13812345678,新开\r\n"
                              "中医养生,钟村街,健康,13912345678,\r\n");
  auto r = call("import", import_params(csv));
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  BOOST_TEST(view(*r).boolean("committed").value());
  BOOST_TEST(view(*r).string("encoding").value() == "GBK");
  BOOST_TEST(view(*r).int64("created").value() == 2);
  BOOST_TEST(view(*r).array("unknown_columns").value()->via.array.size == 1u);  // 备注

  auto again = call("import", import_params(csv));
  BOOST_TEST(view(*again).int64("created").value() == 0);
  BOOST_TEST(view(*again).int64("unchanged").value() == 2);

  const std::string changed = "\xEF\xBB\xBF名称,所属镇街,类别,联系电话\n书法进阶,南村镇,文化,13812345678\n";
  auto upd = call("import", import_params(changed));
  BOOST_TEST(view(*upd).int64("updated").value() == 1);
  BOOST_TEST(view(*call("list", mp::MapBuilder().bytes())).array("items").value()->via.array.size == 2u);
}

BOOST_AUTO_TEST_CASE(a_bad_row_stops_an_all_or_nothing_import_and_is_named) {
  const std::string csv =
      "名称,所属镇街,类别,联系电话\n"
      "书法入门,南村镇,文化,13812345678\n"
      "粤剧,火星镇,文化,13912345678\n"
      "养生,钟村街,烹饪,13712345678\n";
  auto r = call("import", import_params(csv));
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(!view(*r).boolean("committed").value());
  const auto* errors = view(*r).array("errors").value();
  BOOST_REQUIRE_EQUAL(errors->via.array.size, 2u);
  auto e0 = mp::MapView::of(errors->via.array.ptr[0]).value();
  BOOST_TEST(e0.int64("row").value() == 3);
  BOOST_TEST(e0.string("column").value() == "所属镇街");
  auto e1 = mp::MapView::of(errors->via.array.ptr[1]).value();
  BOOST_TEST(e1.int64("row").value() == 4);
  BOOST_TEST(e1.string("column").value() == "类别");
  BOOST_TEST(view(*call("list", mp::MapBuilder().bytes())).array("items").value()->via.array.size == 0u);

  mp::MapBuilder dry;
  dry.set("data", msgpack::type::raw_ref(csv.data(), static_cast<std::uint32_t>(csv.size())))
      .set("mode", "valid-rows").set("dry_run", true);
  auto would = call("import", dry.bytes());
  BOOST_TEST(!view(*would).boolean("committed").value());
  BOOST_TEST(view(*would).int64("created").value() == 1);  // what a real run would do
  BOOST_TEST(view(*call("list", mp::MapBuilder().bytes())).array("items").value()->via.array.size == 0u);

  auto valid = call("import", import_params(csv, "valid-rows"));
  BOOST_TEST(view(*valid).boolean("committed").value());
  BOOST_TEST(view(*valid).int64("created").value() == 1);
  BOOST_TEST(view(*call("list", mp::MapBuilder().bytes())).array("items").value()->via.array.size == 1u);
}

BOOST_AUTO_TEST_CASE(an_import_by_a_town_admin_keeps_to_its_town) {
  const std::string csv = "名称,所属镇街\n书法,南村镇\n粤剧,钟村街\n";
  auto r = call("import", import_params(csv, "valid-rows"), "town-admin:nancun", {});
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(view(*r).int64("created").value() == 1);
  const auto* errors = view(*r).array("errors").value();
  BOOST_REQUIRE_EQUAL(errors->via.array.size, 1u);
  BOOST_TEST(mp::MapView::of(errors->via.array.ptr[0]).value().int64("row").value() == 3);
}

BOOST_AUTO_TEST_CASE(an_export_reads_back_as_an_import_without_changes) {
  BOOST_REQUIRE(call("create", create_params("书法入门", "nancun", "13812345678")).ok());
  mp::MapBuilder exp;
  exp.set("format", "csv");
  auto csv = call("export", exp.bytes());
  const auto* content = view(*csv).find("content");
  std::string text(content->via.bin.ptr, content->via.bin.size);
  BOOST_TEST(text.rfind("\xEF\xBB\xBF", 0) == 0);
  auto back = call("import", import_params(text));
  BOOST_REQUIRE_MESSAGE(back.ok(), back.status().to_string());
  BOOST_TEST(view(*back).int64("unchanged").value() == 1);
  BOOST_TEST(view(*back).array("errors").value()->via.array.size == 0u);

  mp::MapBuilder xlsx;
  xlsx.set("format", "xlsx");
  auto x = call("export", xlsx.bytes());
  BOOST_REQUIRE_MESSAGE(x.ok(), x.status().to_string());
  const auto* bytes = view(*x).find("content");
  BOOST_TEST(std::string(bytes->via.bin.ptr, 2) == "PK");  // a zip container
}

BOOST_AUTO_TEST_CASE(every_write_is_audited_with_digests) {
  auto c = call("create", create_params("书法", "nancun"));
  mp::MapBuilder upd;
  upd.set("id", view(*c).int64("id").value()).set("version", 1).set("title", "书法进阶");
  BOOST_REQUIRE(call("update", upd.bytes()).ok());
  mp::MapBuilder q;
  q.set("record_id", view(*c).int64("id").value());
  auto audit = call("audit", q.bytes());
  const auto* entries = view(*audit).array("entries").value();
  BOOST_REQUIRE_EQUAL(entries->via.array.size, 2u);
  auto created = mp::MapView::of(entries->via.array.ptr[0]).value();
  auto updated = mp::MapView::of(entries->via.array.ptr[1]).value();
  BOOST_TEST(created.string("before_digest").value().empty());
  BOOST_TEST(created.string("after_digest").value().size() == 64u);
  BOOST_TEST(updated.string("before_digest").value() == created.string("after_digest").value());
  BOOST_TEST(updated.string("after_digest").value() != updated.string("before_digest").value());
}

BOOST_AUTO_TEST_SUITE_END()
