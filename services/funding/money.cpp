#include "services/funding/money.h"

#include <cstdio>

namespace cedu::funding {
namespace {
// GCC's 128-bit integer (-Wpedantic asks for the marker).
__extension__ typedef __int128 Wide;
}  // namespace

std::string yuan_text(std::int64_t fen) {
  const bool negative = fen < 0;
  // Unsigned, so that the most negative int64 still prints.
  const std::uint64_t abs = negative ? 0 - static_cast<std::uint64_t>(fen) : static_cast<std::uint64_t>(fen);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s%llu.%02llu", negative ? "-" : "",
                static_cast<unsigned long long>(abs / 100), static_cast<unsigned long long>(abs % 100));
  return buf;
}

std::optional<std::int64_t> ratio_bp(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return std::nullopt;
  // 128-bit: part × 10000 of a sum near the 10^12-fen entry limit times many entries.
  const Wide scaled = static_cast<Wide>(part) * 20000 + whole;
  Wide q = scaled / (2 * static_cast<Wide>(whole));
  if (scaled < 0 && scaled % (2 * static_cast<Wide>(whole)) != 0) --q;  // floor for negatives
  return static_cast<std::int64_t>(q);
}

std::string percent_text(std::optional<std::int64_t> bp) {
  if (!bp) return "—";
  return yuan_text(*bp) + "%";
}

}  // namespace cedu::funding
