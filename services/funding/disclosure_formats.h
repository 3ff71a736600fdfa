// The files of a disclosure report (disclosure.h): a CSV table (UTF-8 with BOM, what Excel
// opens on a Chinese Windows), the same table as XLSX (libxlsxwriter), and a readable
// Chinese Markdown document a district could publish (预算公开报告). The table's columns
// are disclosure_header(); the CSV and XLSX hold the same cells.
// Thread-safety: pure functions (xlsx writes and removes a temporary file of its own).
#pragma once

#include <string>
#include <vector>

#include "common/result.h"
#include "services/funding/disclosure.h"

namespace cedu::funding {

std::vector<std::string> disclosure_header();
// One line of cells per row of `d`, in disclosure_header() order.
std::vector<std::vector<std::string>> disclosure_cells(const Disclosure& d);

Result<std::string> disclosure_csv(const Disclosure& d);
Result<std::string> disclosure_xlsx(const Disclosure& d);
std::string disclosure_markdown(const Disclosure& d, const std::string& district_name);

// "panyu-2020-预算公开.md" and the like, for the reply and the CLI.
std::string disclosure_filename(const Disclosure& d, const std::string& extension);

}  // namespace cedu::funding
