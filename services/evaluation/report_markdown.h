// The readable report of a round for district staff (评估结果报告), in Chinese Markdown:
// the round, the district's figures against the plan's target, a table per town, the
// ranking with the first-level indicators, objections and their answers, and the open
// rectification tasks (overdue ones marked). Table cells escape '|' so a name cannot break
// a table.
// Thread-safety: pure function.
#pragma once

#include <functional>
#include <string>

#include "services/evaluation/results_data.h"

namespace cedu::evaluation {

std::string report_markdown(const RoundResults& results,
                            const std::function<std::string(const std::string&)>& town_name);

}  // namespace cedu::evaluation
