// config::Reader: typed, strict reading of one YAML map of a configuration file. Every
// error is a ConfigError "file:line: key.path: what is wrong"; a key nobody asked for is
// an error too (finish()), so a typo never silently falls back to a default.
//
//   Reader root = Reader::load_file("configs/cedu.yaml");
//   Reader bus = root.child("bus");
//   auto ms = bus.optional_between<std::int64_t>("heartbeat_interval_ms", 1000, 10, 60000);
//   bus.finish();
//   root.finish();
//
// A null value (`key:` with nothing after it, `~`, `null`) counts as absent for
// optional()/maybe(), as an empty map for child()/maybe_child() and as an empty list for
// list()/string_list(). Reading is for start-up only: errors are exceptions.
// Thread-safety: not thread-safe. All Readers of one file share the record of which keys
// were read (per map path), so reading through a copy, or through a second child("x"),
// counts for finish() on any Reader of the same map.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "common/config/error.h"
#include "common/config/scalars.h"

namespace cedu::config {

class Reader {
 public:
  // Parses the file at `path`; its root must be a map (an empty file is an empty map).
  // Throws ConfigError "path: cannot open: <reason>", "path:line: yaml: <parser message>",
  // or for a non-map root or duplicate keys.
  static Reader load_file(const std::string& path);
  // Same as load_file over `text`; `name` stands for the file name in errors.
  static Reader from_string(std::string text, std::string name);

  // The value of `key`. Throws iff it is missing ("required key is missing", at this
  // map's line) or null or not a T ("expected unsigned integer, got \"three\"").
  template <ConfigScalar T>
  T required(std::string_view key) const;
  // The value of `key`, or `fallback` iff it is absent or null. Throws on a wrong type.
  template <ConfigScalar T>
  T optional(std::string_view key, T fallback) const;
  std::string optional(std::string_view key, const char* fallback) const {
    return optional<std::string>(key, std::string(fallback));
  }
  // The value of `key`, or nullopt iff it is absent or null. Throws on a wrong type.
  template <ConfigScalar T>
  std::optional<T> maybe(std::string_view key) const;

  // As required()/optional(), and throws "must be between lo and hi" iff the value is
  // outside [lo, hi].
  template <ConfigScalar T>
    requires(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>)
  T required_between(std::string_view key, T lo, T hi) const;
  template <ConfigScalar T>
    requires(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>)
  T optional_between(std::string_view key, T fallback, T lo, T hi) const;
  // As optional<std::string>(), and throws "must be one of A, B, C, got \"x\"" iff the
  // value is not one of `allowed` (compared exactly).
  std::string optional_choice(std::string_view key, std::string fallback,
                              std::initializer_list<std::string_view> allowed) const;

  // Returns true iff `key` is present with a non-null value. Counts as asking about the
  // key (it becomes an allowed key for finish()), not as reading it.
  bool has(std::string_view key) const;

  // The map under `key`. Throws iff it is missing or not a map.
  Reader child(std::string_view key) const;
  // The map under `key`, or nullopt iff it is absent. Throws iff it is not a map.
  std::optional<Reader> maybe_child(std::string_view key) const;
  // The maps of the sequence under `key` (absent → empty). Throws iff it is not a
  // sequence or an element is not a map. Element paths read "key[0]", "key[1]", ...
  std::vector<Reader> list(std::string_view key) const;
  // The strings of the sequence under `key` (absent → empty). Throws iff it is not a
  // sequence of scalars.
  std::vector<std::string> string_list(std::string_view key) const;
  // Every key of this map with its map value, in file order; marks all keys read.
  // Throws iff a value is not a map (null counts as an empty map).
  std::vector<std::pair<std::string, Reader>> entries() const;
  // Every key of this map, in file order. Does not mark anything read.
  std::vector<std::string> keys() const;

  // Throws "unknown key (allowed: a, b, c)" at the line of the first key of this map
  // (in file order) that no call above asked about. Does not look into child maps: call
  // finish() on each of them too.
  void finish() const;

  // Throws ConfigError `file:line: path.key: message` at the line of `key`'s value (this
  // map's line iff `key` is absent; `key` empty means this map itself).
  [[noreturn]] void fail(std::string_view key, const std::string& message) const;

  const std::string& file() const;
  // Dotted path of this map from the root ("bus.events"); empty for the root.
  const std::string& path() const { return path_; }
  std::string path_of(std::string_view key) const;
  // 1-based line of this map (of its key in the parent, for a child map).
  int line() const { return line_; }
  // 1-based line of `key`'s value; this map's line iff `key` is absent.
  int line_of(std::string_view key) const;
  // The underlying node: a map, or null for an empty map.
  const YAML::Node& node() const { return node_; }

 private:
  struct Entry {
    YAML::Node key;
    YAML::Node value;
  };
  struct Document;  // file name and, per map path, the keys asked about
  Reader(std::shared_ptr<Document> doc, std::string path, YAML::Node node, int line);
  static Reader parse(const std::string& text, std::string name);
  // Checks that `value` (at `key_path`, on `line`) is a map or null and wraps it.
  Reader make_child(std::string key_path, const YAML::Node& value, int line) const;
  // Finds `key` and records it as asked about.
  std::optional<Entry> lookup(std::string_view key) const;
  int line_of(const Entry& e) const;
  // Calls `visit(item, "key[i]", line)` for each item of the sequence at `key`; nothing when
  // it is absent or null. Throws when it is not a sequence.
  void for_each_item(std::string_view key,
                     const std::function<void(const YAML::Node&, std::string, int)>& visit) const;
  [[noreturn]] void fail_at(int line, std::string key_path, const std::string& message) const;

  std::shared_ptr<Document> doc_;
  std::string path_;
  YAML::Node node_;
  int line_ = 1;
  std::vector<std::string>* asked_;  // keys of this map asked about, in order; in doc_
};

}  // namespace cedu::config
