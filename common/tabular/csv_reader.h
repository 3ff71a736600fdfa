// CSV reader: RFC 4180 parsing of the CSV files district staff save from Excel, into a
// header and rows of strings, with the row numbers Excel shows so that error messages can
// point staff at the right row.
//
// What it accepts (documented deviations from RFC 4180 are marked *):
//   - separator ',' — or, when the header line has no comma, ';' or TAB (*), detected;
//   - quoted fields with "" escapes; quoted fields may span lines;
//   - CRLF, LF or lone CR line ends, mixed freely; a trailing line end is ignored;
//   - (*) spaces (and tabs, unless TAB is the separator) around a field are trimmed;
//     inside quotes they are kept, so " a " and "\" a \"" read as "a" and " a ";
//   - (*) text between a closing quote and the next separator is kept, as Excel does
//     ("ab"c reads as abc); a quote inside an unquoted field is an ordinary character;
//   - rows shorter than the header are padded with ""; (*) empty cells beyond the header
//     are dropped (Excel writes them), non-empty ones are reported in CsvTable::problems;
//   - (*) rows whose cells are all empty (blank lines, Excel's ",,,") are skipped, but
//     still counted, so row numbers stay Excel's.
//
// Thread-safety: free functions without shared state; safe to call from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "common/tabular/encoding.h"

namespace cedu::tabular {

struct CsvOptions {
  // The field separator; '\0' detects it from the header line: ',' if it has one, else
  // ';' or '\t', whichever occurs more often; ',' if it has neither (one column).
  char separator = '\0';
  // Rows above the header to skip (a title such as "番禺区社区教育师资登记表"). Blank
  // rows before the header are skipped anyway.
  std::size_t skip_rows = 0;
  // Limits; exceeding one is INVALID_ARGUMENT. max_bytes is checked on the file's bytes
  // (parse_csv_bytes, read_csv_file), before anything is decoded.
  std::size_t max_bytes = std::size_t{64} << 20;
  std::size_t max_rows = 1'000'000;  // data rows, blank rows not counted
  std::size_t max_columns = 1'000;   // columns of the header
};

struct CsvRow {
  std::size_t line = 0;            // 1-based physical line of the file where the row starts
  std::size_t row_number = 0;      // 1-based row as Excel numbers it (the header is row 1)
  std::vector<std::string> cells;  // exactly one per header column; missing ones are ""
};

// A row with non-empty cells beyond the header's columns (often an unquoted comma inside
// a value). The row is still in CsvTable::rows, cut to the header's width; the caller
// decides whether to refuse it.
struct RowProblem {
  std::size_t row_number = 0;  // as in CsvRow
  std::size_t column = 0;      // 1-based column of the first non-empty cell beyond the header
  std::string reason;

  // "row 7, column 12: ..." — for messages to staff.
  std::string to_string() const;
};

struct CsvTable {
  std::vector<std::string> header;  // trimmed; non-empty and unique
  std::vector<CsvRow> rows;
  std::vector<RowProblem> problems;
  char separator = ',';  // the separator used (detected or given)
};

// Parses CSV text. REQUIRES: `text` is UTF-8 (to_utf8() makes it so; it is not checked
// again here). A leading byte-order mark, left by text that did not go through to_utf8(),
// is skipped.
// Errors (INVALID_ARGUMENT, the message starting "line N: " where there is a line):
// unterminated quoted field, no header row, an empty header name between other columns
// (trailing empty ones are dropped) or a duplicate one (Status::field() names the
// column), a NUL byte, more than max_columns header columns or more than max_rows rows,
// an invalid separator option.
Result<CsvTable> parse_csv(std::string_view text, const CsvOptions& options = {});

// The bytes of a CSV file, in any encoding to_utf8() knows: checks max_bytes, decodes,
// parses. Sets *detected (when not null) to the encoding found.
Result<CsvTable> parse_csv_bytes(std::string_view bytes, const CsvOptions& options = {},
                                 Encoding* detected = nullptr);

// Reads the file at `path` and parses it as parse_csv_bytes() does; error messages are
// prefixed with the path. NOT_FOUND if there is no such file; INTERNAL if it cannot be read.
Result<CsvTable> read_csv_file(const std::string& path, const CsvOptions& options = {},
                               Encoding* detected = nullptr);

}  // namespace cedu::tabular
