#include "cli/export_command.h"

#include <iostream>

#include "cli/bulk_call.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"
#include "common/tabular/file_io.h"

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

  auto reply = call_running_library(context, args.library, "export", params.bytes());
  if (!reply.ok()) {
    print_bus_error(reply.status());
    return kExitFailed;
  }
  auto view = mp::MapView::of(reply->result(), "reply");
  const msgpack::object* content = view.ok() ? view->find("content") : nullptr;
  if (content == nullptr ||
      (content->type != msgpack::type::BIN && content->type != msgpack::type::STR)) {
    print_bus_error(Status::internal(args.library + ".export replied without its content"));
    return kExitFailed;
  }
  const std::string_view bytes = content->type == msgpack::type::BIN
                                     ? std::string_view(content->via.bin.ptr, content->via.bin.size)
                                     : std::string_view(content->via.str.ptr, content->via.str.size);
  if (Status s = tabular::write_file_atomically(args.output, bytes); !s.is_ok()) {
    print_usage_error("cannot write " + args.output + ": " + s.message());
    return kExitFailed;
  }
  const auto rows = view->optional_uint64("rows").value_or(std::nullopt);
  std::cout << "wrote " << (rows ? std::to_string(*rows) + " " : std::string()) << args.library
            << " records to " << args.output << " (" << format << ", " << bytes.size()
            << " bytes)" << std::endl;
  return kExitOk;
}

}  // namespace cedu::cli
