// Text encodings of the files district staff hand in: Excel on a Chinese Windows saves
// "CSV" as GBK and "CSV UTF-8" as UTF-8 with a byte-order mark. to_utf8() turns either, or
// plain UTF-8, into UTF-8 text; is_valid_utf8() is the strict validator it uses.
// Thread-safety: free functions without shared state; safe to call from any thread.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>

#include "common/result.h"

namespace cedu::tabular {

enum class Encoding {
  kUtf8,     // valid UTF-8 without a byte-order mark (also: empty input, pure ASCII)
  kUtf8Bom,  // valid UTF-8 after an EF BB BF byte-order mark
  kGbk,      // GBK, decoded as GB18030 (its superset)
};

// "UTF-8", "UTF-8 with BOM", "GBK".
std::string_view encoding_name(Encoding encoding);
std::ostream& operator<<(std::ostream& os, Encoding encoding);

// Returns the offset of the first byte of `bytes` that is not part of a well-formed UTF-8
// sequence (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF, no
// truncated sequence at the end), or std::string_view::npos iff `bytes` is valid UTF-8.
std::size_t find_invalid_utf8(std::string_view bytes);

// Returns true iff `bytes` is well-formed UTF-8 (see find_invalid_utf8).
inline bool is_valid_utf8(std::string_view bytes) {
  return find_invalid_utf8(bytes) == std::string_view::npos;
}

// Decodes a file's bytes to UTF-8:
//   - UTF-8 with a byte-order mark: the mark is stripped, the rest must be valid UTF-8;
//   - valid UTF-8: returned as is;
//   - anything else is taken for GBK and converted with iconv from GB18030.
// Sets *detected (when not null) on success.
// Errors: INVALID_ARGUMENT naming the byte offset and line of the first byte that is
// neither (for "UTF-8 with BOM": the first invalid UTF-8 byte), and for files with a
// UTF-16 byte-order mark (Excel's "Unicode text"), which are not supported.
Result<std::string> to_utf8(std::string_view bytes, Encoding* detected = nullptr);

}  // namespace cedu::tabular
