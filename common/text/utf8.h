// UTF-8 decoding and encoding for cedu::text, forgiving by design: text from forms,
// spreadsheets and old GBK exports may hold broken bytes, and search must never crash on
// them. Invalid sequences (stray continuation bytes, truncated or overlong sequences,
// surrogates, code points above U+10FFFF) decode as kInvalid, one byte at a time, and
// callers treat them as separators.
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cedu::text {

// Returned by decode_next() for a byte that does not start a valid sequence.
inline constexpr char32_t kInvalid = 0xFFFFFFFF;

// Decodes the code point at text[*pos] and advances *pos past it (by exactly one byte
// iff the result is kInvalid). REQUIRES: *pos < text.size().
char32_t decode_next(std::string_view text, std::size_t* pos);

// Appends the UTF-8 encoding of `cp` to `*out`. REQUIRES: cp is a Unicode scalar value
// (<= U+10FFFF, not a surrogate).
void append_utf8(char32_t cp, std::string* out);

}  // namespace cedu::text
