// Fuzz target: the CSV import path of the resource libraries (common/tabular) on arbitrary
// bytes — to_utf8(), parse_csv() and HeaderMapper::map() — and, for what parses, the CSV
// writer. Beyond "no crash, no sanitizer report", it checks:
//   - to_utf8() yields valid UTF-8;
//   - a parsed table is well-formed: unique, non-empty header names, every row exactly as
//     wide as the header, row numbers increasing, problems pointing at existing rows;
//   - a header mapping is consistent both ways, and normalize_header() is idempotent;
//   - round trip: to_csv() of the table parses back to the same header and cells (up to
//     the apostrophe the writer puts before formula-like cells).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/tabular/csv_reader.h"
#include "common/tabular/csv_writer.h"
#include "common/tabular/encoding.h"
#include "common/tabular/header_map.h"

namespace {

namespace tab = cedu::tabular;

[[noreturn]] void fail(const char* what, const std::string& detail = {}) {
  std::fprintf(stderr, "csv_fuzz: %s %s\n", what, detail.c_str());
  std::abort();
}

const tab::HeaderMapper& mapper() {
  static const tab::HeaderMapper m = [] {
    auto r = tab::HeaderMapper::create({
        {"name", {"姓名", "教师姓名"}, true},
        {"phone", {"手机号码", "手机", "联系电话", "电话"}},
        {"town", {"镇街", "所属镇街"}},
        {"note", {"备注"}},
    });
    if (!r.ok()) fail("bad specs", r.status().to_string());
    return std::move(r).value();
  }();
  return m;
}

std::string guarded(const std::string& cell) {
  return tab::needs_formula_guard(cell) ? "'" + cell : cell;
}

void check_table(const tab::CsvTable& t) {
  if (t.header.empty()) fail("empty header");
  std::set<std::string_view> names;
  for (const auto& h : t.header) {
    if (h.empty()) fail("empty header name");
    if (!names.insert(h).second) fail("duplicate header name", h);
  }
  std::set<std::size_t> problem_rows;
  for (const auto& p : t.problems) problem_rows.insert(p.row_number);
  std::size_t last_row = 1;
  for (const auto& row : t.rows) {
    bool blank = true;
    for (const auto& cell : row.cells) blank = blank && cell.empty();
    if (blank && problem_rows.count(row.row_number) == 0) fail("blank row kept");
    if (row.cells.size() != t.header.size()) fail("row width differs from the header");
    if (row.row_number <= last_row) fail("row numbers not increasing");
    if (row.line < row.row_number) fail("a row starts before its Excel row");
    last_row = row.row_number;
  }
  for (const auto& p : t.problems) {
    if (p.column <= t.header.size()) fail("problem inside the header's columns");
    if (p.row_number < 2 || p.row_number > last_row) fail("problem on no row");
  }
}

void check_mapping(const tab::CsvTable& t) {
  for (const auto& h : t.header) {
    const std::string n = tab::normalize_header(h);
    if (tab::normalize_header(n) != n) fail("normalize_header not idempotent", h);
  }
  auto m = mapper().map(t.header);
  if (!m.ok()) {
    if (m.status().code() != cedu::StatusCode::kInvalidArgument) fail("map: unexpected code");
    return;
  }
  if (m->field_of_column.size() != t.header.size()) fail("field_of_column size");
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    const std::size_t f = m->field_of_column[c];
    if (f != tab::kUnmapped && m->column_of_field.at(f) != c) fail("mapping not inverse");
  }
  for (const auto& row : t.rows) (void)m->cell(row, 1);
}

void check_round_trip(const tab::CsvTable& t) {
  // A row whose cells are all empty is there only for its problem (cells beyond the
  // header); written out it is a blank line, which the reader skips.
  tab::TextTable out{t.header, {}};
  for (const auto& row : t.rows) {
    bool blank = true;
    for (const auto& cell : row.cells) blank = blank && cell.empty();
    if (!blank) out.rows.push_back(row.cells);
  }
  auto text = tab::to_csv(out);
  if (!text.ok()) fail("to_csv", text.status().to_string());

  std::vector<std::string> header;
  std::set<std::string> names;
  for (const auto& h : t.header) {
    header.push_back(guarded(h));
    // "=a" and "'=a" both become "'=a": such a header cannot round-trip.
    if (!names.insert(header.back()).second) return;
  }
  tab::CsvOptions options;
  options.separator = ',';  // one column holding ';' would be detected as ';'
  auto back = tab::parse_csv_bytes(*text, options);
  if (!back.ok()) fail("written CSV does not parse", back.status().to_string());
  if (back->header != header) fail("header changed in the round trip");
  if (back->rows.size() != out.rows.size()) fail("row count changed in the round trip");
  for (std::size_t r = 0; r < out.rows.size(); ++r) {
    for (std::size_t c = 0; c < header.size(); ++c) {
      if (back->rows[r].cells[c] != guarded(out.rows[r][c])) {
        fail("cell changed in the round trip", out.rows[r][c]);
      }
    }
  }
  if (!back->problems.empty()) fail("problems after the round trip");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto text = tab::to_utf8(bytes);
  if (!text.ok()) return 0;
  if (!tab::is_valid_utf8(*text)) fail("to_utf8 output is not UTF-8");

  tab::CsvOptions options;
  options.max_rows = 512;
  options.max_columns = 64;
  options.skip_rows = size > 0 && data[0] % 3 == 0 ? 1 : 0;  // sometimes a title row
  auto table = tab::parse_csv(*text, options);
  if (!table.ok()) {
    if (table.status().code() != cedu::StatusCode::kInvalidArgument) fail("parse: unexpected code");
    return 0;
  }
  check_table(*table);
  check_mapping(*table);
  check_round_trip(*table);
  return 0;
}
