#include "common/tabular/csv_writer.h"

#include "common/tabular/encoding.h"
#include "common/tabular/file_io.h"

namespace cedu::tabular {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// [+-]? (digits [. digits*] | . digits) ([eE] [+-]? digits)? %?
bool is_plain_number(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < n && is_digit(s[i])) {
    ++i;
    ++digits;
  }
  if (i < n && s[i] == '.') {
    ++i;
    while (i < n && is_digit(s[i])) {
      ++i;
      ++digits;
    }
  }
  if (digits == 0) return false;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exp_digits = 0;
    while (i < n && is_digit(s[i])) {
      ++i;
      ++exp_digits;
    }
    if (exp_digits == 0) return false;
  }
  if (i < n && s[i] == '%') ++i;
  return i == n;
}

bool needs_quotes(std::string_view s) {
  if (s.empty()) return false;
  if (s.find_first_of(",\"\r\n") != std::string_view::npos) return true;
  auto space = [](char c) { return c == ' ' || c == '\t'; };
  return space(s.front()) || space(s.back());
}

void append_cell(std::string* out, std::string_view cell) {
  const bool guard = needs_formula_guard(cell);
  std::string guarded;
  if (guard) {
    guarded.reserve(cell.size() + 1);
    guarded += '\'';
    guarded += cell;
    cell = guarded;
  }
  if (!needs_quotes(cell)) {
    out->append(cell);
    return;
  }
  out->push_back('"');
  for (char c : cell) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

Status append_line(std::string* out, const std::vector<std::string>& cells, std::size_t row) {
  for (std::size_t c = 0; c < cells.size(); ++c) {
    if (!is_valid_utf8(cells[c])) {
      return Status::invalid_argument("row " + std::to_string(row) + ", column " +
                                      std::to_string(c + 1) + ": not valid UTF-8");
    }
    if (c > 0) out->push_back(',');
    append_cell(out, cells[c]);
  }
  out->append("\r\n");
  return Status::ok();
}

}  // namespace

bool needs_formula_guard(std::string_view cell) {
  if (cell.empty()) return false;
  switch (cell.front()) {
    case '=':
    case '@':
    case '\t':
    case '\r': return true;
    case '+':
    case '-':
      if (is_plain_number(cell)) return false;
      return cell.find_first_not_of('-') != std::string_view::npos;
    default: return false;
  }
}

std::string csv_cell(std::string_view cell) {
  std::string out;
  append_cell(&out, cell);
  return out;
}

Result<std::string> to_csv(const TextTable& table) {
  std::string out = "\xEF\xBB\xBF";
  CEDU_RETURN_IF_ERROR(append_line(&out, table.header, 1));
  for (std::size_t r = 0; r < table.rows.size(); ++r) {
    CEDU_RETURN_IF_ERROR(append_line(&out, table.rows[r], r + 2));
  }
  return out;
}

Status write_csv_file(const std::string& path, const TextTable& table) {
  CEDU_ASSIGN_OR_RETURN(std::string text, to_csv(table));
  return write_file_atomically(path, text);
}

}  // namespace cedu::tabular
