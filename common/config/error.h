// ConfigError: the one exception of cedu's start-up path. A bad configuration stops the
// process with a message a person can act on, `file:line: key.path: what is wrong`
// (DESIGN.md §5). Thread-safety: an immutable value.
#pragma once

#include <stdexcept>
#include <string>

namespace cedu::config {

class ConfigError : public std::runtime_error {
 public:
  // `line` is 1-based; 0 means "no line" (e.g. the file cannot be opened). An empty
  // `key` leaves the key part out of what().
  ConfigError(std::string file, int line, std::string key, std::string problem)
      : std::runtime_error(format(file, line, key, problem)),
        file_(std::move(file)),
        line_(line),
        key_(std::move(key)),
        problem_(std::move(problem)) {}

  const std::string& file() const { return file_; }
  int line() const { return line_; }
  const std::string& key() const { return key_; }
  const std::string& problem() const { return problem_; }

 private:
  static std::string format(const std::string& file, int line, const std::string& key,
                            const std::string& problem) {
    std::string out = file;
    if (line > 0) out += ":" + std::to_string(line);
    out += ": ";
    if (!key.empty()) out += key + ": ";
    return out + problem;
  }

  std::string file_;
  int line_;
  std::string key_;
  std::string problem_;
};

}  // namespace cedu::config
