// `cedu export LIB [--town T] [--category C] [--status S] [--format csv|xlsx] -o FILE`:
// asks <LIB>.export {format, town?, category?, status?} for the library's records as a
// spreadsheet (CSV: UTF-8 with BOM for Excel; XLSX) and writes its content to FILE
// atomically — a temporary file beside it, then a rename — so FILE is the old file or the
// whole new one, never half. Without --format, a FILE ending in .xlsx means xlsx, else csv.
// Personal data is masked unless the caller's principal has the `pii` right.
// Exit: 0 when written; 1 on a bus error or when FILE cannot be written; 2 for bad options.
// Thread-safety: run from the main thread.
#pragma once

#include <string>

#include "cli/context.h"

namespace cedu::cli {

struct ExportArgs {
  std::string library;
  std::string town, category, status;  // filters; empty: none
  std::string format;                  // "csv", "xlsx"; empty: from the file name
  std::string output;
};

// The format for `args`: --format, else "xlsx" iff the output ends in .xlsx, else "csv".
std::string export_format(const ExportArgs& args);

int run_export(const Context& context, const ExportArgs& args);

}  // namespace cedu::cli
