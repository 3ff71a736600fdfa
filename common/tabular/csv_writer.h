// CSV writer: exports a table of strings as a CSV file Excel opens correctly on a
// Chinese Windows — UTF-8 with a byte-order mark (without it Excel assumes GBK), CRLF line
// ends, comma separator.
//
// Quoting: a cell is quoted ("" for a quote inside) iff it contains a comma, a quote, CR
// or LF, or starts or ends with a space or TAB (csv_reader trims those outside quotes).
//
// Formula injection: a cell that starts with = + - @ TAB or CR would be run by Excel as a
// formula ("=HYPERLINK(...)", "-2+3+cmd|' /C calc'!A0"), so it is written with a leading
// apostrophe ('=1+1), which keeps it text. Two exceptions that cannot be formulas and
// are common in our data stay as they are: plain numbers ("-5", "+8613812345678", "-0.5",
// "1e-3", "-5%") and cells of hyphens only ("-", "--", placeholders for "none"). Phone
// numbers with separators after a "+" ("+86-138-...") do get the apostrophe — otherwise
// Excel would compute them. The apostrophe is part of the cell in the file.
//
// Thread-safety: free functions without shared state; safe to call from any thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace cedu::tabular {

struct TextTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;  // written as given, even if of other widths
};

// Returns true iff Excel could read `cell` as a formula (see the top of this file).
bool needs_formula_guard(std::string_view cell);

// `cell` as it appears in the file: guarded against formulas, then quoted if needed.
std::string csv_cell(std::string_view cell);

// The whole file: BOM, header, rows, each line ending in CRLF.
// Errors: INVALID_ARGUMENT naming the row (as Excel numbers it: the header is row 1) and
// the column of a cell that is not valid UTF-8.
Result<std::string> to_csv(const TextTable& table);

// Writes to_csv(table) to `path` atomically (a temporary file beside it, then rename), so
// readers see the old file or the new one, never half of it.
Status write_csv_file(const std::string& path, const TextTable& table);

}  // namespace cedu::tabular
