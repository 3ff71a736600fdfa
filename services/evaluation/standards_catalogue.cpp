#include "services/evaluation/standards_catalogue.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "common/config/error.h"
#include "services/evaluation/standards_parse.h"

namespace cedu::evaluation {

StandardCatalogue StandardCatalogue::load_dir(const std::string& dir) {
  std::error_code ec;
  std::vector<std::string> paths;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto& p = it->path();
    if (p.extension() == ".yaml" && it->is_regular_file()) paths.push_back(p.string());
  }
  if (ec) throw config::ConfigError(dir, 0, "", "cannot read standards: " + ec.message());
  if (paths.empty()) throw config::ConfigError(dir, 0, "", "no standards (*.yaml) found");
  std::sort(paths.begin(), paths.end());
  std::vector<Standard> standards;
  for (const std::string& path : paths) standards.push_back(load_standard(path));
  return of(std::move(standards));
}

StandardCatalogue StandardCatalogue::of(std::vector<Standard> standards) {
  std::stable_sort(standards.begin(), standards.end(), [](const Standard& a, const Standard& b) {
    return a.id != b.id ? a.id < b.id : a.version < b.version;
  });
  for (std::size_t i = 1; i < standards.size(); ++i) {
    const Standard& prev = standards[i - 1];
    const Standard& cur = standards[i];
    if (prev.id == cur.id && prev.version == cur.version) {
      throw config::ConfigError(cur.source, cur.version_line, "version",
                                "duplicate standard " + cur.id + " version " +
                                    std::to_string(cur.version) + " (also in " + prev.source +
                                    ")");
    }
  }
  StandardCatalogue c;
  c.standards_ = std::move(standards);
  return c;
}

const Standard* StandardCatalogue::get(std::string_view id, std::optional<int> version) const {
  const Standard* best = nullptr;
  for (const Standard& s : standards_) {
    if (s.id != id) continue;
    if (version ? s.version == *version : true) best = &s;  // sorted: the last is the highest
  }
  return best;
}

}  // namespace cedu::evaluation
