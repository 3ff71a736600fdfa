// XLSX writer: one-sheet Excel exports through libxlsxwriter — the header row bold and
// frozen, column widths from the content (CJK characters count double), integers shown
// without scientific notation. Cells are typed (Cell), so numbers stay numbers in Excel.
//
// Integers beyond ±2^53 are written as text: Excel keeps numbers as doubles and would
// round them. IDs such as ID-card numbers belong in string cells anyway.
//
// Thread-safety: each call builds its own workbook and libxlsxwriter keeps its state per
// workbook, so calls may run concurrently.
#pragma once

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/result.h"

namespace cedu::tabular {

// One cell: empty, text, integer, real number or boolean.
class Cell {
 public:
  using Value = std::variant<std::monostate, std::string, std::int64_t, double, bool>;

  Cell() = default;                                 // empty
  Cell(std::string s) : v_(std::move(s)) {}         // NOLINT: implicit by design, as below
  Cell(std::string_view s) : v_(std::string(s)) {}  // NOLINT
  Cell(const char* s) : v_(std::string(s)) {}       // NOLINT
  template <std::integral T>
  requires(!std::same_as<T, bool> && !std::same_as<T, char>) Cell(T v)
      : v_(static_cast<std::int64_t>(v)) {}  // NOLINT
  Cell(double v) : v_(v) {}                  // NOLINT
  Cell(bool v) : v_(v) {}                    // NOLINT

  const Value& value() const { return v_; }
  bool empty() const { return std::holds_alternative<std::monostate>(v_); }

  friend bool operator==(const Cell&, const Cell&) = default;

 private:
  Value v_;
};

// Returns OK iff Excel accepts `name` as a sheet name: 1 to 31 characters of valid UTF-8,
// none of [ ] : * ? / \, not starting or ending with an apostrophe.
Status check_sheet_name(std::string_view name);

// Writes a workbook with one sheet to `path`, atomically (a temporary file beside it,
// then rename). Rows may be shorter or longer than the header.
// Errors: INVALID_ARGUMENT for a bad sheet name (field "sheet_name"), more rows or
// columns than Excel has, a string that is not UTF-8 or longer than Excel's 32,767
// characters, a NaN or infinite number (the message names the row as Excel numbers it,
// and the column); INTERNAL for I/O and libxlsxwriter failures.
Status write_xlsx_file(const std::string& path, const std::string& sheet_name,
                       const std::vector<std::string>& header,
                       const std::vector<std::vector<Cell>>& rows);

// The same workbook as bytes (for exports sent over the bus): written to a temporary file,
// read back, removed.
Result<std::string> xlsx_bytes(const std::string& sheet_name,
                               const std::vector<std::string>& header,
                               const std::vector<std::vector<Cell>>& rows);

}  // namespace cedu::tabular
