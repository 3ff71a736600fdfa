// Header mapping: which CSV column holds which field of a record, from the Chinese
// headers staff actually write ("手机号码", "手机", "联系电话 （必填）", "*电话", ...).
// A HeaderMapper is built once from a library's column specs (validated then) and maps
// each uploaded file's header.
//
// Matching is exact after normalize_header(): surrounding spaces (ASCII, U+3000 full-width,
// U+00A0 no-break) are trimmed, a required-marker — trailing "（必填）", "(必填)", "*" or
// "＊", or a leading "*"/"＊" — is removed, and ASCII letters are lower-cased. Nothing else
// is fuzzy: "手机号" does not match "手机号码" unless it is listed as an alias.
//
// Thread-safety: a HeaderMapper is immutable after create(); share it freely.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"
#include "common/tabular/csv_reader.h"

namespace cedu::tabular {

struct ColumnSpec {
  std::string field;                 // the field in code, e.g. "phone"; also a header name
  std::vector<std::string> aliases;  // headers staff use, e.g. {"手机号码", "手机", "电话"}
  bool required = false;             // a file without this column is refused
};

// Marks a column that maps to no field, or a field that no column maps to.
inline constexpr std::size_t kUnmapped = static_cast<std::size_t>(-1);

struct HeaderMapping {
  std::vector<std::size_t> field_of_column;  // per CSV column: index into the specs, or kUnmapped
  std::vector<std::size_t> column_of_field;  // per spec: the CSV column, or kUnmapped
  // One per column that matches no field: "column 4 (备注): not a known column, ignored".
  std::vector<std::string> warnings;

  bool has(std::size_t field) const {
    return field < column_of_field.size() && column_of_field[field] != kUnmapped;
  }
  // The cell of `field` in `row`, or "" when the file has no column for it.
  std::string_view cell(const CsvRow& row, std::size_t field) const {
    if (!has(field) || column_of_field[field] >= row.cells.size()) return {};
    return row.cells[column_of_field[field]];
  }
};

// The form in which header names and aliases are compared (see the top of this file).
std::string normalize_header(std::string_view name);

class HeaderMapper {
 public:
  // Errors: INVALID_ARGUMENT for no specs, an empty or duplicate field, or a name (field or
  // alias, after normalisation) that two fields share.
  static Result<HeaderMapper> create(std::vector<ColumnSpec> specs);

  const std::vector<ColumnSpec>& specs() const { return specs_; }
  // The index of `field` in specs(), or kUnmapped.
  std::size_t field_index(std::string_view field) const;

  // Maps each header column to a field. Unknown columns are warnings, not errors.
  // Errors: INVALID_ARGUMENT (field() = the field) if two columns map to one field,
  // naming both columns, or if required fields have no column, naming them.
  Result<HeaderMapping> map(const std::vector<std::string>& header) const;

 private:
  explicit HeaderMapper(std::vector<ColumnSpec> specs) : specs_(std::move(specs)) {}

  std::vector<ColumnSpec> specs_;
  std::vector<std::pair<std::string, std::size_t>> names_;  // normalised name -> spec index
};

// One-off form of HeaderMapper::create(specs) then map(header).
Result<HeaderMapping> map_header(const std::vector<std::string>& header,
                                 const std::vector<ColumnSpec>& specs);

}  // namespace cedu::tabular
