#include "common/text/search_terms.h"

#include <algorithm>
#include <vector>

#include "common/text/segmenter.h"

namespace cedu::text {
namespace {

void add_token(std::string_view token, std::string* out) {
  if (!out->empty()) out->push_back(' ');
  out->append(token);
}

// The run as one FTS5 string: "x" for a word, number or single character, "ab bc cd"
// (the phrase of its bigrams) for a longer CJK run. Quotes are doubled, although the
// segmenter never lets one into a run.
std::string quoted(const Run& run) {
  std::string inner;
  if (run.kind != RunKind::kCjk || run.parts.size() == 1) {
    inner = run.parts.front();
  } else {
    for (std::size_t i = 0; i + 1 < run.parts.size(); ++i) {
      add_token(run.parts[i] + run.parts[i + 1], &inner);
    }
  }
  std::string out = "\"";
  for (char c : inner) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

}  // namespace

std::string index_terms(std::string_view utf8) {
  std::string out;
  for (const Run& run : segment(utf8)) {
    if (run.kind != RunKind::kCjk) {
      add_token(run.parts.front(), &out);
      continue;
    }
    for (const std::string& c : run.parts) add_token(c, &out);
    for (std::size_t i = 0; i + 1 < run.parts.size(); ++i) {
      add_token(run.parts[i] + run.parts[i + 1], &out);
    }
  }
  return out;
}

Result<std::string> match_expression(std::string_view query) {
  if (query.size() > kMaxQueryBytes) {
    return Status::invalid_argument("too long (at most " + std::to_string(kMaxQueryBytes) +
                                        " bytes)",
                                    "query");
  }
  std::vector<std::string> terms;
  for (const Run& run : segment(query)) {
    std::string term = quoted(run);
    if (run.kind == RunKind::kWord) term.push_back('*');
    if (std::find(terms.begin(), terms.end(), term) == terms.end()) {
      terms.push_back(std::move(term));
    }
  }
  if (terms.empty()) return Status::invalid_argument("no searchable characters", "query");
  if (terms.size() > kMaxQueryTerms) {
    return Status::invalid_argument(
        "too many terms (at most " + std::to_string(kMaxQueryTerms) + ")", "query");
  }
  std::string out;
  for (const std::string& term : terms) {
    if (!out.empty()) out += " AND ";
    out += term;
  }
  return out;
}

}  // namespace cedu::text
