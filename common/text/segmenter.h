// Segmenter: splits text into the runs cedu's Chinese full-text search is built from
// (see search_terms.h). A run is either
//   - CJK: consecutive Han characters (CJK Unified Ideographs with Extensions A–H,
//     compatibility ideographs, 〇 and 々), kana, bopomofo or hangul syllables; CJK
//     punctuation (、。「」《》…) is not part of any run;
//   - a word: letters and digits of Latin (ASCII, Latin-1, Latin Extended), Greek or
//     Cyrillic, with combining marks after its first character; ASCII letters are
//     lower-cased, fullwidth ASCII (Ｐｙｔｈｏｎ３) is folded to ASCII first;
//   - a number: a word made of ASCII digits only.
// Everything else — spaces, punctuation, symbols, emoji, other scripts, control
// characters and bytes that are not valid UTF-8 — separates runs and is dropped.
// Every character this puts in a run is a token character of SQLite FTS5's unicode61
// tokenizer, and a run never starts with a character unicode61 would drop, so that
// what the segmenter emits, FTS5 indexes and matches as is.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cedu::text {

enum class RunKind { kCjk, kWord, kNumber };

struct Run {
  RunKind kind;
  // kCjk: one UTF-8 encoded character per element. kWord/kNumber: one element, the
  // normalised word.
  std::vector<std::string> parts;
};

// The runs of `utf8`, in order. Never fails: invalid bytes are separators.
std::vector<Run> segment(std::string_view utf8);

}  // namespace cedu::text
