#include "cli/funding_command.h"

#include <iostream>

#include "cli/bulk_call.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"

namespace cedu::cli {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::string funding_report_format(const FundingReportArgs& args) {
  if (!args.format.empty()) return args.format;
  if (ends_with(args.output, ".xlsx")) return "xlsx";
  if (ends_with(args.output, ".csv")) return "csv";
  return "markdown";
}

int run_funding_report(const Context& context, const FundingReportArgs& args) {
  const std::string format = funding_report_format(args);
  if (format != "csv" && format != "xlsx" && format != "markdown") {
    print_usage_error("--format must be csv, xlsx or markdown, not '" + format + "'");
    return kExitUsage;
  }
  mp::MapBuilder params;
  params.set("year", args.year).set("format", format).set("performance", !args.no_performance);
  if (!args.unit.empty()) params.set("unit", args.unit);
  return save_reply_content(
      context, "funding", "report", params.bytes(), args.output,
      [&](const mp::MapView& reply, std::size_t bytes) {
        std::cout << "wrote the " << args.year << " disclosure report of "
                  << reply.string("unit").value_or("?") << " (" << reply.int64("rows").value_or(0)
                  << " units, " << format << ", " << bytes << " bytes) to " << args.output
                  << std::endl;
      });
}

}  // namespace cedu::cli
