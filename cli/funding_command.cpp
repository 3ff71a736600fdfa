#include "cli/funding_command.h"

#include <iostream>

#include "cli/bulk_call.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"
#include "common/tabular/file_io.h"

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
  auto reply = call_running_library(context, "funding", "report", params.bytes());
  if (!reply.ok()) {
    print_bus_error(reply.status());
    return kExitFailed;
  }
  auto view = mp::MapView::of(reply->result(), "reply");
  const msgpack::object* content = view.ok() ? view->find("content") : nullptr;
  if (content == nullptr || content->type != msgpack::type::BIN) {
    print_bus_error(Status::internal("funding.report replied without its content"));
    return kExitFailed;
  }
  const std::string_view bytes(content->via.bin.ptr, content->via.bin.size);
  if (Status s = tabular::write_file_atomically(args.output, bytes); !s.is_ok()) {
    print_usage_error("cannot write " + args.output + ": " + s.message());
    return kExitFailed;
  }
  std::cout << "wrote the " << args.year << " disclosure report of "
            << view->string("unit").value_or("?") << " (" << view->int64("rows").value_or(0)
            << " units, " << format << ", " << bytes.size() << " bytes) to " << args.output
            << std::endl;
  return kExitOk;
}

}  // namespace cedu::cli
