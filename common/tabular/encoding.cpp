#include "common/tabular/encoding.h"

#include <errno.h>
#include <iconv.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ostream>

namespace cedu::tabular {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Returns the length (2..4) of the well-formed UTF-8 sequence starting at p[0] (a byte
// >= 0x80), or 0 if there is none. `n` is the number of bytes available (>= 1).
std::size_t sequence_length(const unsigned char* p, std::size_t n) {
  const unsigned char c = p[0];
  auto cont = [&](std::size_t i) { return i < n && (p[i] & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (n < 2) return 0;
    // E0: no overlong forms (A0..BF); ED: no surrogates (80..9F).
    const unsigned char lo = c == 0xE0 ? 0xA0 : 0x80;
    const unsigned char hi = c == 0xED ? 0x9F : 0xBF;
    if (p[1] < lo || p[1] > hi) return 0;
    return cont(2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (n < 2) return 0;
    // F0: no overlong forms (90..BF); F4: nothing above U+10FFFF (80..8F).
    const unsigned char lo = c == 0xF0 ? 0x90 : 0x80;
    const unsigned char hi = c == 0xF4 ? 0x8F : 0xBF;
    if (p[1] < lo || p[1] > hi) return 0;
    return cont(2) && cont(3) ? 4 : 0;
  }
  return 0;  // 80..C1 (continuation or overlong lead), F5..FF
}

// 1-based line of byte `offset`: counts LF, CRLF and lone CR line ends before it. (In GBK
// neither CR nor LF can be the second byte of a character, so raw bytes are fine.)
std::size_t line_of(std::string_view bytes, std::size_t offset) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < offset && i < bytes.size(); ++i) {
    if (bytes[i] == '\n') {
      ++line;
    } else if (bytes[i] == '\r' && (i + 1 >= bytes.size() || bytes[i + 1] != '\n')) {
      ++line;
    }
  }
  return line;
}

std::string where(std::string_view bytes, std::size_t offset) {
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X",
                static_cast<unsigned>(static_cast<unsigned char>(bytes[offset])));
  return "byte offset " + std::to_string(offset) + " (line " +
         std::to_string(line_of(bytes, offset)) + "): byte " + hex;
}

// True iff `bytes` (not valid UTF-8) still looks like UTF-8 text with damage or a few
// bytes in another encoding: it has more well-formed multi-byte UTF-8 sequences of three
// or more bytes (CJK) than invalid bytes. GBK text almost never does: nearly every GBK
// character is an invalid UTF-8 byte, and three-byte look-alikes are rare.
bool mostly_utf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t good = 0;
  std::size_t bad = 0;
  for (std::size_t i = 0; i < n;) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    const std::size_t len = sequence_length(p + i, n - i);
    if (len == 0) {
      ++bad;
      ++i;
    } else {
      if (len >= 3) ++good;
      i += len;
    }
  }
  return good > bad;
}

// Closes an iconv descriptor on scope exit.
class IconvHandle {
 public:
  IconvHandle(const char* to, const char* from) : cd_(iconv_open(to, from)) {}
  IconvHandle(const IconvHandle&) = delete;
  IconvHandle& operator=(const IconvHandle&) = delete;
  ~IconvHandle() {
    if (valid()) iconv_close(cd_);
  }
  bool valid() const { return cd_ != reinterpret_cast<iconv_t>(-1); }
  iconv_t get() const { return cd_; }

 private:
  iconv_t cd_;
};

Result<std::string> gbk_to_utf8(std::string_view bytes) {
  IconvHandle cd("UTF-8", "GB18030");
  if (!cd.valid()) {
    return Status::internal(std::string("iconv cannot convert from GB18030: ") +
                            std::strerror(errno));
  }
  // A GBK character is 1, 2 or 4 bytes and becomes at most 1.5x as many UTF-8 bytes.
  std::string out(bytes.size() + bytes.size() / 2 + 16, '\0');
  // iconv's input is char** though it does not write through it.
  char* in = const_cast<char*>(bytes.data());  // NOLINT
  std::size_t in_left = bytes.size();
  std::size_t used = 0;
  while (in_left > 0) {
    char* out_ptr = out.data() + used;
    std::size_t out_left = out.size() - used;
    const std::size_t rc = iconv(cd.get(), &in, &in_left, &out_ptr, &out_left);
    used = out.size() - out_left;
    if (rc != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    // EILSEQ: an invalid sequence; EINVAL: a sequence cut off by the end of the input.
    const auto offset = static_cast<std::size_t>(in - bytes.data());
    return Status::invalid_argument(where(bytes, offset) + " is neither UTF-8 nor GBK" +
                                    (errno == EINVAL ? " (truncated character at the end)" : ""));
  }
  out.resize(used);
  return out;
}

}  // namespace

std::string_view encoding_name(Encoding encoding) {
  switch (encoding) {
    case Encoding::kUtf8: return "UTF-8";
    case Encoding::kUtf8Bom: return "UTF-8 with BOM";
    case Encoding::kGbk: return "GBK";
  }
  return "unknown";
}

std::ostream& operator<<(std::ostream& os, Encoding encoding) {
  return os << encoding_name(encoding);
}

std::size_t find_invalid_utf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    // Fast path: eight ASCII bytes at a time.
    if (i + 8 <= n) {
      std::uint64_t word;
      std::memcpy(&word, p + i, sizeof word);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    const std::size_t len = sequence_length(p + i, n - i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

Result<std::string> to_utf8(std::string_view bytes, Encoding* detected) {
  if (bytes.starts_with(kUtf8Bom)) {
    const std::string_view rest = bytes.substr(kUtf8Bom.size());
    const std::size_t bad = find_invalid_utf8(rest);
    if (bad != std::string_view::npos) {
      return Status::invalid_argument(where(bytes, bad + kUtf8Bom.size()) +
                                      " is not valid UTF-8 in a file marked as UTF-8 (BOM)");
    }
    if (detected != nullptr) *detected = Encoding::kUtf8Bom;
    return std::string(rest);
  }
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    return Status::invalid_argument(
        "the file is UTF-16 (Excel's \"Unicode text\"); save it as \"CSV UTF-8\" or \"CSV\"");
  }
  const std::size_t bad = find_invalid_utf8(bytes);
  if (bad == std::string_view::npos) {
    if (detected != nullptr) *detected = Encoding::kUtf8;
    return std::string(bytes);
  }
  if (mostly_utf8(bytes)) {
    return Status::invalid_argument(
        where(bytes, bad) +
        " is not valid UTF-8 in a file that is otherwise UTF-8 (damaged, or mixed encodings)");
  }
  CEDU_ASSIGN_OR_RETURN(std::string text, gbk_to_utf8(bytes));
  if (detected != nullptr) *detected = Encoding::kGbk;
  return text;
}

}  // namespace cedu::tabular
