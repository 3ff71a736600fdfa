#include "common/config/reader.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <sstream>

namespace cedu::config {
namespace {

int line_from(const YAML::Mark& mark, int fallback) {
  return mark.is_null() ? fallback : mark.line + 1;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

template <typename T>
std::string to_text(T v) {
  if constexpr (std::is_floating_point_v<T>) {
    std::ostringstream os;
    os << v;
    return os.str();
  } else if constexpr (std::is_same_v<T, bool>) {
    return v ? "true" : "false";
  } else {
    return std::to_string(v);
  }
}

}  // namespace

struct Reader::Document {
  std::string file;
  std::map<std::string, std::vector<std::string>, std::less<>> asked;  // by map path
};

Reader::Reader(std::shared_ptr<Document> doc, std::string path, YAML::Node node, int line)
    : doc_(std::move(doc)),
      path_(std::move(path)),
      node_(std::move(node)),
      line_(line),
      asked_(&doc_->asked[path_]) {
  std::map<std::string, int, std::less<>> seen;
  for (const auto& kv : node_) {
    const YAML::Node& k = kv.first;
    int key_line = line_from(k.Mark(), line_);
    if (!k.IsScalar()) fail_at(key_line, path_, "keys must be strings, got " + detail::describe(k));
    auto [pos, inserted] = seen.emplace(k.Scalar(), key_line);
    if (!inserted) {
      fail_at(key_line, path_of(k.Scalar()),
              "duplicate key (first at line " + std::to_string(pos->second) + ")");
    }
  }
}

Reader Reader::load_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw ConfigError(path, 0, "", "cannot open: is a directory");
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) throw ConfigError(path, 0, "", std::string("cannot open: ") + std::strerror(errno));
  std::string text;
  char buf[8192];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  bool failed = std::ferror(f) != 0;
  int err = errno;
  std::fclose(f);
  if (failed) throw ConfigError(path, 0, "", std::string("cannot read: ") + std::strerror(err));
  return parse(text, path);
}

Reader Reader::from_string(std::string text, std::string name) {
  return parse(text, std::move(name));
}

Reader Reader::parse(const std::string& text, std::string name) {
  auto doc = std::make_shared<Document>();
  doc->file = std::move(name);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw ConfigError(doc->file, line_from(e.mark, 0), "yaml", e.msg);
  }
  if (!root.IsMap() && !root.IsNull()) {
    throw ConfigError(doc->file, line_from(root.Mark(), 1), "",
                      "expected a map at the top level, got " + detail::describe(root));
  }
  return Reader(doc, "", root, line_from(root.Mark(), 1));
}

const std::string& Reader::file() const { return doc_->file; }

std::string Reader::path_of(std::string_view key) const {
  if (key.empty()) return path_;
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

std::optional<Reader::Entry> Reader::lookup(std::string_view key) const {
  if (std::find(asked_->begin(), asked_->end(), key) == asked_->end()) {
    asked_->emplace_back(key);
  }
  for (const auto& kv : node_) {
    if (kv.first.Scalar() == key) return Entry{kv.first, kv.second};
  }
  return std::nullopt;
}

int Reader::line_of(const Entry& e) const {
  int key_line = line_from(e.key.Mark(), line_);
  // yaml-cpp marks an empty value (`key:`) on the following line; use the key's.
  if (e.value.IsNull()) return key_line;
  return line_from(e.value.Mark(), key_line);
}

int Reader::line_of(std::string_view key) const {
  for (const auto& kv : node_) {
    if (kv.first.Scalar() == key) return line_of(Entry{kv.first, kv.second});
  }
  return line_;
}

void Reader::fail_at(int line, std::string key_path, const std::string& message) const {
  throw ConfigError(doc_->file, line, std::move(key_path), message);
}

void Reader::fail(std::string_view key, const std::string& message) const {
  fail_at(key.empty() ? line_ : line_of(key), path_of(key), message);
}

template <ConfigScalar T>
std::optional<T> Reader::maybe(std::string_view key) const {
  auto e = lookup(key);
  if (!e || e->value.IsNull()) return std::nullopt;
  T out{};
  if (auto err = detail::decode(e->value, &out)) fail_at(line_of(*e), path_of(key), *err);
  return out;
}

template <ConfigScalar T>
T Reader::required(std::string_view key) const {
  auto e = lookup(key);
  if (!e) fail_at(line_, path_of(key), "required key is missing");
  T out{};
  if (auto err = detail::decode(e->value, &out)) fail_at(line_of(*e), path_of(key), *err);
  return out;
}

template <ConfigScalar T>
T Reader::optional(std::string_view key, T fallback) const {
  std::optional<T> v = maybe<T>(key);
  return v ? std::move(*v) : std::move(fallback);
}

template <ConfigScalar T>
  requires(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>)
T Reader::required_between(std::string_view key, T lo, T hi) const {
  T v = required<T>(key);
  if (v < lo || v > hi) fail(key, "must be between " + to_text(lo) + " and " + to_text(hi));
  return v;
}

template <ConfigScalar T>
  requires(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>)
T Reader::optional_between(std::string_view key, T fallback, T lo, T hi) const {
  std::optional<T> v = maybe<T>(key);
  if (!v) return fallback;
  if (*v < lo || *v > hi) fail(key, "must be between " + to_text(lo) + " and " + to_text(hi));
  return *v;
}

std::string Reader::optional_choice(std::string_view key, std::string fallback,
                                    std::initializer_list<std::string_view> allowed) const {
  std::optional<std::string> v = maybe<std::string>(key);
  if (!v) return fallback;
  for (std::string_view a : allowed) {
    if (a == *v) return *v;
  }
  std::string names;
  for (std::string_view a : allowed) names += (names.empty() ? "" : ", ") + std::string(a);
  fail(key, "must be one of " + names + ", got \"" + *v + "\"");
}

bool Reader::has(std::string_view key) const {
  auto e = lookup(key);
  return e && !e->value.IsNull();
}

Reader Reader::make_child(std::string key_path, const YAML::Node& value, int line) const {
  if (!value.IsMap() && !value.IsNull()) {
    fail_at(line_from(value.Mark(), line), std::move(key_path),
            "expected a map, got " + detail::describe(value));
  }
  return Reader(doc_, std::move(key_path), value, line);
}

Reader Reader::child(std::string_view key) const {
  auto e = lookup(key);
  if (!e) fail_at(line_, path_of(key), "required key is missing");
  return make_child(path_of(key), e->value, line_from(e->key.Mark(), line_));
}

std::optional<Reader> Reader::maybe_child(std::string_view key) const {
  auto e = lookup(key);
  if (!e) return std::nullopt;
  return make_child(path_of(key), e->value, line_from(e->key.Mark(), line_));
}

void Reader::for_each_item(
    std::string_view key,
    const std::function<void(const YAML::Node&, std::string, int)>& visit) const {
  auto e = lookup(key);
  if (!e || e->value.IsNull()) return;
  if (!e->value.IsSequence()) {
    fail_at(line_of(*e), path_of(key), "expected a sequence, got " + detail::describe(e->value));
  }
  const int fallback_line = line_of(*e);
  std::size_t i = 0;
  for (const YAML::Node& item : e->value) {
    visit(item, path_of(key) + "[" + std::to_string(i++) + "]",
          line_from(item.Mark(), fallback_line));
  }
}

std::vector<Reader> Reader::list(std::string_view key) const {
  std::vector<Reader> out;
  for_each_item(key, [&](const YAML::Node& item, std::string path, int line) {
    out.push_back(make_child(std::move(path), item, line));
  });
  return out;
}

std::vector<std::string> Reader::string_list(std::string_view key) const {
  std::vector<std::string> out;
  for_each_item(key, [&](const YAML::Node& item, std::string path, int line) {
    std::string s;
    if (auto err = detail::decode(item, &s)) fail_at(line, std::move(path), *err);
    out.push_back(std::move(s));
  });
  return out;
}

std::vector<std::pair<std::string, Reader>> Reader::entries() const {
  std::vector<std::pair<std::string, Reader>> out;
  for (const auto& kv : node_) {
    const std::string name = kv.first.Scalar();
    lookup(name);
    out.emplace_back(name, make_child(path_of(name), kv.second, line_from(kv.first.Mark(), line_)));
  }
  return out;
}

std::vector<std::string> Reader::keys() const {
  std::vector<std::string> out;
  for (const auto& kv : node_) out.push_back(kv.first.Scalar());
  return out;
}

void Reader::finish() const {
  for (const auto& kv : node_) {
    const std::string name = kv.first.Scalar();
    if (std::find(asked_->begin(), asked_->end(), name) != asked_->end()) continue;
    fail_at(line_from(kv.first.Mark(), line_), path_of(name),
            asked_->empty() ? "unknown key (no keys are allowed here)"
                            : "unknown key (allowed: " + join(*asked_) + ")");
  }
}

#define CEDU_CONFIG_INSTANTIATE(T)                                                \
  template T Reader::required<T>(std::string_view) const;                        \
  template T Reader::optional<T>(std::string_view, T) const;                     \
  template std::optional<T> Reader::maybe<T>(std::string_view) const;
#define CEDU_CONFIG_INSTANTIATE_RANGE(T)                                          \
  template T Reader::required_between<T>(std::string_view, T, T) const;          \
  template T Reader::optional_between<T>(std::string_view, T, T, T) const;

CEDU_CONFIG_INSTANTIATE(std::string)
CEDU_CONFIG_INSTANTIATE(bool)
CEDU_CONFIG_INSTANTIATE(int)
CEDU_CONFIG_INSTANTIATE(std::int64_t)
CEDU_CONFIG_INSTANTIATE(std::uint32_t)
CEDU_CONFIG_INSTANTIATE(std::uint64_t)
CEDU_CONFIG_INSTANTIATE(double)
CEDU_CONFIG_INSTANTIATE_RANGE(int)
CEDU_CONFIG_INSTANTIATE_RANGE(std::int64_t)
CEDU_CONFIG_INSTANTIATE_RANGE(std::uint32_t)
CEDU_CONFIG_INSTANTIATE_RANGE(std::uint64_t)
CEDU_CONFIG_INSTANTIATE_RANGE(double)

}  // namespace cedu::config
