#include "services/evaluation/report_markdown.h"

#include <map>
#include <sstream>

namespace cedu::evaluation {
namespace {

// A table cell: '|' escaped, line breaks flattened.
std::string cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

void row(std::ostringstream& out, const std::vector<std::string>& cells) {
  out << '|';
  for (const std::string& c : cells) out << ' ' << cell(c) << " |";
  out << '\n';
}

void header(std::ostringstream& out, const std::vector<std::string>& cells) {
  row(out, cells);
  out << '|';
  for (std::size_t i = 0; i < cells.size(); ++i) out << " --- |";
  out << '\n';
}

std::string share_line(const AreaSummary& a, const RoundSummary& s) {
  std::string line = std::to_string(a.rated) + "/" + std::to_string(a.registered) + " = " +
                     percent_text(a.share_bp) + "%";
  if (s.target.percent) {
    line += "（目标 ≥ " + std::to_string(*s.target.percent) + "%，" +
            (!a.meets_target ? "无对象" : *a.meets_target ? "已达标" : "未达标") + "）";
  }
  return line;
}

}  // namespace

std::string report_markdown(const RoundResults& r,
                            const std::function<std::string(const std::string&)>& town_name) {
  const RoundSummary& s = r.summary;
  const std::string scale_name = s.target.scale != nullptr ? s.target.scale->name : "等级";
  std::map<std::int64_t, const ResultEntry*> by_id;
  for (const ResultEntry& e : r.entries) by_id.emplace(e.id, &e);
  auto name_of = [&](std::int64_t id) {
    auto it = by_id.find(id);
    return it != by_id.end() ? it->second->name : "组织" + std::to_string(id);
  };

  std::ostringstream out;
  out << "# " << r.round.name << " 评估结果报告\n\n";
  out << "- 评估年度：" << r.round.year << "\n";
  out << "- 评估标准：" << r.standard->name << "（第" << r.standard->version << "版）\n";
  out << "- 评估主体及权重：";
  for (std::size_t i = 0; i < r.round.evaluators.size(); ++i) {
    const EvaluatorWeight& e = r.round.evaluators[i];
    out << (i > 0 ? "、" : "") << evaluator_label(e.role) << " " << e.weight << "%";
  }
  out << "\n- 当前阶段：" << stage_label(r.round.stage) << "\n";
  out << "- 截止日期：" << r.round.deadline << "\n";
  out << "- 统计日期：" << r.today << "\n\n";

  out << "## 全区概况\n\n";
  out << "- 在册 " << s.district.registered << " 个，已评 " << s.district.evaluated << " 个\n";
  out << "- 达到" << scale_name << "：" << share_line(s.district, s) << "\n";
  if (s.target.scale != nullptr) {
    for (std::size_t i = 0; i < s.target.scale->levels.size(); ++i) {
      out << "  - " << s.target.scale->levels[i].name << "：" << s.district.by_level[i] << " 个\n";
    }
  }
  out << "- 未完成整改 " << s.district.open_rectifications << " 项，其中逾期 "
      << s.district.overdue_rectifications << " 项\n\n";

  out << "## 各镇街情况\n\n";
  std::vector<std::string> cols = {"镇街", "在册", "已评", "达标", "占比"};
  if (s.target.percent) cols.push_back("是否达标");
  cols.insert(cols.end(), {"未完成整改", "逾期整改"});
  header(out, cols);
  for (const AreaSummary& a : s.towns) {
    std::vector<std::string> cells = {town_name(a.town), std::to_string(a.registered),
                                      std::to_string(a.evaluated), std::to_string(a.rated),
                                      percent_text(a.share_bp) + "%"};
    if (s.target.percent) {
      cells.push_back(!a.meets_target ? "—" : *a.meets_target ? "达标" : "未达标");
    }
    cells.push_back(std::to_string(a.open_rectifications));
    cells.push_back(std::to_string(a.overdue_rectifications));
    row(out, cells);
  }

  out << "\n## 评估排名\n\n";
  cols = {"排名", "名称", "镇街", "总分", scale_name};
  for (const Indicator& i : r.standard->indicators) {
    cols.push_back(i.name + "(" + std::to_string(i.weight) + ")");
  }
  header(out, cols);
  for (const RankedEntry& ranked : s.ranking) {
    const ResultEntry& e = *ranked.entry;
    const OrganisationResult& res = e.result;
    std::vector<std::string> cells = {ranked.rank > 0 ? std::to_string(ranked.rank) : "—",
                                      e.name + (res.newest > 1 ? "（复评）" : ""),
                                      town_name(e.town),
                                      res.attempt > 0 ? points_text(res.total) : "未完成"};
    const int level = s.target.scale != nullptr ? reached_level(res, *s.target.scale) : -1;
    cells.push_back(level >= 0 ? s.target.scale->levels[static_cast<std::size_t>(level)].name
                               : "—");
    for (const Indicator& i : r.standard->indicators) {
      const IndicatorScore* score = res.attempt > 0 ? res.combined.score_of(i.id) : nullptr;
      cells.push_back(score != nullptr ? points_text(score->points) : "—");
    }
    row(out, cells);
  }

  out << "\n## 公示异议\n\n";
  if (r.objections.empty()) {
    out << "公示期间未收到异议。\n";
  } else {
    header(out, {"编号", "对象", "异议内容", "处理结果", "答复"});
    for (const Objection& o : r.objections) {
      row(out, {std::to_string(o.id), name_of(o.organisation_id), o.text,
                std::string(objection_status_label(o.status)), o.reply});
    }
  }

  out << "\n## 整改任务\n\n";
  if (s.open_rectifications.empty()) {
    out << "无未完成的整改任务。\n";
  } else {
    header(out, {"编号", "对象", "镇街", "责任人", "整改内容", "期限", "状态"});
    for (const Rectification& t : s.open_rectifications) {
      std::string status(rectification_status_label(t.status));
      if (rectification_overdue(t, r.today)) status += "（已逾期）";
      row(out, {std::to_string(t.id), name_of(t.organisation_id), town_name(t.town), t.owner,
                t.task, t.deadline, status});
    }
  }
  return out.str();
}

}  // namespace cedu::evaluation
