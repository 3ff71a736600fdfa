// Unit tests of the audit trail: the entry of a write, appended and read back.
#define BOOST_TEST_MODULE library_audit_log
#include <boost/test/unit_test.hpp>

#include "common/digest/sha256.h"
#include "common/sqlite/migrations.h"
#include "common/testing/temp_dir.h"
#include "services/library/audit_log.h"
#include "services/library/record.h"

using namespace cedu::library;

BOOST_AUTO_TEST_CASE(a_write_entry_keeps_digests_not_rows) {
  const AuditEntry e = write_entry("town-admin:nancun", "teacher.appraise", 7, "appraisal 1: 2024",
                                   "", "{\"grade\":\"excellent\"}");
  BOOST_TEST(e.principal == "town-admin:nancun");
  BOOST_TEST(e.method == "teacher.appraise");
  BOOST_TEST(*e.record_id == 7);
  BOOST_TEST(e.outcome == "ok");
  BOOST_TEST(e.detail == "appraisal 1: 2024");
  BOOST_TEST(e.before_digest.empty());  // nothing before an insert
  BOOST_TEST(e.after_digest == cedu::digest::sha256_hex("{\"grade\":\"excellent\"}"));
  BOOST_TEST(e.at.size() == 24u);  // utc_now(): "YYYY-MM-DDTHH:MM:SS.mmmZ"
  const AuditEntry update = write_entry("p", "m", 1, "", "{\"a\":1}", "{\"a\":2}");
  BOOST_TEST(update.before_digest == cedu::digest::sha256_hex("{\"a\":1}"));
  BOOST_TEST(update.after_digest == cedu::digest::sha256_hex("{\"a\":2}"));
}

BOOST_AUTO_TEST_CASE(entries_are_appended_and_queried) {
  cedu::testing::TempDir dir;
  auto db = cedu::sqlite::Database::open(dir.file("audit.db")).value();
  BOOST_REQUIRE(cedu::sqlite::migrate(db, {{1, "audit", kAuditSchema, {}}}).is_ok());
  BOOST_REQUIRE(append_audit(db, write_entry("a", "demo.note", 1, "one", "", "{}")).is_ok());
  BOOST_REQUIRE(append_audit(db, write_entry("b", "demo.note", 2, "two", "{}", "{}")).is_ok());
  AuditQuery q;
  q.principal = "b";
  auto found = query_audit(db, q).value();
  BOOST_REQUIRE_EQUAL(found.size(), 1u);
  BOOST_TEST(found[0].detail == "two");
  BOOST_TEST(*found[0].record_id == 2);
  BOOST_TEST(found[0].before_digest == cedu::digest::sha256_hex("{}"));
  BOOST_TEST(query_audit(db, AuditQuery{}).value().size() == 2u);
}
