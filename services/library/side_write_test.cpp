// Unit tests of write_side: a side row and its audit entry in one transaction, following
// the parent's row rules; NOT_FOUND, audited denials, archived parents, rollbacks, replays;
// load_parent and refuse.
#define BOOST_TEST_MODULE library_side_write
#include <boost/test/unit_test.hpp>

#include "common/digest/sha256.h"
#include "common/msgpack/builder.h"
#include "common/testing/temp_dir.h"
#include "services/library/audit_log.h"
#include "services/library/library_test_support.h"
#include "services/library/side_write.h"

using namespace cedu::library;
using cedu::Status;
using cedu::StatusCode;
namespace mp = cedu::mp;

namespace {

// A library of people with a side table of notes about them.
LibraryServiceDef demo_service() {
  static const LibrarySpec kSpec = [] {
    LibrarySpec s;
    s.name = "demo";
    s.statuses = {{"active", "在库"}};
    s.fields = {FieldSpec{.name = "name", .type = FieldType::kString, .label = "姓名", .required = true}};
    return s;
  }();
  LibraryServiceDef def;
  def.spec = &kSpec;
  def.migrations = {{2, "demo notes",
                     "CREATE TABLE demo_notes (id INTEGER PRIMARY KEY, demo_id INTEGER NOT NULL,"
                     " text TEXT NOT NULL)",
                     {}}};
  return def;
}

struct Fixture {
  cedu::testing::TempDir dir;
  std::unique_ptr<Library> lib =
      cedu::library::testing::open_library(dir.file("demo.db"), demo_service(), Places{}).value();

  cedu::Result<std::string> invoke(const std::string& method, const std::string& params) {
    auto handle = mp::unpack(params, "params").value();
    auto view = mp::MapView::of(handle.get(), "params").value();
    return lib->invoke(method, cedu::library::testing::request("demo", method, view));
  }

  std::int64_t create(const std::string& name, const std::string& town) {
    auto r = invoke("create", mp::MapBuilder().set("name", name).set("town", town).bytes());
    BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
    auto h = mp::unpack(*r, "reply").value();
    return mp::MapView::of(h.get()).value().int64("id").value();
  }

  // Adds a note to `parent` as `principal`; `fail` makes the change fail after its insert.
  cedu::Result<Record> note(std::int64_t parent, const std::string& principal,
                            const std::string& text, bool fail = false, SideTarget target = {}) {
    if (target.method.empty()) target = SideTarget{"demo.note", parent, "params.demo_id", false, {}};
    return write_side(*lib, Caller::of(principal, false), target,
                      [&](cedu::sqlite::Database& db, const Record&) -> cedu::Result<SideChange> {
                        auto st = db.prepare("INSERT INTO demo_notes (demo_id, text) VALUES (?, ?)");
                        if (!st.ok()) return st.status();
                        CEDU_RETURN_IF_ERROR(st->bind(1, parent));
                        CEDU_RETURN_IF_ERROR(st->bind_text(2, text));
                        CEDU_RETURN_IF_ERROR(st->run());
                        if (fail) return Status::failed_precondition("no", "params.text");
                        return SideChange::inserted("note: " + text, "{\"text\":\"" + text + "\"}");
                      });
  }

  std::int64_t notes() {
    auto guard = lib->lock();
    auto st = lib->store().db().prepare("SELECT count(*) FROM demo_notes").value();
    BOOST_REQUIRE(st.step().value());
    return st.int64(0);
  }

  std::vector<AuditEntry> audit(const std::string& method, const std::string& outcome) {
    auto guard = lib->lock();
    AuditQuery q;
    q.method = method;
    q.outcome = outcome;
    return query_audit(lib->store().db(), q).value();
  }
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(a_side_row_and_its_audit_entry_are_written_together, Fixture) {
  const auto id = create("陈老师", "nancun");
  auto parent = note(id, "town-admin:nancun", "first");
  BOOST_REQUIRE_MESSAGE(parent.ok(), parent.status().to_string());
  BOOST_TEST(parent->id == id);
  BOOST_TEST(notes() == 1);
  auto entries = audit("demo.note", "ok");
  BOOST_REQUIRE_EQUAL(entries.size(), 1u);
  BOOST_TEST(entries[0].principal == "town-admin:nancun");
  BOOST_TEST(*entries[0].record_id == id);
  BOOST_TEST(entries[0].detail == "note: first");
  BOOST_TEST(entries[0].before_digest.empty());
  BOOST_TEST(entries[0].after_digest == cedu::digest::sha256_hex("{\"text\":\"first\"}"));
}

BOOST_FIXTURE_TEST_CASE(an_unknown_parent_is_not_found_naming_the_parameter, Fixture) {
  auto r = note(99, "district-admin", "x");
  BOOST_TEST(r.status().code() == StatusCode::kNotFound);
  BOOST_TEST(r.status().field() == "params.demo_id");
  BOOST_TEST(r.status().message() == "no demo with id 99");
  BOOST_TEST(notes() == 0);
  BOOST_TEST(audit("demo.note", "ok").empty());
}

BOOST_FIXTURE_TEST_CASE(another_towns_admin_is_refused_and_audited, Fixture) {
  const auto id = create("陈老师", "nancun");
  auto r = note(id, "town-admin:zhongcun", "x");
  BOOST_TEST(r.status().code() == StatusCode::kPermissionDenied);
  BOOST_TEST(notes() == 0);
  auto denied = audit("demo.note", "denied");
  BOOST_REQUIRE_EQUAL(denied.size(), 1u);
  BOOST_TEST(denied[0].principal == "town-admin:zhongcun");
  // A rule of the domain's own replaces the core's.
  SideTarget anyone{"demo.note", id, "params.demo_id", false,
                    [](const Caller&, const Record&) { return Status::ok(); }};
  BOOST_TEST(note(id, "town-admin:zhongcun", "y", false, anyone).ok());
  BOOST_TEST(notes() == 1);
}

BOOST_FIXTURE_TEST_CASE(an_archived_parent_takes_no_side_rows_unless_allowed, Fixture) {
  const auto id = create("陈老师", "nancun");
  BOOST_REQUIRE(invoke("archive", mp::MapBuilder().set("id", id).set("version", 1).bytes()).ok());
  auto r = note(id, "district-admin", "x");
  BOOST_TEST(r.status().code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(r.status().message() == "demo " + std::to_string(id) + " is archived");
  BOOST_TEST(r.status().field() == "params.demo_id");
  SideTarget allowed{"demo.note", id, "params.demo_id", true, {}};
  BOOST_TEST(note(id, "district-admin", "y", false, allowed).ok());
  BOOST_TEST(notes() == 1);
}

BOOST_FIXTURE_TEST_CASE(a_failed_change_writes_nothing, Fixture) {
  const auto id = create("陈老师", "nancun");
  auto r = note(id, "district-admin", "x", true);
  BOOST_TEST(r.status().code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(notes() == 0);
  BOOST_TEST(audit("demo.note", "ok").empty());
}

BOOST_FIXTURE_TEST_CASE(nothing_to_write_is_no_audit_entry, Fixture) {
  const auto id = create("陈老师", "nancun");
  auto r = write_side(*lib, Caller::of("district-admin", false),
                      SideTarget{"demo.note", id, "params.demo_id", false, {}},
                      [](cedu::sqlite::Database&, const Record&) -> cedu::Result<SideChange> {
                        return SideChange::none();
                      });
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(r->id == id);
  BOOST_TEST(audit("demo.note", "ok").empty());
}

BOOST_FIXTURE_TEST_CASE(load_parent_and_refuse, Fixture) {
  const auto id = create("陈老师", "nancun");
  auto guard = lib->lock();
  BOOST_TEST(load_parent(*lib, id, "params.demo_id")->text("name") == "陈老师");
  BOOST_TEST(load_parent(*lib, id + 1, "params.demo_id").status().field() == "params.demo_id");
  const Status why = Status::permission_denied("not yours");
  BOOST_TEST(refuse(*lib, guard, Caller::of("org:x", false), "demo.note", id, why).message() ==
             "not yours");
  BOOST_TEST(!guard.owns_lock());
  BOOST_TEST(audit("demo.note", "denied").size() == 1u);
}
