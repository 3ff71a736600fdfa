#include "cli/export_command.h"

#include <iostream>

#include "cli/bulk_call.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"

namespace cedu::cli {

std::string export_format(const ExportArgs& args) {
  if (!args.format.empty()) return args.format;
  const std::string& o = args.output;
  const std::string ext = ".xlsx";
  bool xlsx = o.size() >= ext.size();
  for (std::size_t i = 0; xlsx && i < ext.size(); ++i) {
    const char c = o[o.size() - ext.size() + i];
    xlsx = (c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) == ext[i];
  }
  return xlsx ? "xlsx" : "csv";
}

int run_export(const Context& context, const ExportArgs& args) {
  const std::string format = export_format(args);
  if (format != "csv" && format != "xlsx") {
    print_usage_error("--format must be csv or xlsx, not '" + format + "'");
    return kExitUsage;
  }
  mp::MapBuilder params;
  params.set("format", format);
  if (!args.town.empty()) params.set("town", args.town);
  if (!args.category.empty()) params.set("category", args.category);
  if (!args.status.empty()) params.set("status", args.status);

  return save_reply_content(
      context, args.library, "export", params.bytes(), args.output,
      [&](const mp::MapView& reply, std::size_t bytes) {
        const auto rows = reply.optional_uint64("rows").value_or(std::nullopt);
        std::cout << "wrote " << (rows ? std::to_string(*rows) + " " : std::string())
                  << args.library << " records to " << args.output << " (" << format << ", "
                  << bytes << " bytes)" << std::endl;
      });
}

}  // namespace cedu::cli
