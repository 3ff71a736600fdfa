// The annual disclosure report (预算公开) of a unit or of the district: per unit its
// budget by source, expenditure and execution rate, disbursements issued and received and
// their completeness, funding per resident against 4 yuan where residents are known, and
// the performance evaluation of the scope — as rows (disclosure_rows) and as the files a
// district publishes (CSV with a UTF-8 BOM, XLSX, a Chinese Markdown document;
// disclosure_formats.h). Amounts are yuan written from integer fen ("1234.56"): exact.
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "services/funding/figures.h"
#include "services/funding/performance_score.h"

namespace cedu::funding {

struct DisclosureRow {
  std::string unit;   // id; empty for a total row
  std::string name;   // 南村镇, or 全区合计 / 合计
  std::string level;  // district, town, station, total
  std::optional<std::int64_t> residents;  // towns and the district total
  Totals totals;      // a town's row: the town and its stations
};

struct Disclosure {
  int year = 0;
  Unit scope;
  std::vector<DisclosureRow> rows;  // the units of the scope, then its total
  const PerformanceConfig* system = nullptr;    // set iff performance was evaluated
  std::optional<PerformanceScore> performance;
  std::string generated_at;                     // UTC
};

// The district: its centre (区本级), every town (with its stations), 全区合计. A town: the
// town itself (本级), each station, 合计 (the town and its stations). A station: itself.
std::vector<DisclosureRow> disclosure_rows(const YearFigures& figures, const Units& units,
                                           const Unit& scope);

}  // namespace cedu::funding
