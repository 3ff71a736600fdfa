// StandardCatalogue: every evaluation standard of a directory (configs/standards/*.yaml),
// by id and version. Loading stops at the first bad file with its file:line error; two
// files with the same id and version are an error too, since an evaluation names the
// version it was made under and must find exactly one.
// Thread-safety: immutable after load; may be read from any number of threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/evaluation/standards.h"

namespace cedu::evaluation {

class StandardCatalogue {
 public:
  // Loads every *.yaml file of `dir`, in name order. Throws config::ConfigError for a
  // bad file, a duplicate (id, version), or a directory that cannot be read or holds none.
  static StandardCatalogue load_dir(const std::string& dir);
  // A catalogue of already parsed standards. Throws config::ConfigError for a duplicate.
  static StandardCatalogue of(std::vector<Standard> standards);

  // The standard `id` at `version`, or its highest version when `version` is nullopt;
  // nullptr iff there is none.
  const Standard* get(std::string_view id, std::optional<int> version = std::nullopt) const;
  // Every standard, ordered by id then version.
  const std::vector<Standard>& all() const { return standards_; }

 private:
  std::vector<Standard> standards_;
};

}  // namespace cedu::evaluation
