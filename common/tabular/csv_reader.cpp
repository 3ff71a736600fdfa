#include "common/tabular/csv_reader.h"

#include <algorithm>
#include <cstring>

#include "common/tabular/file_io.h"

namespace cedu::tabular {
namespace {

std::string line_prefix(std::size_t line) { return "line " + std::to_string(line) + ": "; }

std::string quoted(std::string_view s) {
  constexpr std::size_t kMax = 40;
  if (s.size() <= kMax) return "\"" + std::string(s) + "\"";
  // Cut at a character boundary, not inside a UTF-8 sequence.
  std::size_t n = kMax;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return "\"" + std::string(s.substr(0, n)) + "…\"";
}

// ',' if the line has one; else ';' or '\t', whichever occurs more often; else ','.
char detect_separator(std::string_view line) {
  if (line.find(',') != std::string_view::npos) return ',';
  const auto semicolons = std::count(line.begin(), line.end(), ';');
  const auto tabs = std::count(line.begin(), line.end(), '\t');
  if (semicolons == 0 && tabs == 0) return ',';
  return semicolons >= tabs ? ';' : '\t';
}

// The physical line on which detection looks for the separator: the first non-blank line
// at or after line `skip` (0-based); a line of separators only (",,,") is blank.
std::string_view header_line(std::string_view text, std::size_t skip) {
  std::size_t index = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(pos, end - pos);
    if (index >= skip && line.find_first_not_of(" \t,;") != std::string_view::npos) return line;
    ++index;
    pos = end;
    if (pos < text.size() && text[pos] == '\r') ++pos;
    if (pos < text.size() && text[pos] == '\n') ++pos;
  }
  return {};
}

// A cursor over the text that hands out one field at a time.
class Parser {
 public:
  Parser(std::string_view text, char sep, bool trim_tabs)
      : s_(text), sep_(sep), trim_tabs_(trim_tabs) {}

  bool at_end() const { return i_ >= s_.size(); }
  std::size_t line() const { return line_; }

  // Reads the field at the cursor into *out (valid until the next call) and moves past
  // the separator or the line end that follows it; *end_of_record tells which.
  Status next_field(std::string_view* out, bool* end_of_record) {
    const std::size_t n = s_.size();
    while (i_ < n && is_space(s_[i_])) ++i_;
    if (i_ < n && s_[i_] == '"') {
      const std::size_t start_line = line_;
      ++i_;
      buf_.clear();
      for (;;) {
        const void* q = i_ < n ? std::memchr(s_.data() + i_, '"', n - i_) : nullptr;
        if (q == nullptr) {
          return Status::invalid_argument(line_prefix(start_line) + "unterminated quoted field");
        }
        const auto qi = static_cast<std::size_t>(static_cast<const char*>(q) - s_.data());
        count_lines(i_, qi);
        buf_.append(s_.data() + i_, qi - i_);
        i_ = qi + 1;
        if (i_ < n && s_[i_] == '"') {  // "" is one quote
          buf_.push_back('"');
          ++i_;
          continue;
        }
        break;
      }
      // Excel keeps text after the closing quote ("ab"c is abc); trailing spaces go.
      const std::size_t end = scan_unquoted(i_);
      buf_.append(rtrim(s_.substr(i_, end - i_)));
      i_ = end;
      *out = buf_;
    } else {
      const std::size_t end = scan_unquoted(i_);
      *out = rtrim(s_.substr(i_, end - i_));
      i_ = end;
    }
    if (i_ < n && s_[i_] == sep_) {
      ++i_;
      *end_of_record = false;
    } else {
      *end_of_record = true;
      skip_line_end();
    }
    return Status::ok();
  }

 private:
  bool is_space(char c) const { return c == ' ' || (c == '\t' && trim_tabs_); }

  std::string_view rtrim(std::string_view v) const {
    while (!v.empty() && is_space(v.back())) v.remove_suffix(1);
    return v;
  }

  // The end of an unquoted stretch starting at `i`: the next separator, CR, LF or the end.
  std::size_t scan_unquoted(std::size_t i) const {
    const char* p = s_.data();
    const std::size_t n = s_.size();
    while (i < n) {
      const char c = p[i];
      if (c == sep_ || c == '\n' || c == '\r') break;
      ++i;
    }
    return i;
  }

  void skip_line_end() {
    if (i_ >= s_.size()) return;
    if (s_[i_] == '\r') ++i_;
    if (i_ < s_.size() && s_[i_] == '\n') ++i_;
    ++line_;
  }

  // Counts the line ends (LF, CRLF, lone CR) in s_[from, to) — inside a quoted field.
  void count_lines(std::size_t from, std::size_t to) {
    for (std::size_t k = from; k < to; ++k) {
      const char c = s_[k];
      if (c == '\n' || (c == '\r' && (k + 1 >= s_.size() || s_[k + 1] != '\n'))) ++line_;
    }
  }

  std::string_view s_;
  char sep_;
  bool trim_tabs_;
  std::size_t i_ = 0;
  std::size_t line_ = 1;
  std::string buf_;  // the unescaped text of the last quoted field
};

// Reads the header record; blank records before it are skipped. *records counts every
// record read (for Excel row numbers).
Status read_header(Parser& p, const CsvOptions& options, std::size_t* records,
                   std::vector<std::string>* header, std::size_t* header_line) {
  std::string_view cell;
  bool end = false;
  for (;;) {
    if (p.at_end()) return Status::invalid_argument("no header row: the file has no data");
    *header_line = p.line();
    header->clear();
    do {
      CEDU_RETURN_IF_ERROR(p.next_field(&cell, &end));
      if (header->size() <= options.max_columns) header->emplace_back(cell);
    } while (!end);
    ++*records;
    // Excel writes empty trailing cells for columns used further down; they are no names.
    while (!header->empty() && header->back().empty()) header->pop_back();
    if (*records > options.skip_rows && !header->empty()) break;
  }
  if (header->size() > options.max_columns) {
    return Status::invalid_argument(line_prefix(*header_line) + "more than " +
                                    std::to_string(options.max_columns) +
                                    " columns in the header (max_columns)");
  }
  for (std::size_t c = 0; c < header->size(); ++c) {
    const std::string& name = (*header)[c];
    if (name.empty()) {
      const std::string column = "column " + std::to_string(c + 1);
      return Status::invalid_argument(
          line_prefix(*header_line) + column + " has an empty header name", column);
    }
    for (std::size_t d = 0; d < c; ++d) {
      if ((*header)[d] == name) {
        return Status::invalid_argument(
            line_prefix(*header_line) + "columns " + std::to_string(d + 1) + " and " +
                std::to_string(c + 1) + " are both named " + quoted(name),
            name);
      }
    }
  }
  return Status::ok();
}

}  // namespace

std::string RowProblem::to_string() const {
  return "row " + std::to_string(row_number) + ", column " + std::to_string(column) + ": " + reason;
}

namespace {

// parse_csv() without the byte-order mark check: to_utf8() has removed it already.
Result<CsvTable> parse_utf8(std::string_view text, const CsvOptions& options) {
  if (const void* nul = std::memchr(text.data(), '\0', text.size()); nul != nullptr) {
    const auto offset = static_cast<std::size_t>(static_cast<const char*>(nul) - text.data());
    const std::string_view before = text.substr(0, offset);
    const auto line = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
    return Status::invalid_argument(line_prefix(line) +
                                    "NUL byte in the text (a UTF-16 file? save it as CSV UTF-8)");
  }
  CsvTable table;
  table.separator = options.separator != '\0'
                        ? options.separator
                        : detect_separator(header_line(text, options.skip_rows));
  const char sep = table.separator;
  if (sep == '"' || sep == '\r' || sep == '\n' || sep == ' ' ||
      static_cast<unsigned char>(sep) >= 0x80) {
    return Status::invalid_argument("invalid CSV separator", "separator");
  }

  Parser p(text, sep, sep != '\t');
  std::size_t records = 0;
  std::size_t header_line = 0;
  CEDU_RETURN_IF_ERROR(read_header(p, options, &records, &table.header, &header_line));
  const std::size_t width = table.header.size();

  // One row per line end is an upper bound (a quoted line end makes it smaller).
  const auto line_ends = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  table.rows.reserve(std::min({line_ends + 1, options.max_rows, std::size_t{1} << 20}));

  std::string_view cell;
  bool end = false;
  while (!p.at_end()) {
    CsvRow row;
    row.line = p.line();
    row.row_number = ++records;
    row.cells.reserve(width);
    bool blank = true;
    std::size_t count = 0;
    std::size_t first_extra = 0;  // 1-based column of the first non-empty cell beyond
    std::size_t last_filled = 0;  // 1-based column of the last non-empty cell
    std::string extra_value;
    do {
      Status s = p.next_field(&cell, &end);
      if (!s.is_ok()) {
        return count < width ? Status(s.code(), s.message(), table.header[count]) : s;
      }
      ++count;
      if (!cell.empty()) {
        blank = false;
        last_filled = count;
      }
      if (count <= width) {
        row.cells.emplace_back(cell);
      } else if (!cell.empty() && first_extra == 0) {
        first_extra = count;
        extra_value = cell;
      }
    } while (!end);
    if (blank) continue;
    if (first_extra != 0) {
      table.problems.push_back(RowProblem{
          row.row_number, first_extra,
          std::to_string(last_filled) + " cells but the header has " + std::to_string(width) +
              " columns; the first extra cell is " + quoted(extra_value)});
    }
    row.cells.resize(width);  // pad short rows with ""
    if (table.rows.size() == options.max_rows) {
      return Status::invalid_argument(line_prefix(row.line) + "more than " +
                                      std::to_string(options.max_rows) + " data rows (max_rows)");
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

}  // namespace

Result<CsvTable> parse_csv(std::string_view text, const CsvOptions& options) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  return parse_utf8(text, options);
}

Result<CsvTable> parse_csv_bytes(std::string_view bytes, const CsvOptions& options,
                                 Encoding* detected) {
  if (bytes.size() > options.max_bytes) {
    return Status::invalid_argument("the file has " + std::to_string(bytes.size()) +
                                    " bytes, more than the limit of " +
                                    std::to_string(options.max_bytes) + " (max_bytes)");
  }
  CEDU_ASSIGN_OR_RETURN(std::string text, to_utf8(bytes, detected));
  return parse_utf8(text, options);
}

Result<CsvTable> read_csv_file(const std::string& path, const CsvOptions& options,
                               Encoding* detected) {
  CEDU_ASSIGN_OR_RETURN(std::string bytes, read_file(path, options.max_bytes));
  auto table = parse_csv_bytes(bytes, options, detected);
  if (!table.ok()) return table.status().with_context(path);
  return table;
}

}  // namespace cedu::tabular
