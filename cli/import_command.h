// `cedu import LIB FILE [--mode all-or-nothing|valid-rows] [--dry-run] [--json]`: sends a
// spreadsheet saved as CSV (UTF-8, UTF-8 with BOM or GBK, as Excel writes it) to
// <LIB>.import {format: "csv", data: <the file's bytes, MessagePack bin>, mode, dry_run}
// and prints what the library did: a summary line, every refused row as
// "第 3 行, 所属镇街: unknown town '火星镇'", and the columns it did not know. With --json
// the reply itself is printed (as `cedu call` would).
// Exit: 0 iff the import was committed with no refused row (a --dry-run: iff no row was
// refused); 1 otherwise or on a bus error; 2 for an unreadable or oversized file.
// Thread-safety: run from the main thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "cli/context.h"
#include "common/msgpack/fields.h"

namespace cedu::cli {

struct ImportArgs {
  std::string library;  // "teacher"
  std::string file;
  std::string mode = "all-or-nothing";  // or "valid-rows"
  bool dry_run = false;
  bool json = false;
};

// The reply of <lib>.import (services/library/library_io.cpp).
struct ImportReport {
  struct RowError {
    std::uint64_t row = 0;  // as Excel numbers it: the header is row 1
    std::string column;     // the file's header text; may be empty
    std::string reason;
  };
  bool committed = false;
  bool dry_run = false;
  std::string mode, encoding;
  std::uint64_t rows = 0;
  std::int64_t created = 0, updated = 0, unchanged = 0;
  std::vector<RowError> errors;
  std::vector<std::string> unknown_columns;

  // The exit code this report means (see the top of this file).
  int exit_code() const;
};

// Reads an import reply. INVALID_ARGUMENT naming the key for a reply of another shape.
Result<ImportReport> read_import_report(const mp::MapView& reply);

// The text printed for a report of importing `file` into `library`: lines ending in '\n'.
std::string describe_import(const ImportReport& report, const std::string& library,
                            const std::string& file);

int run_import(const Context& context, const ImportArgs& args);

}  // namespace cedu::cli
