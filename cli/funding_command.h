// `cedu funding report --year YEAR [--unit UNIT] [--format csv|xlsx|markdown]
// [--no-performance] -o FILE`: asks funding.report for the disclosure report (预算公开) of
// the district or of one unit (docs/funding.md) and writes its content to FILE atomically
// (a temporary file beside it, then a rename). Without --format, FILE's extension decides:
// .xlsx → xlsx, .csv → csv, anything else → markdown.
// Exit: 0 when written; 1 on a bus error or when FILE cannot be written; 2 for bad options.
// Thread-safety: run from the main thread.
#pragma once

#include <string>

#include "cli/context.h"

namespace cedu::cli {

struct FundingReportArgs {
  int year = 0;
  std::string unit;    // empty: the district
  std::string format;  // csv, xlsx, markdown; empty: from the file name
  bool no_performance = false;
  std::string output;
};

// The format for `args`: --format, else from the output's extension.
std::string funding_report_format(const FundingReportArgs& args);

int run_funding_report(const Context& context, const FundingReportArgs& args);

}  // namespace cedu::cli
