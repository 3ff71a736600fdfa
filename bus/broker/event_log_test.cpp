#define BOOST_TEST_MODULE event_log
#include <boost/test/unit_test.hpp>


#include "bus/broker/event_log.h"
#include "common/testing/temp_dir.h"

using cedu::bus::EventLog;
using cedu::bus::StoredEvent;

namespace {

struct TempPath {
  cedu::testing::TempDir dir{"cedu-eventlog"};
  std::string db() const { return dir.file("events.db"); }
};

std::vector<StoredEvent> read(EventLog& log, std::uint64_t after, const std::string& prefix,
                              std::size_t limit = 1000) {
  std::vector<StoredEvent> out;
  auto n = log.read_after(after, prefix, limit, [&](StoredEvent&& e) { out.push_back(e); });
  BOOST_REQUIRE(n.ok());
  return out;
}

}  // namespace

BOOST_AUTO_TEST_CASE(appends_get_consecutive_sequences_and_filter_by_prefix) {
  TempPath t;
  auto log = EventLog::open(t.db(), 100, "FULL").value();
  BOOST_TEST(log->head() == 0u);
  BOOST_TEST(log->oldest() == 0u);
  BOOST_TEST(log->append("course.published", "course", 1, "\x80").value() == 1u);
  BOOST_TEST(log->append("volunteer.hours_logged", "volunteer", 2, "\x80").value() == 2u);
  BOOST_TEST(log->append("course.updated", "course", 3, "\x81\xa1k\xa1v").value() == 3u);
  BOOST_TEST(log->head() == 3u);
  BOOST_TEST(log->oldest() == 1u);

  auto courses = read(*log, 0, "course.");
  BOOST_REQUIRE_EQUAL(courses.size(), 2u);
  BOOST_TEST(courses[0].seq == 1u);
  BOOST_TEST(courses[1].seq == 3u);
  BOOST_TEST(courses[1].payload == "\x81\xa1k\xa1v");
  BOOST_TEST(read(*log, 1, "").size() == 2u);
  BOOST_TEST(read(*log, 0, "", 2).size() == 2u);
  BOOST_TEST(read(*log, 3, "").empty());
}

BOOST_AUTO_TEST_CASE(keeps_only_the_newest_events_and_sequences_survive_reopen) {
  TempPath t;
  {
    auto log = EventLog::open(t.db(), 5, "NORMAL").value();
    for (int i = 0; i < 12; ++i) BOOST_REQUIRE(log->append("a.b", "a", 0, "\xc0").ok());
    BOOST_TEST(log->head() == 12u);
    BOOST_TEST(log->oldest() == 8u);
    auto all = read(*log, 0, "");
    BOOST_REQUIRE_EQUAL(all.size(), 5u);
    BOOST_TEST(all.front().seq == 8u);
  }
  auto log = EventLog::open(t.db(), 5, "FULL").value();
  BOOST_TEST(log->head() == 12u);
  BOOST_TEST(log->oldest() == 8u);
  BOOST_TEST(log->append("a.b", "a", 0, "\xc0").value() == 13u);
}

BOOST_AUTO_TEST_CASE(refuses_zero_retention_and_unusable_paths) {
  TempPath t;
  BOOST_TEST(EventLog::open(t.db(), 0, "FULL").status().field() == "bus.events.retain");
  BOOST_TEST(!EventLog::open("/proc/no/such/dir/events.db", 10, "FULL").ok());
}

BOOST_AUTO_TEST_CASE(staged_events_commit_together_or_not_at_all) {
  cedu::testing::TempDir dir;
  auto log = EventLog::open(dir.file("events.db"), 100, "FULL");
  BOOST_REQUIRE(log.ok());
  BOOST_TEST((*log)->stage("a.one", "a", 1, "\xc0").value() == 1u);
  BOOST_TEST((*log)->stage("a.two", "a", 2, "\xc0").value() == 2u);
  BOOST_TEST((*log)->staged() == 2u);
  BOOST_TEST((*log)->head() == 2u);
  // Another connection sees nothing before the commit, both events after it.
  auto count = [&] {
    auto other = EventLog::open(dir.file("events.db"), 100, "FULL");
    BOOST_REQUIRE(other.ok());
    std::size_t n = 0;
    BOOST_REQUIRE((*other)->read_after(0, "", 10, [&](StoredEvent&&) { ++n; }).ok());
    return n;
  };
  BOOST_TEST(count() == 0u);
  BOOST_REQUIRE((*log)->commit_staged().is_ok());
  BOOST_TEST((*log)->staged() == 0u);
  BOOST_TEST(count() == 2u);
  BOOST_TEST((*log)->append("a.three", "a", 3, "\xc0").value() == 3u);
  BOOST_TEST(count() == 3u);
}
