// Chinese full-text search terms for SQLite FTS5. FTS5's own tokenizers do not fit
// Chinese: unicode61 takes a whole run of Han characters for one token (书法入门 would
// only match 书法入门), and trigram matches nothing shorter than three characters (书法,
// 粤剧, 养生 are typical queries). So cedu tokenises itself and lets an FTS5 table with the
// unicode61 tokenizer (remove_diacritics 2) index the result, split on spaces:
//
//   index_terms("中医养生讲座 Python入门 太极拳24式")
//     == "中 医 养 生 讲 座 中医 医养 养生 生讲 讲座 python 入 门 入门 太 极 拳 太极 极拳 24 式"
//
// Per CJK run (segmenter.h) every character is stored as a unigram, then every adjacent
// pair as a bigram; words and numbers are stored as they are (lower-cased). Unigrams
// come first and bigrams after them, so a run's bigrams sit at consecutive token
// positions; no bigram of another run can follow them directly (a run starts with its
// unigrams). A query run of two or more characters becomes the FTS5 phrase of its bigrams,
// which therefore matches exactly where the run occurs as a substring of a stored run:
// 中医养生 → "中医 医养 养生" finds 中医养生讲座, not 养生中医. A one-character run matches
// its unigram. (Storing bigrams only and matching a single character with a bigram prefix
// query would halve the index but miss the last character of each run; unigrams are
// cheap for the libraries' short titles and descriptions.)
//
// match_expression() turns what a person typed into an FTS5 MATCH expression: one term
// per run, all ANDed; words are prefix queries ("pyth" finds Python), numbers match
// exactly ("24" does not find 240). Every term is a double-quoted FTS5 string made only
// of letters, digits and spaces, so nothing typed can inject FTS5 syntax (AND/OR/NOT/NEAR,
// quotes, *, ^, :, parentheses, column filters): it is a separator or a search word.
//
//   match_expression("Python入门")  == "\"python\"* AND \"入门\""
//   match_expression("中医养生")    == "\"中医 医养 养生\""
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.h"

namespace cedu::text {

// Limits on a query, against accidental or hostile huge input.
inline constexpr std::size_t kMaxQueryBytes = 1024;
inline constexpr std::size_t kMaxQueryTerms = 32;  // distinct terms after segmentation

// The text to store in an FTS5 column (tokenizer unicode61) for `utf8`. Empty iff `utf8`
// has nothing searchable. Never fails: invalid UTF-8 bytes are separators.
// Stable on purpose: a contentless index (search_index.h, the libraries' since their core
// track 1) removes a record's terms by computing them again, so a change to what this
// returns for any text needs a migration that rebuilds those indexes. search_terms_test
// pins the output.
std::string index_terms(std::string_view utf8);

// The FTS5 MATCH expression for the query `query`. Returns INVALID_ARGUMENT (field
// "query") "no searchable characters" iff it is empty or only punctuation, symbols or
// invalid bytes; "too long (at most 1024 bytes)" or "too many terms (at most 32)" iff
// it exceeds the limits above.
Result<std::string> match_expression(std::string_view query);

}  // namespace cedu::text
