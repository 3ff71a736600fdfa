// Money as the funding service shows it: amounts are integer fen everywhere (DESIGN.md §2);
// these turn them into yuan text for people and into exact ratios for the figures.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace cedu::funding {

// "1234.56" for 123456 fen; "-0.05" for -5.
std::string yuan_text(std::int64_t fen);
// `part` / `whole` in basis points (1/100 of a percent, 10000 = 100 %), rounded half up;
// nullopt when `whole` is not positive (no ratio to speak of).
std::optional<std::int64_t> ratio_bp(std::int64_t part, std::int64_t whole);
// "87.50%" for 8750 bp; "—" for none.
std::string percent_text(std::optional<std::int64_t> bp);

}  // namespace cedu::funding
