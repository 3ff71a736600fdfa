#include "services/course/params.h"

#include <cmath>
#include <cstdio>

#include "services/library/schema.h"

namespace cedu::course {
namespace {

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

}  // namespace

Result<std::optional<std::string>> read_optional_text(const mp::MapView& p, std::string_view key,
                                                      std::size_t max_chars) {
  CEDU_ASSIGN_OR_RETURN(auto raw, p.optional_string(key));
  if (!raw) return std::optional<std::string>();
  std::string s = trim(*raw);
  if (s.empty()) return std::optional<std::string>();
  if (library::code_points(s) > max_chars) {
    return Status::invalid_argument("longer than " + std::to_string(max_chars) + " characters",
                                    p.path_of(key));
  }
  return std::optional<std::string>(std::move(s));
}

Result<std::string> read_text(const mp::MapView& p, std::string_view key, std::size_t max_chars) {
  if (!p.has(key)) return Status::invalid_argument("is required", p.path_of(key));
  CEDU_ASSIGN_OR_RETURN(auto s, read_optional_text(p, key, max_chars));
  if (!s) return Status::invalid_argument("must not be empty", p.path_of(key));
  return std::move(*s);
}

Result<std::optional<std::int64_t>> read_optional_id(const mp::MapView& p, std::string_view key) {
  CEDU_ASSIGN_OR_RETURN(auto id, p.optional_int64(key));
  if (id && *id < 1) {
    return Status::invalid_argument("must be a record id (≥ 1), not " + std::to_string(*id),
                                    p.path_of(key));
  }
  return id;
}

Result<std::int64_t> read_id(const mp::MapView& p, std::string_view key) {
  CEDU_ASSIGN_OR_RETURN(std::int64_t id, p.int64(key));
  if (id < 1) {
    return Status::invalid_argument("must be a record id (≥ 1), not " + std::to_string(id),
                                    p.path_of(key));
  }
  return id;
}

Result<std::optional<double>> read_optional_number(const mp::MapView& p, std::string_view key,
                                                   double min, double max) {
  const msgpack::object* o = p.find(key);
  if (o == nullptr || o->type == msgpack::type::NIL) return std::optional<double>();
  CEDU_ASSIGN_OR_RETURN(double v, p.number(key));
  if (!std::isfinite(v) || v < min || v > max) {
    char range[64];
    std::snprintf(range, sizeof range, "must be a number between %g and %g", min, max);
    return Status::invalid_argument(range, p.path_of(key));
  }
  return std::optional<double>(v);
}

std::string clip(std::string_view s, std::size_t chars) {
  std::size_t n = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (n == chars) break;
      ++n;
    }
  }
  return std::string(s.substr(0, i)) + (i < s.size() ? "…" : "");
}

Status in_params(const Status& s) {
  if (s.is_ok() || s.field().empty() || s.field().rfind("params.", 0) == 0) return s;
  return Status(s.code(), s.message(), "params." + s.field());
}

}  // namespace cedu::course
