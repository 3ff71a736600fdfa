// cedu-funding over the real bus with CURVE, beside the real cedu-project: postings with
// their events (funding.posted, funding.disbursed, funding.overrun, funding.received), a
// project checked over the bus (found, unknown: NOT_FOUND params.project_id; the project
// service down: UNAVAILABLE within the deadline and nothing posted), a retried posting
// with the same idempotency key posted once, refusals keeping code and field across the
// bus, the broker's ACL, and funding.per_resident and funding.summary on the shipped
// network; the ledger kept across a restart; a year's close retried with its idempotency
// key answers as the first, without it FAILED_PRECONDITION. funding.performance counts the
// completions of a real cedu-course. `cedu funding report` writes the disclosure report in
// each format, read back. A bad indicator system stops it at start with file:line.
#define BOOST_TEST_MODULE funding_bus
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "common/tabular/csv_reader.h"
#include "tests/support/bus_fixture.h"
#include "tests/support/library_services.h"
#include "tests/support/library_test_helpers.h"

using namespace std::chrono_literals;
using cedu::StatusCode;
using namespace cedu::testing;
namespace mp = cedu::mp;

namespace {

const std::vector<GrantSpec> kGrants = {
    {"service:funding", {"project.get", "course.activity", "course.participants"}, {}},
    {"service:project", {}, {}},
    {"service:course", {}, {}},
    {"town-admin:nancun", {"funding.post", "funding.receive", "funding.per_resident"}, {}},
};

mp::MapBuilder posting(const std::string& kind, const std::string& unit, std::int64_t fen) {
  mp::MapBuilder b;
  b.set("kind", kind).set("unit", unit).set("year", 2026).set("category", "projects")
      .set("source", "government").set("amount_fen", fen).set("date", "2026-03-01")
      .set("document", "番财教〔2026〕15号");
  return b;
}

std::string project() {
  return mp::MapBuilder()
      .set("title", "南村镇家庭教育课题").set("town", "nancun").set("kind", "research")
      .set("level", "district").set("owner_unit", "南村镇社区教育学校")
      .set("budget_fen", std::int64_t{2'000'000}).set("year", 2026)
      .set("start_date", "2026-03-01").set("end_date", "2026-12-31")
      .set("contact", "梁老师").set("contact_phone", "13912345678").bytes();
}

std::int64_t entry_count(cedu::Client& client) {
  auto r = client.call("funding", "entries", mp::MapBuilder().set("limit", 1000).bytes());
  BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
  return items_of(*r);
}

// cedu-funding with the shipped indicator system (its default path is relative to the
// working directory, which is the build tree here).
Process start_funding(BusFixture& bus, const std::string& database = {}) {
  return start_library_service(
      bus, "funding", {"--performance", source_path("configs/funding/performance.yaml")}, database);
}

}  // namespace

BOOST_AUTO_TEST_CASE(posts_checks_projects_over_the_bus_and_serves_the_figures) {
  BusFixture bus(kGrants);
  auto project_svc = start_library_service(bus, "project");
  auto funding_svc = start_funding(bus);
  auto admin = bus.client();
  std::vector<std::string> topics;
  BOOST_REQUIRE(admin->subscribe("funding.", std::nullopt, [&](const cedu::Event& e) {
                       topics.push_back(e.topic);
                     }).is_ok());

  auto created = admin->call("project", "create", project());
  BOOST_REQUIRE_MESSAGE(created.ok(), created.status().to_string());
  const std::int64_t project_id = view(*created).int64("id").value();

  // A budget for the project; the project is checked over the bus.
  auto b = admin->call("funding", "post",
                       posting("budget", "nancun", 500'000).set("project_id", project_id).bytes());
  BOOST_REQUIRE_MESSAGE(b.ok(), b.status().to_string());
  BOOST_TEST(view(*b).int64("project_id").value() == project_id);
  BOOST_TEST(view(*b).string("principal").value() == "district-admin");
  auto unknown = admin->call("funding", "post",
                             posting("budget", "nancun", 100).set("project_id", project_id + 99).bytes());
  BOOST_TEST(unknown.status().code() == StatusCode::kNotFound, unknown.status().to_string());
  BOOST_TEST(unknown.status().field() == "params.project_id");

  // A retried posting with the same idempotency key posts once.
  cedu::CallOptions keyed;
  keyed.idempotency_key = "disburse-nancun-1";
  auto d1 = admin->call("funding", "post", posting("disbursement", "nancun", 300'000).set("payer", "panyu").bytes(), keyed);
  auto d2 = admin->call("funding", "post", posting("disbursement", "nancun", 300'000).set("payer", "panyu").bytes(), keyed);
  BOOST_REQUIRE_MESSAGE(d1.ok() && d2.ok(), d1.status().to_string() + " / " + d2.status().to_string());
  BOOST_TEST(view(*d2).int64("id").value() == view(*d1).int64("id").value());
  BOOST_TEST(view(*d2).boolean("replay").value());

  // A refusal keeps its code and field across the bus; a non-integer amount too.
  auto above = admin->call("funding", "post", posting("disbursement", "nancun", 200'001).set("payer", "panyu").bytes());
  BOOST_TEST(above.status().code() == StatusCode::kFailedPrecondition);
  BOOST_TEST(above.status().field() == "params.amount_fen");
  auto fraction = admin->call("funding", "post", posting("budget", "nancun", 0).set("amount_fen", 1.5).bytes());
  BOOST_TEST(fraction.status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(fraction.status().field() == "params.amount_fen");

  // The town receives its disbursement and spends over its line with an approval.
  auto town = bus.client_as("town-admin:nancun");
  auto got = town->call("funding", "receive", mp::MapBuilder().set("disbursement_id", view(*d1).int64("id").value())
                                                   .set("received_on", "2026-03-08").bytes());
  BOOST_REQUIRE_MESSAGE(got.ok(), got.status().to_string());
  BOOST_TEST(view(*got).int64("days_to_arrive").value() == 7);
  auto over = town->call("funding", "post", posting("expenditure", "nancun", 520'000)
                                                .set("approved_overrun", true)
                                                .set("overrun_approval", "番教批〔2026〕2号").bytes());
  BOOST_REQUIRE_MESSAGE(over.ok(), over.status().to_string());
  BOOST_TEST(view(*over).string("principal").value() == "town-admin:nancun");
  // The broker's ACL: the town may not close the year; its row rule: not post for another town.
  auto close = town->call("funding", "close_year", mp::MapBuilder().set("year", 2026).bytes());
  BOOST_TEST(close.status().code() == StatusCode::kPermissionDenied);
  auto elsewhere = town->call("funding", "post", posting("budget", "shiqiao", 100).bytes());
  BOOST_TEST(elsewhere.status().code() == StatusCode::kPermissionDenied);

  BOOST_TEST(poll_until(*admin, [&] { return topics.size() >= 6u; }));
  BOOST_TEST(topics == std::vector<std::string>({"funding.posted", "funding.posted", "funding.disbursed",
                                                 "funding.received", "funding.posted", "funding.overrun"}));

  auto figures = town->call("funding", "per_resident", mp::MapBuilder().set("year", 2026).bytes());
  BOOST_REQUIRE_MESSAGE(figures.ok(), figures.status().to_string());
  BOOST_TEST(items_of(*figures, "towns") == 16u);
  mp::MapView district = view(*figures).map("district").value();
  BOOST_TEST(district.int64("funding_fen").value() == 500'000);
  BOOST_TEST(district.int64("target_fen").value() == 400);
  auto summary = admin->call("funding", "summary", mp::MapBuilder().set("year", 2026).set("unit", "nancun").bytes());
  BOOST_REQUIRE_MESSAGE(summary.ok(), summary.status().to_string());
  BOOST_TEST(view(*summary).int64("execution_bp").value() == 10400);
  BOOST_TEST(view(*summary).int64("completeness_bp").value() == 10000);

  // The project service down: UNAVAILABLE within the deadline, nothing posted.
  const std::int64_t before = entry_count(*admin);
  project_svc.stop();
  cedu::CallOptions soon;
  soon.timeout = 2000ms;
  const auto start = std::chrono::steady_clock::now();
  auto down = admin->call("funding", "post",
                          posting("budget", "nancun", 100).set("project_id", project_id).bytes(), soon);
  const auto took = std::chrono::steady_clock::now() - start;
  BOOST_TEST(down.status().code() == StatusCode::kUnavailable, down.status().to_string());
  BOOST_TEST(took < 3000ms);  // the 2 s deadline, the client's grace, a loaded machine
  BOOST_TEST(entry_count(*admin) == before);

  // The ledger survives a restart of the service.
  funding_svc.stop();
  auto again = start_funding(bus);
  BOOST_TEST(entry_count(*admin) == before);

  // Closing the year, the reply lost: the retry with the same key gets the first answer;
  // without the key the year is closed already.
  cedu::CallOptions close_key;
  close_key.idempotency_key = "close-2026";
  const std::string year_2026 = mp::MapBuilder().set("year", 2026).bytes();
  auto closed = admin->call("funding", "close_year", year_2026, close_key);
  BOOST_REQUIRE_MESSAGE(closed.ok(), closed.status().to_string());
  BOOST_TEST(!view(*closed).boolean("replay").value());
  auto retried = admin->call("funding", "close_year", year_2026, close_key);
  BOOST_REQUIRE_MESSAGE(retried.ok(), retried.status().to_string());
  BOOST_TEST(view(*retried).boolean("replay").value());
  BOOST_TEST(view(*retried).int64("year").value() == 2026);
  auto unkeyed = admin->call("funding", "close_year", year_2026);
  BOOST_TEST(unkeyed.status().code() == StatusCode::kFailedPrecondition, unkeyed.status().to_string());
  BOOST_TEST(unkeyed.status().field() == "params.year");
  BOOST_TEST(poll_until(*admin, [&] { return topics.size() >= 7u; }));
  BOOST_TEST(std::count(topics.begin(), topics.end(), "funding.year_closed") == 1);
}

BOOST_AUTO_TEST_CASE(the_performance_evaluation_counts_completions_of_the_course_library) {
  BusFixture bus(kGrants);
  auto course_svc = start_library_service(bus, "course");
  auto funding_svc = start_funding(bus);
  auto admin = bus.client();
  auto ok = [](const cedu::Result<cedu::Reply>& r) {
    BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
    return view(*r);
  };
  const std::int64_t course_id = id_of(admin->call(
      "course", "create",
      mp::MapBuilder().set("title", "粤剧欣赏").set("town", "nancun").set("category", "local")
          .set("hours", 8).bytes()));
  ok(admin->call("course", "publish", mp::MapBuilder().set("id", course_id).set("version", 1).bytes()));
  auto enrol = [&](const std::string& phone) {
    return id_of(admin->call("course", "enrol",
                             mp::MapBuilder().set("course_id", course_id).set("name", "陈伯")
                                 .set("phone", phone).set("town", "nancun").set("birth_year", 1955)
                                 .bytes()));
  };
  const std::int64_t finished = enrol("13900000001");
  enrol("13900000002");  // still learning: not a completion
  ok(admin->call("course", "complete", mp::MapBuilder().set("enrolment_id", finished).bytes()));
  // The course library's year (China time) is the year the completion counts in.
  const std::int64_t year = ok(admin->call("course", "activity", mp::MapBuilder().bytes())).int64("year").value();

  auto evaluation = [&](const std::string& town) {
    auto r = admin->call("funding", "performance",
                         mp::MapBuilder().set("year", year).set("town", town).bytes());
    BOOST_REQUIRE_MESSAGE(r.ok(), r.status().to_string());
    const msgpack::object* indicators = view(*r).array("indicators").value();
    for (std::uint32_t i = 0; i < indicators->via.array.size; ++i) {
      mp::MapView ind = item(indicators, i);
      if (ind.string("id").value() == "completions") {
        BOOST_TEST(ind.boolean("available").value(), ind.string("note").value());
        BOOST_TEST(ind.string("note").value() == "course.activity");
        return ind.int64("actual").value();
      }
    }
    BOOST_FAIL("no completions indicator in the shipped system");
    return std::int64_t{-1};
  };
  BOOST_TEST(evaluation("nancun") == 1);
  BOOST_TEST(evaluation("shiqiao") == 0);  // the course is Nancun's
}

BOOST_AUTO_TEST_CASE(the_cli_writes_the_disclosure_report) {
  BusFixture bus(kGrants);
  auto funding_svc = start_funding(bus);
  auto admin = bus.client();
  BOOST_REQUIRE(admin->call("funding", "post", posting("budget", "nancun", 1'234'567).bytes()).ok());
  BOOST_REQUIRE(admin->call("funding", "post", posting("expenditure", "nancun", 234'567).bytes()).ok());
  auto cedu = [&](const std::vector<std::string>& args, const std::string& log) {
    std::vector<std::string> argv = {binary("cedu"), "--endpoint", bus.endpoint(), "--keys",
                                     bus.dir().file("keys"), "--as", "district-admin"};
    argv.insert(argv.end(), args.begin(), args.end());
    Process p = Process::spawn(argv, bus.dir().file(log));
    return p.wait(60s).value_or(-1);
  };
  const std::string csv = bus.dir().file("report.csv"), xlsx = bus.dir().file("report.xlsx"),
                    md = bus.dir().file("report.md");
  for (const std::string& out : {csv, xlsx, md}) {
    const int code = cedu({"funding", "report", "--year", "2026", "--no-performance", "-o", out}, "cli.log");
    BOOST_TEST(code == 0, read_file(bus.dir().file("cli.log")));
    BOOST_TEST(std::filesystem::file_size(out) > 100u);
  }
  auto table = cedu::tabular::read_csv_file(csv);
  BOOST_REQUIRE_MESSAGE(table.ok(), table.status().to_string());
  BOOST_TEST(table->rows.back().cells[1] == "全区合计");
  BOOST_TEST(table->rows.back().cells[4] == "12345.67");
  BOOST_TEST(table->rows.back().cells[10] == "2345.67");
  BOOST_TEST(read_file(xlsx).starts_with("PK"));  // a zip
  const std::string text = read_file(md);
  BOOST_TEST(text.starts_with("# 番禺区2026年度社区教育经费预算公开报告"));
  BOOST_TEST(text.find("本报告未包含绩效评价") != std::string::npos);
  // A bad unit is refused with its field; nothing is written.
  const std::string none = bus.dir().file("none.md");
  BOOST_TEST(cedu({"funding", "report", "--year", "2026", "--unit", "atlantis", "-o", none}, "bad.log") == 1);
  BOOST_TEST(read_file(bus.dir().file("bad.log")).find("params.unit") != std::string::npos,
             read_file(bus.dir().file("bad.log")));
  BOOST_TEST(!std::filesystem::exists(none));
}

BOOST_AUTO_TEST_CASE(a_bad_indicator_system_stops_the_start_with_file_and_line) {
  BusFixture bus(kGrants);
  const std::string bad = bus.dir().file("performance.yaml");
  std::string text = read_file(source_path("configs/funding/performance.yaml"));
  const std::string from = "    weight: 15\n    measure: per_resident";
  BOOST_REQUIRE(text.find(from) != std::string::npos);
  text.replace(text.find(from), from.size(), "    weight: 15\n    measure: happiness");
  std::ofstream(bad) << text;
  Process p = Process::spawn({binary("cedu-funding"), "--insecure", "--endpoint", bus.endpoint(),
                              "--network", source_path("configs/network.yaml"), "--performance", bad,
                              "--database", bus.dir().file("never.db")},
                             bus.dir().file("bad-start.log"));
  BOOST_TEST(p.wait(10s).value_or(-1) == 2);
  const std::string log = read_file(bus.dir().file("bad-start.log"));
  BOOST_TEST(log.find(bad + ":") != std::string::npos, log);
  BOOST_TEST(log.find("indicators[0].measure: must be one of") != std::string::npos, log);
  BOOST_TEST(!std::filesystem::exists(bus.dir().file("never.db")));
}
