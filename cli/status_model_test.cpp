#define BOOST_TEST_MODULE cli_status_model
#include <boost/test/unit_test.hpp>

#include "cli/status_model.h"

namespace cedu::cli {
namespace {

Json error_at(const std::string& code, std::uint64_t at_ms) {
  return {{"code", code}, {"message", "database or disk is full"}, {"method", "teacher.create"},
          {"at_ms", at_ms}};
}

StatusInputs inputs() {
  StatusInputs in;
  in.now_ms = 1'800'000'000'000;
  in.stats = {{"pid", 100}, {"version", "0.1.0"}, {"uptime_s", 3720}, {"in_flight", 2},
              {"replies", 50}, {"last_error", nullptr}};
  in.services = Json::parse(R"({"services": [
    {"name": "teacher", "queue": 3, "in_flight": 2, "workers": [
      {"instance": "h:201", "version": "0.1.0", "capacity": 32, "in_flight": 1, "served": 40,
       "draining": false, "pid": 201, "started_ms": 1799999958000, "last_error": null},
      {"instance": "h:202", "version": "0.1.0", "capacity": 32, "in_flight": 1, "served": 9,
       "draining": true, "pid": 202, "started_ms": 0, "last_error": null}]}]})");
  in.expected = {{"teacher", 2}, {"course", 1}};
  return in;
}

BOOST_AUTO_TEST_CASE(rows_join_the_broker_the_workers_and_the_missing) {
  StatusInputs in = inputs();
  in.health["teacher"] = {{"instance", "h:202"}, {"uptime_s", 7}, {"last_error", error_at("RESOURCE_EXHAUSTED", 5)}};
  const Json m = status_model(in);
  const Json& rows = m["processes"];
  BOOST_REQUIRE_EQUAL(rows.size(), 5u);
  BOOST_TEST(rows[0]["process"] == "cedu-bus");
  BOOST_TEST(rows[0]["queue"] == 3);
  BOOST_TEST(rows[0]["pid"] == 100);
  BOOST_TEST(rows[1]["instance"] == "h:201");
  BOOST_TEST(rows[1]["uptime_s"] == 42);  // from started_ms
  BOOST_TEST(rows[1]["last_error"].is_null());
  BOOST_TEST(rows[2]["state"] == "draining");
  BOOST_TEST(rows[2]["uptime_s"] == 7);   // no started_ms: health's
  BOOST_TEST(rows[2]["last_error"]["code"] == "RESOURCE_EXHAUSTED");
  // A draining worker does not count toward the configured instances.
  BOOST_TEST(rows[3]["process"] == "cedu-teacher");
  BOOST_TEST(rows[3]["state"] == "missing");
  BOOST_TEST(rows[4]["process"] == "cedu-course");
  BOOST_TEST(m["healthy"] == false);
}

BOOST_AUTO_TEST_CASE(the_newer_last_error_wins) {
  StatusInputs in = inputs();
  in.expected = {};
  in.services["services"][0]["workers"][0]["last_error"] = error_at("DEADLINE_EXCEEDED", 2000);
  in.health["teacher"] = {{"instance", "h:201"}, {"last_error", error_at("INTERNAL", 1000)}};
  Json m = status_model(in);
  BOOST_TEST(m["processes"][1]["last_error"]["code"] == "DEADLINE_EXCEEDED");
  BOOST_TEST(m["healthy"] == true);
  in.health["teacher"]["last_error"] = error_at("INTERNAL", 3000);
  m = status_model(in);
  BOOST_TEST(m["processes"][1]["last_error"]["code"] == "INTERNAL");
}

BOOST_AUTO_TEST_CASE(the_table_shows_every_column) {
  StatusInputs in = inputs();
  in.stats["last_error"] = error_at("UNAVAILABLE", 1'800'000'000'000);
  const std::string table = render_status_table(status_model(in));
  BOOST_TEST(table.find("PROCESS       INSTANCE  PID  VERSION  UPTIME  QUEUE  IN-FLIGHT  SERVED  STATE     LAST ERROR") == 0u, table);
  BOOST_TEST(table.find("cedu-bus      -         100  0.1.0    1h02m   3      2          50      serving   "
                        "UNAVAILABLE teacher.create 2027-01-15T08:00:00Z: database or disk is full") != std::string::npos, table);
  BOOST_TEST(table.find("cedu-course   -         -    -        -       -      -          -       missing   -\n") != std::string::npos, table);
}

BOOST_AUTO_TEST_CASE(uptimes_read_as_people_say_them) {
  BOOST_TEST(format_uptime(42) == "42s");
  BOOST_TEST(format_uptime(61) == "1m01s");
  BOOST_TEST(format_uptime(3720) == "1h02m");
  BOOST_TEST(format_uptime(90061) == "1d01h");
}

}  // namespace
}  // namespace cedu::cli
