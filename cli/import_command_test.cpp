// What `cedu import` prints for an import reply, and the exit code it means.
#define BOOST_TEST_MODULE cli_import_report
#include <boost/test/unit_test.hpp>

#include "cli/exit_codes.h"
#include "cli/import_command.h"
#include "common/msgpack/builder.h"

using namespace cedu::cli;
namespace mp = cedu::mp;

namespace {

ImportReport report_of(bool committed, bool dry_run, bool with_error) {
  mp::ArrayBuilder errors;
  if (with_error) {
    errors.add(mp::MapBuilder().set("row", 3u).set("column", "所属镇街").set("reason", "unknown town '火星镇'"));
  }
  const std::string bytes = mp::MapBuilder()
                                .set("committed", committed)
                                .set("dry_run", dry_run)
                                .set("mode", "all-or-nothing")
                                .set("encoding", "GBK")
                                .set("rows", 4u)
                                .set("created", committed ? 3 : 0)
                                .set("updated", 0)
                                .set("unchanged", 0)
                                .set("errors", errors)
                                .set("unknown_columns", std::vector<std::string>{"备注2"})
                                .bytes();
  auto h = mp::unpack(bytes, "reply").value();
  return read_import_report(mp::MapView::of(h.get()).value()).value();
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_refused_row_is_printed_with_row_and_column_and_exits_1) {
  const ImportReport r = report_of(false, false, true);
  const std::string text = describe_import(r, "teacher", "t.csv");
  BOOST_TEST(text.find("第 3 行, 所属镇街: unknown town '火星镇'") != std::string::npos, text);
  BOOST_TEST(text.find("nothing was written") != std::string::npos, text);
  BOOST_TEST(text.find("(GBK)") != std::string::npos, text);
  BOOST_TEST(text.find("备注2") != std::string::npos, text);
  BOOST_TEST(r.exit_code() == kExitFailed);
}

BOOST_AUTO_TEST_CASE(a_committed_clean_import_exits_0_and_says_what_it_did) {
  const ImportReport r = report_of(true, false, false);
  const std::string text = describe_import(r, "teacher", "t.csv");
  BOOST_TEST(text.find("4 rows (GBK), 3 created, 0 updated, 0 unchanged, 0 rows refused — committed") !=
                 std::string::npos, text);
  BOOST_TEST(r.exit_code() == kExitOk);
  BOOST_TEST(report_of(true, false, true).exit_code() == kExitFailed);  // valid-rows with a bad row
}

BOOST_AUTO_TEST_CASE(a_clean_dry_run_exits_0) {
  BOOST_TEST(report_of(false, true, false).exit_code() == kExitOk);
  BOOST_TEST(report_of(false, true, true).exit_code() == kExitFailed);
}
