// Semver: the MAJOR.MINOR.PATCH versions of plugins and of their dependencies' minimums.
// Pre-release and build suffixes are not accepted: a town school ships release versions.
// Thread-safety: plain values.
#pragma once

#include <compare>
#include <optional>
#include <string>
#include <string_view>

namespace cedu::plugins {

struct Semver {
  int major = 0, minor = 0, patch = 0;

  // Parses "1.2.3"; nullopt for anything else ("1.2", "v1.2.3", "1.2.3-rc1").
  static std::optional<Semver> parse(std::string_view text);
  std::string to_string() const;
  auto operator<=>(const Semver&) const = default;
};

}  // namespace cedu::plugins
