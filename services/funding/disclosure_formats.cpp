#include "services/funding/disclosure_formats.h"

#include "common/tabular/csv_writer.h"
#include "common/tabular/xlsx_writer.h"
#include "services/funding/money.h"

namespace cedu::funding {
namespace {

std::string level_text(const std::string& level) {
  if (level == "district") return "区";
  if (level == "town") return "镇街";
  if (level == "station") return "村居";
  return "合计";
}

std::int64_t source_fen(const Totals& t, std::string_view source) {
  auto it = t.budget_by_source.find(std::string(source));
  return it == t.budget_by_source.end() ? 0 : it->second;
}

std::string md_row(const std::vector<std::string>& cells) {
  std::string out = "|";
  for (const std::string& c : cells) out += " " + c + " |";
  return out + "\n";
}

std::string md_rule(std::size_t columns) {
  std::string out = "|";
  for (std::size_t i = 0; i < columns; ++i) out += " --- |";
  return out + "\n";
}

std::string scope_title(const Disclosure& d, const std::string& district_name) {
  return d.scope.level == Level::kDistrict ? district_name : d.scope.name;
}

void performance_section(const Disclosure& d, std::string& md) {
  md += "## 五、专项资金绩效评价\n\n";
  if (!d.performance || d.system == nullptr) {
    md += "本报告未包含绩效评价。\n\n";
    return;
  }
  const PerformanceScore& s = *d.performance;
  md += "评价体系：" + d.system->name + "（第" + std::to_string(d.system->version) + "版）\n\n";
  md += "综合得分：" + yuan_text(s.score_centi) + " 分；";
  if (s.band) {
    md += "评价等级：" + s.band->name + "\n\n";
  } else {
    int missing = 0;
    for (const IndicatorScore& i : s.items) missing += i.actual.value ? 0 : 1;
    md += "评价未完成：" + std::to_string(missing) + " 项指标的实际值暂缺，暂不评定等级\n\n";
  }
  md += md_row({"指标", "维度", "权重", "目标值", "实际值", "得分", "数据来源或说明"});
  md += md_rule(7);
  for (const IndicatorScore& i : s.items) {
    const PerformanceIndicator& ind = *i.indicator;
    md += md_row({ind.name, ind.dimension + (ind.aspect.empty() ? "" : "/" + ind.aspect),
                  std::to_string(ind.weight), std::to_string(ind.target),
                  i.actual.value ? std::to_string(*i.actual.value) : "暂缺",
                  yuan_text(i.points_centi), i.actual.note});
  }
  md += "\n比率类指标以万分比计（10000 = 100%），金额类指标以分计。\n\n";
}

}  // namespace

std::vector<std::string> disclosure_header() {
  return {"单位代码",         "单位名称",         "层级",         "常住人口",
          "预算合计（元）",   "政府拨款（元）",   "社会捐赠（元）", "个人缴费（元）",
          "其他（元）",       "政府拨款占比",     "支出合计（元）", "预算执行率",
          "下拨资金（元）",   "已到位资金（元）", "资金到位率",     "人均经费（元）",
          "达到每人4元标准"};
}

std::vector<std::vector<std::string>> disclosure_cells(const Disclosure& d) {
  std::vector<std::vector<std::string>> out;
  for (const DisclosureRow& r : d.rows) {
    const Totals& t = r.totals;
    std::string per_resident, met;
    if (r.residents && *r.residents > 0) {
      per_resident = yuan_text(t.budget_fen / *r.residents);
      met = t.budget_fen >= kTargetFenPerResident * *r.residents ? "是" : "否";
    }
    out.push_back({r.unit, r.name, level_text(r.level),
                   r.residents ? std::to_string(*r.residents) : "", yuan_text(t.budget_fen),
                   yuan_text(source_fen(t, "government")), yuan_text(source_fen(t, "social_donation")),
                   yuan_text(source_fen(t, "individual_fee")), yuan_text(source_fen(t, "other")),
                   percent_text(t.source_share_bp("government")), yuan_text(t.expenditure_fen),
                   percent_text(t.execution_bp()), yuan_text(t.disbursed_fen),
                   yuan_text(t.received_fen), percent_text(t.completeness_bp()), per_resident, met});
  }
  return out;
}

Result<std::string> disclosure_csv(const Disclosure& d) {
  return tabular::to_csv({disclosure_header(), disclosure_cells(d)});
}

Result<std::string> disclosure_xlsx(const Disclosure& d) {
  std::vector<std::vector<tabular::Cell>> rows;
  for (auto& line : disclosure_cells(d)) {
    std::vector<tabular::Cell> cells(line.begin(), line.end());
    if (!line[3].empty()) cells[3] = std::stoll(line[3]);  // residents: a number
    rows.push_back(std::move(cells));
  }
  return tabular::xlsx_bytes(std::to_string(d.year) + "年预算公开", disclosure_header(), rows);
}

std::string disclosure_markdown(const Disclosure& d, const std::string& district_name) {
  const std::string title = scope_title(d, district_name);
  const Totals& total = d.rows.back().totals;
  std::string md = "# " + title + std::to_string(d.year) + "年度社区教育经费预算公开报告\n\n";
  md += "- 公开单位：" + d.scope.name + "\n- 年度：" + std::to_string(d.year) +
        "\n- 金额单位：元（由台账以分为单位精确换算）\n- 生成时间：" + d.generated_at + "（UTC）\n\n";

  md += "## 一、经费总体情况\n\n" + md_row({"项目", "金额或比率"}) + md_rule(2);
  md += md_row({"预算合计", yuan_text(total.budget_fen)});
  md += md_row({"支出合计", yuan_text(total.expenditure_fen)});
  md += md_row({"预算执行率", percent_text(total.execution_bp())});
  md += md_row({"下拨资金", yuan_text(total.disbursed_fen)});
  md += md_row({"已到位资金", yuan_text(total.received_fen)});
  md += md_row({"资金到位率", percent_text(total.completeness_bp())});
  md += "\n## 二、经费来源（政府拨一点、社会捐一点、个人出一点）\n\n";
  md += md_row({"来源", "预算（元）", "占比"}) + md_rule(3);
  for (const Term& s : sources()) {
    md += md_row({std::string(s.name), yuan_text(source_fen(total, s.id)),
                  percent_text(total.source_share_bp(std::string(s.id)))});
  }
  md += "\n## 三、人均经费（目标：每位常住人口每年不少于4元）\n\n";
  md += md_row({"单位", "常住人口", "经费（元）", "人均（元）", "是否达标"}) + md_rule(5);
  bool any = false;
  for (const auto& line : disclosure_cells(d)) {
    if (line[3].empty()) continue;
    any = true;
    md += md_row({line[1], line[3], line[4], line[15], line[16]});
  }
  if (!any) md += md_row({d.scope.name, "—", yuan_text(total.budget_fen), "—", "—"});
  md += "\n经费指各单位本年度净预算（预算减冲正），下拨资金不重复计算。\n\n";
  md += "## 四、各单位预算与执行\n\n";
  md += md_row({"单位", "预算（元）", "支出（元）", "执行率", "下拨（元）", "到位（元）", "到位率"}) + md_rule(7);
  for (const auto& line : disclosure_cells(d)) {
    md += md_row({line[1], line[4], line[10], line[11], line[12], line[13], line[14]});
  }
  md += "\n";
  performance_section(d, md);
  md += "## 六、说明\n\n本报告由 cedu-funding 根据经费台账自动生成；台账只增不改，更正以冲正记录进行。\n";
  return md;
}

std::string disclosure_filename(const Disclosure& d, const std::string& extension) {
  return d.scope.id + "-" + std::to_string(d.year) + "-预算公开." + extension;
}

}  // namespace cedu::funding
