#include "common/tabular/xlsx_writer.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "common/tabular/encoding.h"
#include "common/tabular/file_io.h"

namespace cedu::tabular {
namespace {

constexpr std::size_t kMaxRows = 1'048'576;  // Excel's limits
constexpr std::size_t kMaxColumns = 16'384;
constexpr std::size_t kMaxSheetName = 31;
constexpr std::size_t kMaxStringUnits = 32'767;  // UTF-16 code units
constexpr std::int64_t kMaxExactInt = std::int64_t{1} << 53;
constexpr double kMinWidth = 6;
constexpr double kMaxWidth = 60;

// Decodes the code point at s[*i] (valid UTF-8) and moves *i past it.
char32_t next_code_point(std::string_view s, std::size_t* i) {
  const auto c = static_cast<unsigned char>(s[*i]);
  const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (std::size_t k = 1; k < len && *i + k < s.size(); ++k) {
    cp = (cp << 6) | (static_cast<unsigned char>(s[*i + k]) & 0x3F);
  }
  *i += len;
  return cp;
}

// East Asian wide and full-width characters: two columns in Excel's default font.
bool is_wide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

// The display width of the widest line of `s` (valid UTF-8).
double text_width(std::string_view s) {
  double widest = 0;
  double line = 0;
  for (std::size_t i = 0; i < s.size();) {
    const char32_t cp = next_code_point(s, &i);
    if (cp == '\n') {
      widest = std::max(widest, line);
      line = 0;
    } else {
      line += is_wide(cp) ? 2 : 1;
    }
  }
  return std::max(widest, line);
}

std::size_t utf16_units(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) n += next_code_point(s, &i) >= 0x10000 ? 2 : 1;
  return n;
}

std::string cell_name(std::size_t row, std::size_t col) {
  return "row " + std::to_string(row + 1) + ", column " + std::to_string(col + 1);
}

Status check_string(std::string_view s, std::size_t row, std::size_t col) {
  if (!is_valid_utf8(s)) return Status::invalid_argument(cell_name(row, col) + ": not valid UTF-8");
  if (s.size() > kMaxStringUnits && utf16_units(s) > kMaxStringUnits) {
    return Status::invalid_argument(cell_name(row, col) + ": longer than Excel's " +
                                    std::to_string(kMaxStringUnits) + " characters");
  }
  return Status::ok();
}

Status lxw_status(lxw_error err, const std::string& what) {
  if (err == LXW_NO_ERROR) return Status::ok();
  return Status::internal(what + ": libxlsxwriter: " + lxw_strerror(err));
}

// Owns a workbook until workbook_close() (which frees it, also on failure).
class Workbook {
 public:
  explicit Workbook(const std::string& path) : wb_(workbook_new(path.c_str())) {}
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;
  ~Workbook() {
    if (wb_ != nullptr) lxw_workbook_free(wb_);
  }
  lxw_workbook* get() const { return wb_; }
  lxw_error close() {
    lxw_workbook* wb = wb_;
    wb_ = nullptr;
    return workbook_close(wb);
  }

 private:
  lxw_workbook* wb_;
};

// What one sheet needs: formats and the widths seen so far.
struct SheetWriter {
  lxw_worksheet* ws;
  lxw_format* bold;
  lxw_format* integer;
  std::vector<double> widths;

  void note_width(std::size_t col, double w) {
    if (col >= widths.size()) widths.resize(col + 1, 0);
    widths[col] = std::max(widths[col], w);
  }

  Status write(std::size_t row, std::size_t col, const Cell& cell) {
    const auto r = static_cast<lxw_row_t>(row);
    const auto c = static_cast<lxw_col_t>(col);
    lxw_error err = LXW_NO_ERROR;
    if (const auto* s = std::get_if<std::string>(&cell.value())) {
      if (s->empty()) return Status::ok();
      CEDU_RETURN_IF_ERROR(check_string(*s, row, col));
      err = worksheet_write_string(ws, r, c, s->c_str(), nullptr);
      note_width(col, text_width(*s));
    } else if (const auto* i = std::get_if<std::int64_t>(&cell.value())) {
      const std::string text = std::to_string(*i);
      if (*i > kMaxExactInt || *i < -kMaxExactInt) {
        err = worksheet_write_string(ws, r, c, text.c_str(), nullptr);
      } else {
        err = worksheet_write_number(ws, r, c, static_cast<double>(*i), integer);
      }
      note_width(col, static_cast<double>(text.size()));
    } else if (const auto* d = std::get_if<double>(&cell.value())) {
      if (!std::isfinite(*d)) {
        return Status::invalid_argument(cell_name(row, col) + ": not a finite number");
      }
      err = worksheet_write_number(ws, r, c, *d, nullptr);
      char text[32];
      note_width(col, std::snprintf(text, sizeof text, "%.10g", *d));
    } else if (const auto* b = std::get_if<bool>(&cell.value())) {
      err = worksheet_write_boolean(ws, r, c, *b ? 1 : 0, nullptr);
      note_width(col, *b ? 4 : 5);
    }
    return lxw_status(err, cell_name(row, col));
  }
};

// Writes the workbook straight to `path` (no temporary file).
Status write_workbook(const std::string& path, const std::string& sheet_name,
                      const std::vector<std::string>& header,
                      const std::vector<std::vector<Cell>>& rows) {
  CEDU_RETURN_IF_ERROR(check_sheet_name(sheet_name));
  if (rows.size() + 1 > kMaxRows) {
    return Status::invalid_argument(std::to_string(rows.size()) +
                                    " rows do not fit in an Excel sheet (at most " +
                                    std::to_string(kMaxRows - 1) + " below the header)");
  }
  std::size_t columns = header.size();
  for (const auto& row : rows) columns = std::max(columns, row.size());
  if (columns > kMaxColumns) {
    return Status::invalid_argument(std::to_string(columns) +
                                    " columns do not fit in an Excel sheet (at most " +
                                    std::to_string(kMaxColumns) + ")");
  }

  Workbook wb(path);
  if (wb.get() == nullptr) return Status::internal("libxlsxwriter: cannot create a workbook");
  SheetWriter sheet{workbook_add_worksheet(wb.get(), sheet_name.c_str()),
                    workbook_add_format(wb.get()),
                    workbook_add_format(wb.get()),
                    {}};
  if (sheet.ws == nullptr || sheet.bold == nullptr || sheet.integer == nullptr) {
    return Status::internal("libxlsxwriter: cannot add the sheet " + sheet_name);
  }
  format_set_bold(sheet.bold);
  format_set_num_format(sheet.integer, "0");

  for (std::size_t c = 0; c < header.size(); ++c) {
    if (header[c].empty()) continue;
    CEDU_RETURN_IF_ERROR(check_string(header[c], 0, c));
    CEDU_RETURN_IF_ERROR(lxw_status(worksheet_write_string(sheet.ws, 0, static_cast<lxw_col_t>(c),
                                                           header[c].c_str(), sheet.bold),
                                    cell_name(0, c)));
    sheet.note_width(c, text_width(header[c]) * 1.1);  // bold is a little wider
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      CEDU_RETURN_IF_ERROR(sheet.write(r + 1, c, rows[r][c]));
    }
  }
  for (std::size_t c = 0; c < sheet.widths.size(); ++c) {
    const double width = std::clamp(sheet.widths[c] + 2, kMinWidth, kMaxWidth);
    const auto col = static_cast<lxw_col_t>(c);
    CEDU_RETURN_IF_ERROR(
        lxw_status(worksheet_set_column(sheet.ws, col, col, width, nullptr), "column width"));
  }
  worksheet_freeze_panes(sheet.ws, 1, 0);
  return lxw_status(wb.close(), "cannot write " + path);
}

}  // namespace

Status check_sheet_name(std::string_view name) {
  auto bad = [&](const std::string& why) {
    return Status::invalid_argument("sheet name \"" + std::string(name) + "\": " + why,
                                    "sheet_name");
  };
  if (name.empty()) return bad("must not be empty");
  if (!is_valid_utf8(name)) return bad("not valid UTF-8");
  std::size_t chars = 0;
  for (std::size_t i = 0; i < name.size();) {
    next_code_point(name, &i);
    ++chars;
  }
  if (chars > kMaxSheetName) {
    return bad("longer than " + std::to_string(kMaxSheetName) + " characters");
  }
  if (name.find_first_of("[]:*?/\\") != std::string_view::npos) {
    return bad("must not contain any of [ ] : * ? / \\");
  }
  if (name.front() == '\'' || name.back() == '\'') {
    return bad("must not start or end with an apostrophe");
  }
  return Status::ok();
}

Status write_xlsx_file(const std::string& path, const std::string& sheet_name,
                       const std::vector<std::string>& header,
                       const std::vector<std::vector<Cell>>& rows) {
  CEDU_ASSIGN_OR_RETURN(TempFile tmp, TempFile::create_beside(path));
  CEDU_RETURN_IF_ERROR(tmp.close());  // libxlsxwriter writes it by name
  CEDU_RETURN_IF_ERROR(write_workbook(tmp.path(), sheet_name, header, rows));
  return tmp.commit_to(path);
}

Result<std::string> xlsx_bytes(const std::string& sheet_name,
                               const std::vector<std::string>& header,
                               const std::vector<std::vector<Cell>>& rows) {
  CEDU_ASSIGN_OR_RETURN(TempFile tmp, TempFile::create_in_temp_dir("cedu-xlsx"));
  CEDU_RETURN_IF_ERROR(tmp.close());
  CEDU_RETURN_IF_ERROR(write_workbook(tmp.path(), sheet_name, header, rows));
  return read_file(tmp.path(), std::numeric_limits<std::size_t>::max() / 2);
}

}  // namespace cedu::tabular
