// The disclosure report (预算公开) generated and parsed back: the CSV (UTF-8 BOM) read with
// the project's CSV reader, the XLSX unpacked with unzip, the Markdown's tables split
// again — in each the units' figures are the ledger's, exactly (yuan text back to fen), the
// towns add up to the district total, per-resident figures and the 4-yuan verdict are
// there, and the performance section shows its score, or why it has no band. Through
// funding.report: the three formats, a town and a station, a bad format refused.
#define BOOST_TEST_MODULE funding_disclosure
#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "common/msgpack/builder.h"
#include "common/tabular/csv_reader.h"
#include "services/funding/disclosure_formats.h"
#include "services/funding/funding_methods.h"
#include "services/funding/funding_test_support.h"
#include "services/funding/money.h"

using namespace cedu;
using namespace cedu::funding;
using namespace cedu::funding::testing;

namespace {

// "1234.56" → 123456.
std::int64_t fen_of(const std::string& yuan) {
  const auto dot = yuan.find('.');
  BOOST_REQUIRE_MESSAGE(dot != std::string::npos && yuan.size() == dot + 3, yuan);
  const std::int64_t whole = std::stoll(yuan.substr(0, dot)), cents = std::stoll(yuan.substr(dot + 1));
  return yuan[0] == '-' ? whole * 100 - cents : whole * 100 + cents;
}

std::string run(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  BOOST_REQUIRE(p != nullptr);
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  pclose(p);
  return out;
}

struct ReportFixture : LedgerFixture {
  ReportFixture() {
    must_post(budget("panyu", 1'000'000, "training"));
    must_post(budget("nancun", 400 * shipped_units()->network().town("nancun")->population));
    must_post(budget("nancun-01", 300'000, "teaching", "social_donation"));
    must_post(budget("shiqiao", 123'456, "teaching", "individual_fee"));
    Posted d = must_post(disburse("panyu", "nancun", 500'000));
    must_post(disburse("nancun", "nancun-01", 1, "teaching", "social_donation"));
    BOOST_REQUIRE(ledger->receive(admin, d.entry.id, "2026-03-05", "", "").ok());
    must_post(spend("nancun", 250'000));
    must_post(spend("shiqiao", 100'000, "teaching", "individual_fee"));
  }

  Disclosure district() {
    auto f = year_figures(*ledger, 2026);
    BOOST_REQUIRE(f.ok());
    figures = *f;
    const Unit scope = shipped_units()->district();
    return {2026, scope, disclosure_rows(figures, *shipped_units(), scope), nullptr, std::nullopt,
            "2026-11-29T00:00:00.000Z"};
  }
  YearFigures figures;
};

}  // namespace

BOOST_FIXTURE_TEST_CASE(the_csv_parses_back_to_the_ledgers_figures, ReportFixture) {
  const Disclosure d = district();
  auto csv = disclosure_csv(d);
  BOOST_REQUIRE(csv.ok());
  BOOST_TEST(csv->starts_with("\xEF\xBB\xBF"));  // UTF-8 BOM for Excel
  auto table = tabular::parse_csv_bytes(*csv);
  BOOST_REQUIRE_MESSAGE(table.ok(), table.status().to_string());
  BOOST_TEST(table->header == disclosure_header());
  BOOST_REQUIRE(table->rows.size() == 18u);  // the centre, 16 towns, 全区合计
  const auto& centre = table->rows.front().cells;
  BOOST_TEST(centre[0] == "panyu");
  BOOST_TEST(fen_of(centre[4]) == 1'000'000);
  std::int64_t sum = 0;
  for (std::size_t i = 0; i + 1 < table->rows.size(); ++i) sum += fen_of(table->rows[i].cells[4]);
  const auto& total = table->rows.back().cells;
  BOOST_TEST(total[1] == "全区合计");
  BOOST_TEST(fen_of(total[4]) == sum);
  BOOST_TEST(fen_of(total[4]) == figures.district().budget_fen);
  BOOST_TEST(fen_of(total[10]) == 350'000);  // expenditures
  BOOST_TEST(std::stoll(total[3]) == shipped_units()->network().population());
  for (const auto& row : table->rows) {
    if (row.cells[0] == "nancun") {
      BOOST_TEST(fen_of(row.cells[4]) == figures.town(*shipped_units(), "nancun").budget_fen);
      BOOST_TEST(fen_of(row.cells[6]) == 300'000);  // the station's social donation counts for the town
      const std::int64_t pop = shipped_units()->network().town("nancun")->population;
      BOOST_TEST(row.cells[15] == yuan_text(figures.town(*shipped_units(), "nancun").budget_fen / pop));
      BOOST_TEST(row.cells[16] == "是");
      BOOST_TEST(row.cells[14] == "100.00%");  // 500 000 + 1 issued, 500 000 received: rounded
    }
    if (row.cells[0] == "shiqiao") {
      BOOST_TEST(row.cells[7] == "1234.56");  // 个人缴费
      BOOST_TEST(row.cells[16] == "否");
      BOOST_TEST(row.cells[14] == "—");  // nothing disbursed: no ratio
    }
  }
}

BOOST_FIXTURE_TEST_CASE(the_xlsx_holds_the_same_table, ReportFixture) {
  const Disclosure d = district();
  auto xlsx = disclosure_xlsx(d);
  BOOST_REQUIRE_MESSAGE(xlsx.ok(), xlsx.status().to_string());
  const std::string path = dir.file("report.xlsx");
  std::ofstream(path, std::ios::binary) << *xlsx;
  BOOST_TEST(run("unzip -tq '" + path + "' 2>&1").find("No errors") == 0u);
  const std::string strings = run("unzip -p '" + path + "' xl/sharedStrings.xml");
  for (const char* text : {"全区合计", "南村镇", "番禺区社区学院（区本级）", "预算执行率", "1234.56"}) {
    BOOST_TEST(strings.find(text) != std::string::npos, text);
  }
  const std::string sheet = run("unzip -p '" + path + "' xl/worksheets/sheet1.xml");
  // Residents are numbers, not text.
  const std::string residents = std::to_string(shipped_units()->network().population());
  BOOST_TEST(sheet.find("<v>" + residents + "</v>") != std::string::npos);
  BOOST_TEST(run("unzip -p '" + path + "' xl/workbook.xml").find("2026年预算公开") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(the_markdown_reads_as_a_report_and_its_tables_parse_back, ReportFixture) {
  Disclosure d = district();
  const PerformanceConfig system = shipped_performance();
  d.system = &system;
  d.performance = score_performance(system, {});  // nothing available: no band
  const std::string md = disclosure_markdown(d, "番禺区");
  BOOST_TEST(md.starts_with("# 番禺区2026年度社区教育经费预算公开报告\n"));
  for (const char* heading : {"## 一、经费总体情况", "## 二、经费来源", "## 三、人均经费",
                              "## 四、各单位预算与执行", "## 五、专项资金绩效评价", "## 六、说明"}) {
    BOOST_TEST(md.find(heading) != std::string::npos, heading);
  }
  BOOST_TEST(md.find("评价未完成：10 项指标的实际值暂缺") != std::string::npos);
  // Section 四's rows: name, budget, expenditure, … — the total row is the ledger's.
  std::istringstream lines(md.substr(md.find("## 四")));
  std::string line;
  bool found = false;
  while (std::getline(lines, line)) {
    if (!line.starts_with("| 全区合计 |")) continue;
    std::vector<std::string> cells;
    std::istringstream parts(line);
    std::string cell;
    while (std::getline(parts, cell, '|')) {
      if (cell.size() > 2) cells.push_back(cell.substr(1, cell.size() - 2));
    }
    BOOST_REQUIRE(cells.size() == 7u);
    BOOST_TEST(fen_of(cells[1]) == figures.district().budget_fen);
    BOOST_TEST(fen_of(cells[2]) == 350'000);
    found = true;
    break;
  }
  BOOST_TEST(found);
  // With every actual there, the band is named.
  std::map<std::string, Actual> all;
  for (const auto& ind : system.indicators) all[ind.id] = Actual{ind.lower_is_better ? 0 : ind.target, "test"};
  d.performance = score_performance(system, all);
  BOOST_TEST(disclosure_markdown(d, "番禺区").find("综合得分：100.00 分；评价等级：优") != std::string::npos);
}

BOOST_FIXTURE_TEST_CASE(funding_report_answers_each_format_for_each_scope, ReportFixture) {
  const PerformanceConfig system = shipped_performance();
  FundingMethods methods(*ledger, system,
                         [](const Request&, std::string_view service, std::string_view, const std::string&)
                             -> Result<msgpack::object_handle> {
                           return Status::unavailable("no live worker serves " + std::string(service));
                         },
                         {});
  auto call = [&](const std::string& params) -> Result<std::string> {
    auto unpacked = mp::unpack(params, "params");
    auto view = mp::MapView::of(unpacked->get(), "params");
    Request r = library::testing::request("funding", "report", *view);
    return methods.invoke("report", r);
  };
  for (const std::string format : {"csv", "xlsx", "markdown"}) {
    auto reply = call(mp::MapBuilder().set("year", 2026).set("format", format).bytes());
    BOOST_REQUIRE_MESSAGE(reply.ok(), reply.status().to_string());
    auto h = mp::unpack(*reply, "reply");
    mp::MapView v = mp::MapView::of(h->get()).value();
    BOOST_TEST(v.int64("rows").value() == 18);
    const std::string ext = format == "markdown" ? "md" : format;
    BOOST_TEST(v.string("filename").value() == "panyu-2026-预算公开." + ext);
    const msgpack::object* content = v.find("content");
    BOOST_REQUIRE(content != nullptr);
    BOOST_TEST(content->type == msgpack::type::BIN);
    BOOST_TEST(content->via.bin.size > 100u);
  }
  auto town = call(mp::MapBuilder().set("year", 2026).set("unit", "南村镇").set("format", "csv").bytes());
  BOOST_REQUIRE_MESSAGE(town.ok(), town.status().to_string());
  auto th = mp::unpack(*town, "reply");
  BOOST_TEST(mp::MapView::of(th->get()).value().int64("rows").value() ==
             static_cast<std::int64_t>(shipped_units()->network().town("nancun")->stations.size() + 2));
  auto station = call(mp::MapBuilder().set("year", 2026).set("unit", "nancun-01").bytes());
  BOOST_REQUIRE(station.ok());
  auto sh = mp::unpack(*station, "reply");
  const msgpack::object* md = mp::MapView::of(sh->get()).value().find("content");
  BOOST_TEST(std::string(md->via.bin.ptr, md->via.bin.size).find("本报告未包含绩效评价") != std::string::npos);
  auto bad = call(mp::MapBuilder().set("year", 2026).set("format", "pdf").bytes());
  BOOST_TEST(bad.status().code() == StatusCode::kInvalidArgument);
  BOOST_TEST(bad.status().field() == "params.format");
}
