// Plain-text tables for people reading `cedu` output: columns padded to their widest cell
// (counted in code points, so Chinese names line up as well as a terminal allows), two
// spaces between columns, no trailing spaces.
// Thread-safety: pure function.
#pragma once

#include <string>
#include <vector>

namespace cedu::cli {

// One line per row, each ending in "\n"; "" for no rows.
std::string render_text_table(const std::vector<std::vector<std::string>>& rows);

}  // namespace cedu::cli
