// Integration: `cedu import`, `cedu export` and `cedu demo seed` — the real `cedu` binary
// against a real cedu-bus with CURVE and the real library services, on loopback with temp
// dirs: a good file, a refused row named by row and column (exit 1), a GBK file from
// Excel, CSV and XLSX exports written whole, and the demo data seeded twice without
// duplicates.
#define BOOST_TEST_MODULE cli_library
#include <boost/test/unit_test.hpp>

#include <iconv.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>

#include "tests/support/bus_fixture.h"
#include "tests/support/cli_run.h"
#include "tests/support/library_services.h"

using namespace std::chrono_literals;
using cedu::testing::binary;
using cedu::testing::BusFixture;
using cedu::testing::GrantSpec;
using cedu::testing::Process;
using cedu::testing::read_file;

namespace {

const std::vector<GrantSpec> kGrants = {
    {"service:teacher", {}, {}},
    {"service:volunteer", {"teacher.*", "course.*"}, {}},
    {"service:course", {"teacher.*", "volunteer.*"}, {}},
    {"service:project", {"teacher.*", "course.*"}, {}},
};

using Run = cedu::testing::CliRun;

// A secure bus (heartbeats at the CLI's default) and `cedu` as district-admin.
struct Bus {
  BusFixture fixture{kGrants, 1000};

  Run cedu(std::vector<std::string> args, std::chrono::milliseconds timeout = 120s) {
    return cedu::testing::run_cedu(fixture, args, timeout);
  }
  std::string write(const std::string& name, const std::string& bytes) {
    const std::string path = fixture.dir().file(name);
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
};

std::string describe(const Run& r) { return "exit " + std::to_string(r.exit_code) + "\n" + r.output; }

std::string to_gbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  BOOST_REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
  std::string in = utf8, out(utf8.size() * 2, '\0');
  char* ip = in.data();
  char* op = out.data();
  std::size_t il = in.size(), ol = out.size();
  BOOST_REQUIRE(iconv(cd, &ip, &il, &op, &ol) != static_cast<std::size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - ol);
  return out;
}

const std::string kTeachers =
    "所属镇街,姓名,师资类型,手机号码,专长类别\r\n"
    "南村镇,陈老师,专职,13800000001,文化\r\n"
    "沙湾镇,何老师,专家,13800000002,本土特色\r\n";

// The line of `cedu demo seed`'s output about `library`.
std::string line_of(const std::string& output, const std::string& library) {
  std::smatch m;
  if (std::regex_search(output, m, std::regex(library + ": [^\n]*"))) return m.str();
  return {};
}

// "N in the library" of a line.
std::string total_of(const std::string& line) {
  std::smatch m;
  if (std::regex_search(line, m, std::regex("; ([0-9]+) in the library"))) return m.str(1);
  return {};
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(import_reports_rows_and_exits_by_outcome, Bus) {
  auto svc = cedu::testing::start_library_service(fixture, "teacher");

  Run good = cedu({"import", "teacher", write("good.csv", kTeachers)});
  BOOST_TEST(good.exit_code == 0, describe(good));
  BOOST_TEST(good.output.find("2 rows (UTF-8), 2 created, 0 updated, 0 unchanged, 0 rows refused — committed") !=
                 std::string::npos, describe(good));

  // The same file again changes nothing.
  Run again = cedu({"import", "teacher", write("good.csv", kTeachers)});
  BOOST_TEST(again.exit_code == 0, describe(again));
  BOOST_TEST(again.output.find("0 created, 0 updated, 2 unchanged") != std::string::npos, describe(again));

  const std::string bad_file = write("bad.csv",
                                     "所属镇街,姓名,师资类型,手机号码\r\n"
                                     "南村镇,李老师,兼职,13800000003\r\n"
                                     "火星镇,王老师,兼职,13800000004\r\n"
                                     "南村镇,赵老师,兼职,1234\r\n");
  Run bad = cedu({"import", "teacher", bad_file});
  BOOST_TEST(bad.exit_code == 1, describe(bad));
  BOOST_TEST(bad.output.find("第 3 行, 所属镇街: unknown town '火星镇'") != std::string::npos, describe(bad));
  BOOST_TEST(bad.output.find("第 4 行, 手机号码: ") != std::string::npos, describe(bad));
  BOOST_TEST(bad.output.find("nothing was written") != std::string::npos, describe(bad));

  // A dry run of the bad file fails the same way; valid-rows keeps the good row.
  Run dry = cedu({"import", "teacher", bad_file, "--dry-run"});
  BOOST_TEST(dry.exit_code == 1, describe(dry));
  Run valid = cedu({"import", "teacher", bad_file, "--mode", "valid-rows"});
  BOOST_TEST(valid.exit_code == 1, describe(valid));
  BOOST_TEST(valid.output.find("1 created") != std::string::npos, describe(valid));
  BOOST_TEST(valid.output.find("the other rows were committed") != std::string::npos, describe(valid));

  // What Excel saves on a Chinese Windows: GBK.
  Run gbk = cedu({"import", "teacher",
                  write("gbk.csv", to_gbk("所属镇街,姓名,师资类型,手机号码\r\n石楼镇,黄老师,兼职,13800000005\r\n"))});
  BOOST_TEST(gbk.exit_code == 0, describe(gbk));
  BOOST_TEST(gbk.output.find("(GBK), 1 created") != std::string::npos, describe(gbk));

  Run missing = cedu({"import", "teacher", fixture.dir().file("nonexistent.csv")});
  BOOST_TEST(missing.exit_code == 2, describe(missing));

  // A library that is not running is named at once, not after the long bulk timeout.
  Run down = cedu({"import", "volunteer", write("v.csv", "所属镇街,姓名,手机号码\r\n南村镇,李四,13800000006\r\n")},
                  20s);
  BOOST_TEST(down.exit_code == 1, describe(down));
  BOOST_TEST(down.output.find("UNAVAILABLE") != std::string::npos, describe(down));
  BOOST_TEST(down.output.find("cedu-volunteer running?") != std::string::npos, describe(down));
}

BOOST_FIXTURE_TEST_CASE(export_writes_csv_and_xlsx_files_whole, Bus) {
  auto svc = cedu::testing::start_library_service(fixture, "teacher");
  BOOST_REQUIRE_EQUAL(cedu({"import", "teacher", write("t.csv", kTeachers)}).exit_code, 0);

  const std::string csv_path = fixture.dir().file("teachers.csv");
  Run csv = cedu({"export", "teacher", "-o", csv_path});
  BOOST_TEST(csv.exit_code == 0, describe(csv));
  BOOST_TEST(csv.output.find("wrote 2 teacher records") != std::string::npos, describe(csv));
  const std::string csv_bytes = read_file(csv_path);
  BOOST_TEST(csv_bytes.rfind("\xEF\xBB\xBF", 0) == 0u);  // the BOM Excel needs
  BOOST_TEST(csv_bytes.find("陈老师") != std::string::npos);
  BOOST_TEST(csv_bytes.find("13800000001") != std::string::npos);  // district-admin has pii

  const std::string xlsx_path = fixture.dir().file("teachers.xlsx");
  Run xlsx = cedu({"export", "teacher", "--town", "shawan", "-o", xlsx_path});
  BOOST_TEST(xlsx.exit_code == 0, describe(xlsx));
  BOOST_TEST(xlsx.output.find("wrote 1 teacher records") != std::string::npos, describe(xlsx));
  BOOST_TEST(xlsx.output.find("(xlsx,") != std::string::npos, describe(xlsx));
  BOOST_TEST(read_file(xlsx_path).rfind("PK\x03\x04", 0) == 0u);  // a zip: XLSX

  // A bad filter is the library's INVALID_ARGUMENT; no file appears.
  const std::string none = fixture.dir().file("none.csv");
  Run bad = cedu({"export", "teacher", "--status", "nonsense", "-o", none});
  BOOST_TEST(bad.exit_code == 1, describe(bad));
  BOOST_TEST(bad.output.find("INVALID_ARGUMENT") != std::string::npos, describe(bad));
  BOOST_TEST(!std::filesystem::exists(none));
}

BOOST_FIXTURE_TEST_CASE(demo_seed_twice_gives_the_same_counts, Bus) {
  std::vector<Process> services;
  for (const std::string name : {"teacher", "volunteer", "course", "project"}) {
    services.push_back(cedu::testing::start_library_service(fixture, name));
  }
  const std::vector<std::string> seed = {"demo", "seed", "--scale", "0.05", "--network",
                                         cedu::testing::network_file()};
  Run first = cedu(seed, 300s);
  BOOST_TEST(first.exit_code == 0, describe(first));
  Run second = cedu(seed, 300s);
  BOOST_TEST(second.exit_code == 0, describe(second));
  const std::map<std::string, std::string> expected = {
      {"teacher", "15"}, {"volunteer", "85"}, {"course", "60"}, {"project", "5"}};
  for (const auto& [library, count] : expected) {
    const std::string a = line_of(first.output, library), b = line_of(second.output, library);
    BOOST_TEST(total_of(a) == count, a);
    BOOST_TEST(total_of(b) == count, b);
    BOOST_TEST(a.find(count + " created") != std::string::npos, a);
    BOOST_TEST(b.find("0 created, 0 updated, " + count + " unchanged") != std::string::npos, b);
  }
  BOOST_TEST(line_of(second.output, "course").find("published 0") != std::string::npos,
             describe(second));
}

BOOST_FIXTURE_TEST_CASE(demo_seed_names_the_libraries_that_are_not_running, Bus) {
  auto teacher = cedu::testing::start_library_service(fixture, "teacher");
  Run r = cedu({"demo", "seed", "--scale", "0.05", "--network", cedu::testing::network_file()});
  BOOST_TEST(r.exit_code == 1, describe(r));
  BOOST_TEST(total_of(line_of(r.output, "teacher")) == "15", describe(r));
  for (const std::string missing : {"volunteer", "course", "project"}) {
    BOOST_TEST(r.output.find(missing + ": skipped — cedu-" + missing + " is not running") !=
                   std::string::npos, describe(r));
  }
}

BOOST_FIXTURE_TEST_CASE(call_with_an_idempotency_key_logs_hours_once, Bus) {
  auto svc = cedu::testing::start_library_service(fixture, "volunteer");
  Run created = cedu({"call", "volunteer", "create", "-c",
                      R"({"name":"何美玲","town":"nancun","phone":"13900000002"})"});
  BOOST_REQUIRE_MESSAGE(created.exit_code == 0, describe(created));
  const std::string hours =
      R"({"volunteer_id":1,"activity":"长者智能手机课助教","date":"2025-03-07","hours":2})";
  Run first = cedu({"call", "volunteer", "log_hours", "-c", "--idempotency-key", "k-1", hours});
  Run retry = cedu({"call", "volunteer", "log_hours", "-c", "--idempotency-key", "k-1", hours});
  BOOST_REQUIRE_MESSAGE(first.exit_code == 0, describe(first));
  BOOST_REQUIRE_MESSAGE(retry.exit_code == 0, describe(retry));
  BOOST_TEST(first.output.find("\"id\":1,") != std::string::npos, describe(first));
  BOOST_TEST(retry.output.find("\"id\":1,") != std::string::npos, describe(retry));  // the same entry
  Run other = cedu({"call", "volunteer", "log_hours", "-c", "--idempotency-key", "k-2", hours});
  BOOST_TEST(other.output.find("\"id\":2,") != std::string::npos, describe(other));
}
