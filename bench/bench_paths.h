// Where a benchmark finds what it needs: its own program (it re-runs itself as the baseline
// proxy), the bin directory beside it (cedu-bus and the services were built there), and the
// shipped district network. Header-only.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace cedu::bench {

inline std::string this_program() { return std::filesystem::canonical("/proc/self/exe").string(); }

inline std::string bin_dir() {
  return std::filesystem::path(this_program()).parent_path().string();
}

// configs/network.yaml of $CEDU_SOURCE_DIR, else of `built_from` (the source tree the
// benchmark was built from).
inline std::string shipped_network(const char* built_from) {
  const char* source = std::getenv("CEDU_SOURCE_DIR");
  return std::string(source != nullptr ? source : built_from) + "/configs/network.yaml";
}

}  // namespace cedu::bench
