// The district's results: the summary on fixtures of stations and towns — exact shares
// against the 20 % (star stations) and 50 % (demonstration towns) targets at and around
// them, per town and for the district, archived organisations, open and overdue
// rectifications, the ranking's ties; then a round's results, its CSV and XLSX exports and
// its Markdown report generated and read back (the CSV parsed, the XLSX opened as a zip).
#define BOOST_TEST_MODULE evaluation_results
#include "services/evaluation/round_test_fixture.h"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>

#include "common/tabular/csv_reader.h"
#include "services/evaluation/results_summary.h"

namespace {

// An organisation of `town` whose result reached level `level` (-1: none) of `scale`.
ResultEntry entry(std::int64_t id, const std::string& town, const Scale& scale, int level,
                  CentiPoints total = 9000) {
  ResultEntry e;
  e.id = id;
  e.name = "组织" + std::to_string(id);
  e.town = town;
  e.evaluated = true;
  e.result.attempt = 1;
  e.result.total = total;
  ScaleResult placed;
  placed.scale = &scale;
  placed.reached = level >= 0 ? &scale.levels[static_cast<std::size_t>(level)] : nullptr;
  e.result.combined.scales.push_back(placed);
  return e;
}

const Scale& scale_named(const Standard& standard, const std::string& id) {
  for (const Scale& s : standard.scales) {
    if (s.id == id) return s;
  }
  BOOST_FAIL("no scale " << id);
  return standard.scales.front();
}

// `rated` of `count` stations of `town` reached 一星级 or better.
void add_stations(std::vector<ResultEntry>& out, const std::string& town, int count, int rated,
                  const Scale& stars) {
  for (int i = 0; i < count; ++i) {
    out.push_back(entry(static_cast<std::int64_t>(out.size()) + 1, town, stars,
                        i < rated ? i % 5 : -1));
  }
}

// What `command` prints (stdout and stderr), through a file beside `path`.
std::string output_of(const std::string& command, const std::string& path) {
  const std::string out = path + ".out";
  (void)std::system((command + " > '" + out + "' 2>&1").c_str());
  std::ifstream in(out, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string bytes_of(const mp::MapView& reply) {
  const msgpack::object* content = reply.find("content");
  BOOST_REQUIRE(content != nullptr);
  BOOST_REQUIRE((content->type == msgpack::type::BIN));
  return std::string(content->via.bin.ptr, content->via.bin.size);
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(results_suite, Fixture)

BOOST_AUTO_TEST_CASE(star_station_shares_against_twenty_percent) {
  const Standard& station = *catalogue.get("station");
  const Scale& stars = scale_named(station, "stars");
  std::vector<ResultEntry> all;
  add_stations(all, "nancun", 10, 2, stars);    // exactly 20 %: met
  add_stations(all, "shiqiao", 10, 1, stars);   // 10 %: not met
  add_stations(all, "zhongcun", 3, 1, stars);   // 33.33 %
  ResultEntry archived = entry(900, "nancun", stars, 4);
  archived.active = false;  // ranked, not counted as registered or rated
  all.push_back(archived);
  ResultEntry unscored;
  unscored.id = 901;
  unscored.town = "zhongcun";  // registered, never evaluated
  all.push_back(unscored);
  std::vector<Rectification> tasks(3);
  tasks[0].town = "nancun";
  tasks[0].deadline = "2020-01-01";  // overdue
  tasks[1].town = "nancun";
  tasks[1].deadline = "2099-01-01";
  tasks[2].town = "nancun";
  tasks[2].deadline = "2020-01-01";
  tasks[2].status = "accepted";  // done: neither open nor overdue

  RoundSummary s = summarise(station, "station", all, {"nancun", "shiqiao", "zhongcun", "dagang"},
                             tasks, "2026-11-29");
  BOOST_TEST(s.target.scale == &stars);
  BOOST_TEST(*s.target.percent == 20);
  BOOST_REQUIRE(s.towns.size() == 4u);
  const AreaSummary& nancun = s.towns[0];
  BOOST_TEST(nancun.registered == 10);
  BOOST_TEST(nancun.evaluated == 11);  // the archived one was evaluated
  BOOST_TEST(nancun.rated == 2);
  BOOST_TEST(nancun.share_bp == 2000);
  BOOST_TEST(*nancun.meets_target);
  BOOST_TEST(nancun.by_level[0] == 1);  // one 一星级, one 二星级
  BOOST_TEST(nancun.by_level[1] == 1);
  BOOST_TEST(nancun.open_rectifications == 2);
  BOOST_TEST(nancun.overdue_rectifications == 1);
  BOOST_TEST(s.towns[1].share_bp == 1000);
  BOOST_TEST(!*s.towns[1].meets_target);
  BOOST_TEST(s.towns[2].registered == 4);
  BOOST_TEST(s.towns[2].share_bp == 2500);
  BOOST_TEST(s.towns[3].registered == 0);  // a town without stations here: no target to meet
  BOOST_TEST(s.towns[3].share_bp == 0);
  BOOST_TEST(!s.towns[3].meets_target.has_value());
  BOOST_TEST(s.district.registered == 24);
  BOOST_TEST(s.district.rated == 4);
  BOOST_TEST(s.district.share_bp == 1667);  // 16.666… % rounded half up
  BOOST_TEST(percent_text(s.district.share_bp) == "16.67");
  BOOST_TEST(s.open_rectifications.size() == 2u);
  BOOST_TEST(s.ranking.size() == 24u);  // every evaluated one, the archived included

  // The district of 336 stations: 67 rated is 19.94 % (short), 68 is 20.24 % (met).
  for (int rated : {67, 68}) {
    std::vector<ResultEntry> district;
    add_stations(district, "nancun", 336, rated, stars);
    RoundSummary d = summarise(station, "station", district, {"nancun"}, {}, "2026-11-29");
    BOOST_TEST(d.district.share_bp == (rated == 67 ? 1994 : 2024));
    BOOST_TEST(*d.district.meets_target == (rated == 68));
  }
}

BOOST_AUTO_TEST_CASE(demonstration_towns_against_fifty_percent) {
  const Standard& town = *catalogue.get("town");
  const Scale& demonstration = scale_named(town, "demonstration");
  for (int demo : {7, 8, 9}) {
    std::vector<ResultEntry> towns;
    for (int i = 0; i < 16; ++i) {
      towns.push_back(entry(i + 1, "t" + std::to_string(i), demonstration,
                            i < demo ? (i % 2) : -1));
    }
    RoundSummary s = summarise(town, "town", towns, {"t0", "t15"}, {}, "2026-11-29");
    BOOST_TEST(s.target.scale == &demonstration);
    BOOST_TEST(*s.target.percent == 50);
    BOOST_TEST(s.district.share_bp == demo * 10000 / 16);  // 43.75, 50.00, 56.25
    BOOST_TEST(*s.district.meets_target == (demo >= 8));
    BOOST_TEST(s.district.by_level[0] + s.district.by_level[1] == demo);
    BOOST_TEST(*s.towns[0].meets_target);    // t0 is provincial: 1 of 1
    BOOST_TEST(!*s.towns[1].meets_target);   // t15 is not: 0 of 1
  }
}

BOOST_AUTO_TEST_CASE(other_types_have_a_creation_rate_and_ties_share_a_rank) {
  const Standard& family_standard = *catalogue.get("family");
  const Scale& grade = family_standard.scales.front();
  std::vector<ResultEntry> families = {entry(1, "nancun", grade, 2, 9500),
                                       entry(2, "nancun", grade, 0, 6500),
                                       entry(3, "nancun", grade, 2, 9500),
                                       entry(4, "nancun", grade, -1, 5000)};
  families.push_back(ResultEntry{5, "未完成", "nancun", "", true, true, {}});
  RoundSummary s = summarise(family_standard, "family", families, {"nancun"}, {}, "2026-11-29");
  BOOST_TEST(!s.target.percent.has_value());
  BOOST_TEST(!s.district.meets_target.has_value());
  BOOST_TEST(s.district.rated == 3);
  BOOST_TEST(s.district.share_bp == 6000);  // the creation rate: 3 of 5
  BOOST_REQUIRE(s.ranking.size() == 5u);
  BOOST_TEST(s.ranking[0].entry->id == 1);
  BOOST_TEST(s.ranking[0].rank == 1);
  BOOST_TEST(s.ranking[1].entry->id == 3);
  BOOST_TEST(s.ranking[1].rank == 1);  // a tie
  BOOST_TEST(s.ranking[2].rank == 3);
  BOOST_TEST(s.ranking[3].rank == 4);
  BOOST_TEST(s.ranking[4].entry->id == 5);
  BOOST_TEST(s.ranking[4].rank == 0);  // no complete result: unranked, last
}

BOOST_AUTO_TEST_CASE(a_rounds_results_exports_and_report_read_back) {
  const auto chen = family_in("nancun", "陈家");
  const auto li = family_in("nancun", "李家|王家");  // a '|' the report must escape
  const auto he = family_in("shiqiao", "何家");
  family_in("shiqiao", "未评家庭");  // registered, not evaluated
  const auto round = open_round();
  score_all(round, chen, 80);   // 98
  score_all(round, li);         // 100
  mp::MapBuilder poor = full_marks(family, "family_plan");
  poor.set("family_plan", false);
  BOOST_REQUIRE(score(round, he, "self", poor).ok());
  BOOST_REQUIRE(score(round, he, "town", poor).ok());
  BOOST_REQUIRE(satisfaction(round, he, 50).ok());  // 27 + 54 + 5 = 86: 良好
  advance_to(round, 1, "published");
  auto task = call("rectification_create",
                   mp::MapBuilder().set("round_id", round).set("organisation_id", he)
                       .set("owner", "石碁镇 何主任").set("task", "制定家庭学习计划")
                       .set("deadline", "2020-06-30").bytes());
  BOOST_REQUIRE(task.ok());

  auto got = call("results", mp::MapBuilder().set("round_id", round).bytes());
  BOOST_REQUIRE_MESSAGE(got.ok(), got.status().to_string());
  mp::MapView r = view(*got);
  BOOST_TEST(r.find("target_percent")->type == msgpack::type::NIL);
  mp::MapView district = r.map("district").value();
  BOOST_TEST(district.int64("registered").value() == 4);
  BOOST_TEST(district.int64("evaluated").value() == 3);
  BOOST_TEST(district.int64("rated").value() == 3);
  BOOST_TEST(district.number("share").value() == 75.0);
  BOOST_TEST(district.int64("overdue_rectifications").value() == 1);
  const msgpack::object* ranking = r.array("ranking").value();
  BOOST_REQUIRE(ranking->via.array.size == 3u);
  BOOST_TEST(item_of(ranking, 0).int64("organisation_id").value() == li);
  BOOST_TEST(item_of(ranking, 2).number("total").value() == 86.0);
  BOOST_TEST(item_of(ranking, 2).array("indicators").value()->via.array.size == 3u);
  BOOST_TEST(r.array("open_rectifications").value()->via.array.size == 1u);

  // CSV: parsed back, the ranking in order with Chinese headers.
  auto csv = call("export", mp::MapBuilder().set("round_id", round).set("format", "csv").bytes());
  BOOST_REQUIRE_MESSAGE(csv.ok(), csv.status().to_string());
  const std::string csv_bytes = bytes_of(view(*csv));
  BOOST_TEST(csv_bytes.rfind("\xEF\xBB\xBF", 0) == 0u);  // the BOM Excel needs
  auto table = cedu::tabular::parse_csv_bytes(csv_bytes);
  BOOST_REQUIRE_MESSAGE(table.ok(), table.status().to_string());
  BOOST_TEST(table->header[0] == "排名");
  BOOST_TEST(table->header[4] == "总分");
  BOOST_REQUIRE(table->rows.size() == 3u);
  BOOST_TEST(table->rows[0].cells[2] == "李家|王家");
  BOOST_TEST(table->rows[0].cells[4] == "100");
  BOOST_TEST(table->rows[1].cells[3] == "南村镇");
  BOOST_TEST(table->rows[2].cells[4] == "86");
  BOOST_TEST(table->rows[2].cells[5] == "良好");
  auto towns = call("export", mp::MapBuilder().set("round_id", round).set("format", "csv")
                                  .set("table", "towns").bytes());
  BOOST_REQUIRE(towns.ok());
  auto town_rows = cedu::tabular::parse_csv_bytes(bytes_of(view(*towns)));
  BOOST_REQUIRE(town_rows.ok());
  BOOST_TEST(town_rows->rows.back().cells[0] == "全区");
  BOOST_TEST(town_rows->rows.back().cells[4] == "75");

  // XLSX: a valid zip holding the sheet.
  auto xlsx = call("export", mp::MapBuilder().set("round_id", round).set("format", "xlsx").bytes());
  BOOST_REQUIRE_MESSAGE(xlsx.ok(), xlsx.status().to_string());
  BOOST_TEST(view(*xlsx).int64("rows").value() == 3);
  const std::string path = dir.file("results.xlsx");
  std::ofstream(path, std::ios::binary) << bytes_of(view(*xlsx));
  auto unzip = [&](const std::string& args) { return output_of("unzip " + args, path); };
  BOOST_REQUIRE_MESSAGE(output_of("command -v unzip", path) != "",
                        "this test opens the .xlsx with unzip");
  BOOST_TEST(unzip("-tq '" + path + "'").find("No errors") == 0u);
  BOOST_TEST(unzip("-Z1 '" + path + "'").find("xl/worksheets/sheet1.xml") != std::string::npos);
  BOOST_TEST(unzip("-p '" + path + "' xl/workbook.xml").find("name=\"排名\"") !=
             std::string::npos);
  BOOST_TEST(unzip("-p '" + path + "' xl/sharedStrings.xml").find("李家|王家") !=
             std::string::npos);

  // The report: Chinese Markdown with every section, the '|' escaped, the overdue task marked.
  auto md = call("export", mp::MapBuilder().set("round_id", round).set("format", "markdown").bytes());
  BOOST_REQUIRE(md.ok());
  const std::string report = bytes_of(view(*md));
  for (const char* part : {"# 2026年度学习型家庭评估 评估结果报告", "## 全区概况", "## 各镇街情况",
                           "## 评估排名", "## 公示异议", "## 整改任务", "李家\\|王家",
                           "| 1 | 李家\\|王家 | 南村镇 | 100 |", "（已逾期）", "3/4 = 75.00%"}) {
    BOOST_TEST(report.find(part) != std::string::npos, part);
  }

  auto bad = call("export", mp::MapBuilder().set("round_id", round).set("format", "pdf").bytes());
  BOOST_TEST(bad.status().field() == "params.format");
  auto table_md = call("export", mp::MapBuilder().set("round_id", round).set("format", "markdown")
                                     .set("table", "towns").bytes());
  BOOST_TEST(table_md.status().field() == "params.table");
  auto missing = call("results", mp::MapBuilder().set("round_id", 999).bytes());
  BOOST_TEST((missing.status().code() == StatusCode::kNotFound));
  BOOST_TEST(missing.status().field() == "params.round_id");
}

BOOST_AUTO_TEST_CASE(a_years_results_by_kind_of_organisation) {
  auto registered = register_network(*library, *network);  // the towns and stations
  BOOST_REQUIRE_MESSAGE(registered.ok(), registered.status().to_string());
  const auto chen = family_in("nancun", "陈家");
  const auto li = family_in("shiqiao", "李家");
  family_in("shiqiao", "何家");  // registered, not evaluated
  const auto round = open_round();
  score_all(round, chen);
  score_all(round, li);
  advance_to(round, 1, "published");
  const auto draft = open_round();  // newer, but not published: not what the year shows
  score_all(draft, chen);

  auto year = call("results", mp::MapBuilder().set("year", 2026).bytes());
  BOOST_REQUIRE_MESSAGE(year.ok(), year.status().to_string());
  const msgpack::object* types = view(*year).array("types").value();
  BOOST_REQUIRE(types->via.array.size == 6u);
  std::map<std::string, mp::MapView> by_type;
  for (std::uint32_t i = 0; i < types->via.array.size; ++i) {
    by_type.emplace(item_of(types, i).string("type").value(), item_of(types, i));
  }
  mp::MapView families = by_type.at("family");
  BOOST_TEST(families.map("round").value().int64("id").value() == round);
  mp::MapView fd = families.map("district").value();
  BOOST_TEST(fd.int64("registered").value() == 3);
  BOOST_TEST(fd.int64("rated").value() == 2);
  BOOST_TEST(fd.number("share").value() == 66.67);  // the creation rate
  BOOST_TEST(families.find("target_percent")->type == msgpack::type::NIL);

  // No station round yet: every station of the network counted, none rated, the 20 %
  // target not met; the towns likewise against 50 %.
  mp::MapView stations = by_type.at("station");
  BOOST_TEST(stations.find("round")->type == msgpack::type::NIL);
  BOOST_TEST(stations.int64("target_percent").value() == 20);
  mp::MapView sd = stations.map("district").value();
  std::size_t network_stations = 0;
  for (const cedu::config::Town& t : network->towns) network_stations += t.stations.size();
  BOOST_TEST(sd.int64("registered").value() == static_cast<std::int64_t>(network_stations));
  BOOST_TEST(sd.int64("rated").value() == 0);
  BOOST_TEST(sd.boolean("meets_target").value() == false);
  mp::MapView towns = by_type.at("town");
  BOOST_TEST(towns.int64("target_percent").value() == 50);
  BOOST_TEST(towns.map("district").value().int64("registered").value() ==
             static_cast<std::int64_t>(network->towns.size()));

  auto both = call("results", mp::MapBuilder().set("year", 2026).set("round_id", round).bytes());
  BOOST_TEST((both.status().code() == StatusCode::kInvalidArgument));
  BOOST_TEST(both.status().field() == "params.round_id");
  auto bad_year = call("results", mp::MapBuilder().set("year", 1999).bytes());
  BOOST_TEST(bad_year.status().field() == "params.year");
}

BOOST_AUTO_TEST_SUITE_END()
