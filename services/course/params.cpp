#include "services/course/params.h"

#include <cmath>
#include <cstdio>

namespace cedu::course {

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

}  // namespace cedu::course
