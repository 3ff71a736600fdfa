#include "common/text/segmenter.h"

#include <algorithm>
#include <array>
#include <utility>

#include "common/text/utf8.h"

namespace cedu::text {
namespace {

enum class CharClass { kSeparator, kCjk, kWordStart, kMark };

using Range = std::pair<char32_t, char32_t>;  // inclusive

// Checked against SQLite 3.40's unicode61 tables: each is a token character there.
constexpr std::array kCjkRanges = {
    Range{0x3005, 0x3007},   Range{0x3021, 0x3029},   Range{0x3031, 0x3035},
    Range{0x3038, 0x303C},   Range{0x3041, 0x3096},   Range{0x309D, 0x309F},
    Range{0x30A1, 0x30FA},   Range{0x30FC, 0x30FF},   Range{0x3105, 0x312F},
    Range{0x31A0, 0x31BF},   Range{0x31F0, 0x31FF},   Range{0x3400, 0x4DBF},
    Range{0x4E00, 0x9FFF},   Range{0xAC00, 0xD7A3},   Range{0xF900, 0xFA6D},
    Range{0xFA70, 0xFAD9},   Range{0x20000, 0x2A6DF}, Range{0x2A700, 0x2B739},
    Range{0x2B740, 0x2B81D}, Range{0x2B820, 0x2CEA1}, Range{0x2CEB0, 0x2EBE0},
    Range{0x2F800, 0x2FA1D}, Range{0x30000, 0x3134A}, Range{0x31350, 0x323AF},
};

// Non-ASCII letters that may start or continue a word.
constexpr std::array kLetterRanges = {
    Range{0x00C0, 0x00D6}, Range{0x00D8, 0x00F6}, Range{0x00F8, 0x02AF},  // Latin, IPA
    Range{0x0370, 0x0374}, Range{0x0376, 0x037D}, Range{0x037F, 0x0383},  // Greek
    Range{0x0386, 0x0386}, Range{0x0388, 0x03F5}, Range{0x03F7, 0x03FF},
    Range{0x0400, 0x0481}, Range{0x048A, 0x052F},                         // Cyrillic
    Range{0x1E00, 0x1EFF},                                                // Latin Ext. Additional
};

// Combining marks: they continue a word but never start one.
constexpr std::array kMarkRanges = {
    Range{0x0300, 0x036F}, Range{0x0483, 0x0489}, Range{0x1DC0, 0x1DFF}, Range{0xFE20, 0xFE2F},
};

template <std::size_t N>
bool in(const std::array<Range, N>& ranges, char32_t cp) {
  // Ranges are sorted; find the first whose end is >= cp.
  auto it = std::lower_bound(ranges.begin(), ranges.end(), cp,
                             [](const Range& r, char32_t c) { return r.second < c; });
  return it != ranges.end() && it->first <= cp;
}

// Fullwidth ASCII to ASCII, ASCII upper case to lower case.
char32_t fold(char32_t cp) {
  if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;
  if (cp >= 'A' && cp <= 'Z') cp += 'a' - 'A';
  return cp;
}

bool is_ascii_digit(char32_t cp) { return cp >= '0' && cp <= '9'; }

CharClass classify(char32_t cp) {
  if (cp < 0x80) {
    bool alnum = is_ascii_digit(cp) || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    return alnum ? CharClass::kWordStart : CharClass::kSeparator;
  }
  if (cp == kInvalid) return CharClass::kSeparator;
  if (in(kCjkRanges, cp)) return CharClass::kCjk;
  if (in(kLetterRanges, cp)) return CharClass::kWordStart;
  if (in(kMarkRanges, cp)) return CharClass::kMark;
  return CharClass::kSeparator;
}

}  // namespace

std::vector<Run> segment(std::string_view utf8) {
  std::vector<Run> runs;
  Run* open = nullptr;  // the run the previous character belongs to
  bool digits_only = false;
  auto close = [&] {
    if (open != nullptr && open->kind != RunKind::kCjk && digits_only) {
      open->kind = RunKind::kNumber;
    }
    open = nullptr;
  };
  std::size_t pos = 0;
  while (pos < utf8.size()) {
    const char32_t cp = fold(decode_next(utf8, &pos));
    switch (classify(cp)) {
      case CharClass::kSeparator:
        close();
        break;
      case CharClass::kCjk:
        if (open == nullptr || open->kind != RunKind::kCjk) {
          close();
          open = &runs.emplace_back(Run{RunKind::kCjk, {}});
        }
        append_utf8(cp, &open->parts.emplace_back());
        break;
      case CharClass::kWordStart:
        if (open == nullptr || open->kind != RunKind::kWord) {
          close();
          open = &runs.emplace_back(Run{RunKind::kWord, {std::string()}});
          digits_only = true;
        }
        digits_only = digits_only && is_ascii_digit(cp);
        append_utf8(cp, &open->parts.front());
        break;
      case CharClass::kMark:
        if (open == nullptr || open->kind != RunKind::kWord) {
          close();  // a mark without a letter before it is dropped
          break;
        }
        digits_only = false;
        append_utf8(cp, &open->parts.front());
        break;
    }
  }
  close();
  return runs;
}

}  // namespace cedu::text
