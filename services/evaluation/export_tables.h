// The district's results of a round as tables for staff (CSV, XLSX): the ranking (排名,
// 名称, 镇街, 总分, the level on every scale, each first-level indicator's points, 复评) or the
// towns (镇街, 在册, 已评, 达标数, 占比, 目标, 是否达标, each level's count, 整改). Column
// names and contents in Chinese; numbers stay numbers.
// Thread-safety: pure functions.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/tabular/xlsx_writer.h"
#include "services/evaluation/results_data.h"

namespace cedu::evaluation {

struct ExportTable {
  std::string sheet;  // the XLSX sheet's name: 排名 or 镇街汇总
  std::vector<std::string> header;
  std::vector<std::vector<tabular::Cell>> rows;
};

// `town_name` turns a slug into its Chinese name.
ExportTable ranking_table(const RoundResults& results,
                          const std::function<std::string(const std::string&)>& town_name);
ExportTable towns_table(const RoundResults& results,
                        const std::function<std::string(const std::string&)>& town_name);

// The table as CSV (UTF-8 with BOM, CRLF) — every cell as text, numbers as written.
Result<std::string> table_csv(const ExportTable& table);
// The table as an XLSX workbook of one sheet.
Result<std::string> table_xlsx(const ExportTable& table);

}  // namespace cedu::evaluation
