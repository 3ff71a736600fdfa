// Fuzz target: Chinese search terms (common/text). For any input, index_terms() and
// match_expression() must not crash or throw; the expression must be either an
// INVALID_ARGUMENT Status or a MATCH expression that SQLite's FTS5 accepts; and a text
// must always find itself: the input, indexed through SearchIndex, is a hit for the
// same input as a query.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "common/text/search_index.h"
#include "common/text/search_terms.h"

namespace {

[[noreturn]] void fail(const char* what, std::string_view input, const std::string& detail) {
  std::fprintf(stderr, "search_terms_fuzz: %s\ninput: %.*s\ndetail: %s\n", what,
               static_cast<int>(input.size()), input.data(), detail.c_str());
  std::abort();
}

struct Index {
  Index() {
    auto opened = cedu::sqlite::Database::open(":memory:");
    if (!opened.ok()) fail("cannot open the database", "", opened.status().to_string());
    db = std::make_unique<cedu::sqlite::Database>(std::move(opened).value());
    const std::vector<cedu::text::SearchColumn> columns = {{"title", 5.0}, {"body", 1.0}};
    cedu::Status s = cedu::text::SearchIndex::create_schema(*db, "fts", columns);
    if (!s.ok()) fail("cannot create the table", "", s.to_string());
    auto idx = cedu::text::SearchIndex::open(*db, "fts", columns);
    if (!idx.ok()) fail("cannot open the index", "", idx.status().to_string());
    index = std::make_unique<cedu::text::SearchIndex>(std::move(idx).value());
  }
  std::unique_ptr<cedu::sqlite::Database> db;
  std::unique_ptr<cedu::text::SearchIndex> index;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Index* state = new Index();  // one database for the whole run
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  (void)cedu::text::index_terms(input);
  cedu::Result<std::string> expr = cedu::text::match_expression(input);
  if (!expr.ok() && expr.status().code() != cedu::StatusCode::kInvalidArgument) {
    fail("match_expression failed with another code than INVALID_ARGUMENT", input,
         expr.status().to_string());
  }

  // Record 1 is the input in the body, record 2 a bystander that the input may or may
  // not match.
  cedu::Status s = state->index->upsert(1, {"", input});
  if (s.ok()) s = state->index->upsert(2, {"书法入门 Python 24", ""});
  if (!s.ok()) fail("upsert failed", input, s.to_string());
  auto hits = state->index->search(input, 5);
  if (!hits.ok()) {
    if (expr.ok()) fail("FTS5 rejected the expression", input, *expr + " → " + hits.status().to_string());
    return 0;
  }
  if (!expr.ok()) fail("search accepted what match_expression rejected", input, "");
  bool found = false;
  for (const auto& h : *hits) found = found || h.rowid == 1;
  if (!found) fail("the text does not find itself", input, *expr);
  return 0;
}
