#include "common/tabular/header_map.h"

#include <array>

namespace cedu::tabular {
namespace {

// ASCII spaces, U+3000 (ideographic space), U+00A0 (no-break space).
constexpr std::array<std::string_view, 6> kSpaces = {" ",  "\t", "\r", "\n", "\xE3\x80\x80",
                                                     "\xC2\xA0"};
constexpr std::array<std::string_view, 2> kStars = {"*", "\xEF\xBC\x8A"};  // *, ＊
constexpr std::array<std::string_view, 2> kOpen = {"(", "\xEF\xBC\x88"};   // (, （
constexpr std::array<std::string_view, 2> kClose = {")", "\xEF\xBC\x89"};  // ), ）
constexpr std::string_view kRequired = "\xE5\xBF\x85\xE5\xA1\xAB";         // 必填

// Removes one of `options` from the front (or the back) of *s; returns whether it did.
template <std::size_t N>
bool strip_prefix(std::string_view* s, const std::array<std::string_view, N>& options) {
  for (std::string_view o : options) {
    if (s->starts_with(o)) {
      s->remove_prefix(o.size());
      return true;
    }
  }
  return false;
}
template <std::size_t N>
bool strip_suffix(std::string_view* s, const std::array<std::string_view, N>& options) {
  for (std::string_view o : options) {
    if (s->ends_with(o)) {
      s->remove_suffix(o.size());
      return true;
    }
  }
  return false;
}

std::string_view trim(std::string_view s) {
  while (strip_prefix(&s, kSpaces)) {
  }
  while (strip_suffix(&s, kSpaces)) {
  }
  return s;
}

// Removes a trailing "(必填)" in half- or full-width parentheses; returns whether it did.
bool strip_required(std::string_view* s) {
  std::string_view t = *s;
  if (!strip_suffix(&t, kClose) || !t.ends_with(kRequired)) return false;
  t.remove_suffix(kRequired.size());
  if (!strip_suffix(&t, kOpen)) return false;
  *s = t;
  return true;
}

std::string column_label(const std::vector<std::string>& header, std::size_t c) {
  return "column " + std::to_string(c + 1) + " (" + header[c] + ")";
}

}  // namespace

std::string normalize_header(std::string_view name) {
  std::string_view s = trim(name);
  for (bool changed = true; changed;) {
    changed = strip_required(&s) || strip_suffix(&s, kStars) || strip_prefix(&s, kStars);
    s = trim(s);
  }
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Result<HeaderMapper> HeaderMapper::create(std::vector<ColumnSpec> specs) {
  if (specs.empty()) return Status::invalid_argument("no column specs", "specs");
  HeaderMapper mapper(std::move(specs));
  for (std::size_t f = 0; f < mapper.specs_.size(); ++f) {
    const ColumnSpec& spec = mapper.specs_[f];
    if (normalize_header(spec.field).empty()) {
      return Status::invalid_argument("column spec " + std::to_string(f + 1) + " has no field",
                                      "specs");
    }
    if (mapper.field_index(spec.field) != f) {
      return Status::invalid_argument("field " + spec.field + " is specified twice", spec.field);
    }
    std::vector<std::string_view> names{spec.field};
    names.insert(names.end(), spec.aliases.begin(), spec.aliases.end());
    for (std::string_view name : names) {
      std::string key = normalize_header(name);
      if (key.empty()) {
        return Status::invalid_argument("field " + spec.field + " has an empty alias", spec.field);
      }
      bool seen = false;
      for (const auto& [other_key, other] : mapper.names_) {
        if (other_key != key) continue;
        if (other != f) {
          return Status::invalid_argument("header \"" + std::string(name) + "\" would match both " +
                                              mapper.specs_[other].field + " and " + spec.field,
                                          spec.field);
        }
        seen = true;  // the same name twice for one field: harmless
      }
      if (!seen) mapper.names_.emplace_back(std::move(key), f);
    }
  }
  return mapper;
}

std::size_t HeaderMapper::field_index(std::string_view field) const {
  for (std::size_t f = 0; f < specs_.size(); ++f) {
    if (specs_[f].field == field) return f;
  }
  return kUnmapped;
}

Result<HeaderMapping> HeaderMapper::map(const std::vector<std::string>& header) const {
  HeaderMapping m;
  m.field_of_column.assign(header.size(), kUnmapped);
  m.column_of_field.assign(specs_.size(), kUnmapped);
  for (std::size_t c = 0; c < header.size(); ++c) {
    const std::string key = normalize_header(header[c]);
    std::size_t field = kUnmapped;
    for (const auto& [name, f] : names_) {
      if (name == key) {
        field = f;
        break;
      }
    }
    if (field == kUnmapped) {
      m.warnings.push_back(column_label(header, c) + ": not a known column, ignored");
      continue;
    }
    if (const std::size_t first = m.column_of_field[field]; first != kUnmapped) {
      return Status::invalid_argument(column_label(header, first) + " and " +
                                          column_label(header, c) + " both map to field " +
                                          specs_[field].field,
                                      specs_[field].field);
    }
    m.field_of_column[c] = field;
    m.column_of_field[field] = c;
  }
  std::string missing;
  std::string first_missing;
  for (std::size_t f = 0; f < specs_.size(); ++f) {
    if (!specs_[f].required || m.column_of_field[f] != kUnmapped) continue;
    const ColumnSpec& spec = specs_[f];
    if (first_missing.empty()) first_missing = spec.field;
    if (!missing.empty()) missing += "; ";
    missing += spec.field;
    if (!spec.aliases.empty()) missing += " (" + spec.aliases.front() + ")";
  }
  if (!missing.empty()) {
    return Status::invalid_argument("missing required column(s): " + missing, first_missing);
  }
  return m;
}

Result<HeaderMapping> map_header(const std::vector<std::string>& header,
                                 const std::vector<ColumnSpec>& specs) {
  CEDU_ASSIGN_OR_RETURN(HeaderMapper mapper, HeaderMapper::create(specs));
  return mapper.map(header);
}

}  // namespace cedu::tabular
