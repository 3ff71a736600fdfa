#include "cli/executable_lookup.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

namespace cedu::cli {
namespace {

bool is_executable_file(const std::filesystem::path& p) {
  std::error_code ec;
  return std::filesystem::is_regular_file(p, ec) && access(p.c_str(), X_OK) == 0;
}

}  // namespace

std::string self_directory() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  return exe.parent_path().string();
}

std::optional<std::string> find_executable(const std::string& name) {
  if (std::string dir = self_directory(); !dir.empty()) {
    auto candidate = std::filesystem::path(dir) / name;
    if (is_executable_file(candidate)) return candidate.string();
  }
  const char* path = std::getenv("PATH");
  if (path == nullptr) return std::nullopt;
  std::stringstream dirs(path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    auto candidate = std::filesystem::path(dir) / name;
    if (is_executable_file(candidate)) return candidate.string();
  }
  return std::nullopt;
}

}  // namespace cedu::cli
