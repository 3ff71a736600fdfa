#include "services/evaluation/export_tables.h"

#include <cmath>
#include <variant>

#include "common/tabular/csv_writer.h"

namespace cedu::evaluation {
namespace {

double points(CentiPoints centi) { return static_cast<double>(centi) / 100.0; }

std::string cell_text(const tabular::Cell& c) {
  struct Visit {
    std::string operator()(std::monostate) const { return ""; }
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(std::int64_t n) const { return std::to_string(n); }
    std::string operator()(double d) const { return points_text(std::llround(d * 100)); }
    std::string operator()(bool b) const { return b ? "是" : "否"; }
  };
  return std::visit(Visit{}, c.value());
}

}  // namespace

ExportTable ranking_table(const RoundResults& r,
                          const std::function<std::string(const std::string&)>& town_name) {
  ExportTable t;
  t.sheet = "排名";
  t.header = {"排名", "组织编号", "名称", "镇街", "总分"};
  for (const Scale& s : r.standard->scales) t.header.push_back(s.name);
  for (const Indicator& i : r.standard->indicators) {
    t.header.push_back(i.name + "(" + std::to_string(i.weight) + "分)");
  }
  t.header.push_back("复评");
  for (const RankedEntry& ranked : r.summary.ranking) {
    const ResultEntry& e = *ranked.entry;
    const OrganisationResult& res = e.result;
    std::vector<tabular::Cell> row;
    row.push_back(ranked.rank > 0 ? tabular::Cell(ranked.rank) : tabular::Cell());
    row.emplace_back(e.id);
    row.emplace_back(e.name);
    row.emplace_back(town_name(e.town));
    row.push_back(res.attempt > 0 ? tabular::Cell(points(res.total)) : tabular::Cell("未完成"));
    for (const Scale& s : r.standard->scales) {
      const int level = reached_level(res, s);
      row.emplace_back(level >= 0 ? s.levels[static_cast<std::size_t>(level)].name
                                  : std::string(res.attempt > 0 ? "未达到" : ""));
    }
    for (const Indicator& i : r.standard->indicators) {
      const IndicatorScore* score = res.attempt > 0 ? res.combined.score_of(i.id) : nullptr;
      row.push_back(score != nullptr ? tabular::Cell(points(score->points)) : tabular::Cell());
    }
    row.emplace_back(res.newest > 1 ? "第" + std::to_string(res.newest) + "次评估" +
                                          (res.attempt < res.newest ? "(进行中)" : "")
                                    : std::string());
    t.rows.push_back(std::move(row));
  }
  return t;
}

ExportTable towns_table(const RoundResults& r,
                        const std::function<std::string(const std::string&)>& town_name) {
  const RoundSummary& s = r.summary;
  ExportTable t;
  t.sheet = "镇街汇总";
  t.header = {"镇街", "在册", "已评", "达标数", "占比(%)", "目标(%)", "是否达标"};
  if (s.target.scale != nullptr) {
    for (const Level& l : s.target.scale->levels) t.header.push_back(l.name);
  }
  t.header.insert(t.header.end(), {"未完成整改", "逾期整改"});
  auto add = [&](const AreaSummary& a, const std::string& name) {
    std::vector<tabular::Cell> row = {name, a.registered, a.evaluated, a.rated,
                                      static_cast<double>(a.share_bp) / 100.0};
    row.push_back(s.target.percent ? tabular::Cell(*s.target.percent) : tabular::Cell());
    row.push_back(a.meets_target ? tabular::Cell(*a.meets_target ? "达标" : "未达标")
                                 : tabular::Cell());
    for (int count : a.by_level) row.emplace_back(count);
    row.emplace_back(a.open_rectifications);
    row.emplace_back(a.overdue_rectifications);
    t.rows.push_back(std::move(row));
  };
  for (const AreaSummary& a : s.towns) add(a, town_name(a.town));
  add(s.district, "全区");
  return t;
}

Result<std::string> table_csv(const ExportTable& table) {
  tabular::TextTable text;
  text.header = table.header;
  for (const auto& row : table.rows) {
    std::vector<std::string> cells;
    for (const tabular::Cell& c : row) cells.push_back(cell_text(c));
    text.rows.push_back(std::move(cells));
  }
  return tabular::to_csv(text);
}

Result<std::string> table_xlsx(const ExportTable& table) {
  return tabular::xlsx_bytes(table.sheet, table.header, table.rows);
}

}  // namespace cedu::evaluation
