#include "services/library/schema.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace cedu::library {
namespace {

std::string type_text(FieldType t) {
  switch (t) {
    case FieldType::kInt: return "an integer";
    case FieldType::kNumber: return "a number";
    case FieldType::kBool: return "a boolean";
    case FieldType::kEnumList:
    case FieldType::kStringList: return "an array of strings";
    default: return "a string";
  }
}

std::string allowed_values(const FieldSpec& f) {
  std::string s;
  for (const auto& v : f.values) s += (s.empty() ? "" : ", ") + v.value;
  return s;
}

// Returns the enum value named by `text` (its value or its label), or nullopt.
std::optional<std::string> match_enum(const FieldSpec& f, std::string_view text) {
  for (const auto& v : f.values) {
    if (text == v.value || text == v.label) return v.value;
  }
  return std::nullopt;
}

Status check_string(const FieldSpec& f, const std::string& s, const std::string& where) {
  if (code_points(s) > f.max_length) {
    return Status::invalid_argument("longer than " + std::to_string(f.max_length) + " characters",
                                    where);
  }
  switch (f.type) {
    case FieldType::kPhone:
      if (!valid_phone(s)) {
        return Status::invalid_argument("'" + s + "' is not a phone number (11-digit mobile or "
                                        "0xx-xxxxxxxx landline)", where);
      }
      break;
    case FieldType::kIdCard:
      if (!valid_id_card(s)) {
        return Status::invalid_argument("not a valid 18-character resident ID number", where);
      }
      break;
    case FieldType::kDate:
      if (!valid_date(s)) return Status::invalid_argument("'" + s + "' is not a date YYYY-MM-DD", where);
      break;
    case FieldType::kEnum:
      if (!match_enum(f, s) || *match_enum(f, s) != s) {
        return Status::invalid_argument("'" + s + "' is not one of: " + allowed_values(f), where);
      }
      break;
    default: break;
  }
  return Status::ok();
}

Result<Value> read_value(const FieldSpec& f, const msgpack::object& o, const std::string& where) {
  auto wrong = [&] {
    return Status::invalid_argument("must be " + type_text(f.type) + ", not " +
                                        std::string(mp::type_name(o)), where);
  };
  switch (f.type) {
    case FieldType::kInt: {
      if (o.type != msgpack::type::POSITIVE_INTEGER && o.type != msgpack::type::NEGATIVE_INTEGER) {
        return wrong();
      }
      if (o.type == msgpack::type::POSITIVE_INTEGER && o.via.u64 > INT64_MAX) return wrong();
      std::int64_t v = o.type == msgpack::type::POSITIVE_INTEGER ? static_cast<std::int64_t>(o.via.u64)
                                                                  : o.via.i64;
      if (f.min < f.max && (v < f.min || v > f.max)) {
        return Status::invalid_argument("must be between " + std::to_string(f.min) + " and " +
                                            std::to_string(f.max) + ", not " + std::to_string(v),
                                        where);
      }
      return Value(v);
    }
    case FieldType::kNumber: {
      double v = 0;
      if (o.type == msgpack::type::FLOAT32 || o.type == msgpack::type::FLOAT64) {
        v = o.via.f64;
      } else if (o.type == msgpack::type::POSITIVE_INTEGER) {
        v = static_cast<double>(o.via.u64);
      } else if (o.type == msgpack::type::NEGATIVE_INTEGER) {
        v = static_cast<double>(o.via.i64);
      } else {
        return wrong();
      }
      if (!std::isfinite(v) || (f.min < f.max && (v < static_cast<double>(f.min) ||
                                                  v > static_cast<double>(f.max)))) {
        return Status::invalid_argument("must be between " + std::to_string(f.min) + " and " +
                                            std::to_string(f.max), where);
      }
      return Value(v);
    }
    case FieldType::kBool:
      if (o.type != msgpack::type::BOOLEAN) return wrong();
      return Value(o.via.boolean);
    case FieldType::kEnumList:
    case FieldType::kStringList: {
      if (o.type != msgpack::type::ARRAY) return wrong();
      StringList list;
      for (std::uint32_t i = 0; i < o.via.array.size; ++i) {
        const msgpack::object& e = o.via.array.ptr[i];
        const std::string at = where + "[" + std::to_string(i) + "]";
        if (e.type != msgpack::type::STR) {
          return Status::invalid_argument("must be a string, not " + std::string(mp::type_name(e)), at);
        }
        std::string s(e.via.str.ptr, e.via.str.size);
        if (f.type == FieldType::kEnumList) {
          auto v = match_enum(f, s);
          if (!v || *v != s) return Status::invalid_argument("'" + s + "' is not one of: " + allowed_values(f), at);
        } else if (code_points(s) > f.max_length) {
          return Status::invalid_argument("longer than " + std::to_string(f.max_length) + " characters", at);
        }
        if (std::find(list.begin(), list.end(), s) == list.end()) list.push_back(std::move(s));
      }
      if (list.size() > 64) return Status::invalid_argument("more than 64 items", where);
      return Value(std::move(list));
    }
    default: {
      if (o.type != msgpack::type::STR) return wrong();
      std::string s(o.via.str.ptr, o.via.str.size);
      if (f.type == FieldType::kString || f.type == FieldType::kText || f.type == FieldType::kPhone) {
        // Surrounding blanks are never meaningful in these fields.
        auto b = s.find_first_not_of(" \t\r\n");
        auto e = s.find_last_not_of(" \t\r\n");
        s = b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
      }
      if (f.type == FieldType::kIdCard && !s.empty() && s.back() == 'x') s.back() = 'X';
      if (s.empty()) {
        if (f.required) return Status::invalid_argument("must not be empty", where);
        return Value();
      }
      CEDU_RETURN_IF_ERROR(check_string(f, s, where));
      return Value(std::move(s));
    }
  }
}

std::string trim(std::string_view s) {
  // ASCII blanks and the full-width space U+3000 (E3 80 80) that Excel cells often carry.
  auto blank_at_front = [&] {
    if (s.empty()) return std::size_t{0};
    if (s[0] == ' ' || s[0] == '\t' || s[0] == '\r' || s[0] == '\n') return std::size_t{1};
    if (s.size() >= 3 && s.substr(0, 3) == "\xE3\x80\x80") return std::size_t{3};
    return std::size_t{0};
  };
  auto blank_at_back = [&] {
    if (s.empty()) return std::size_t{0};
    char c = s.back();
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return std::size_t{1};
    if (s.size() >= 3 && s.substr(s.size() - 3) == "\xE3\x80\x80") return std::size_t{3};
    return std::size_t{0};
  };
  for (std::size_t n; (n = blank_at_front()) > 0;) s.remove_prefix(n);
  for (std::size_t n; (n = blank_at_back()) > 0;) s.remove_suffix(n);
  return std::string(s);
}

std::vector<std::string> split_list(std::string_view s) {
  // 、 ， ； and the ASCII , ; / separate list items in staff spreadsheets.
  static const std::vector<std::string_view> kSeps = {"\xE3\x80\x81", "\xEF\xBC\x8C",
                                                      "\xEF\xBC\x9B", ",", ";", "/"};
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size();) {
    std::size_t sep_len = 0;
    if (i < s.size()) {
      for (auto sep : kSeps) {
        if (s.substr(i, sep.size()) == sep) {
          sep_len = sep.size();
          break;
        }
      }
    }
    if (i == s.size() || sep_len > 0) {
      std::string item = trim(s.substr(start, i - start));
      if (!item.empty()) out.push_back(std::move(item));
      i += sep_len == 0 ? 1 : sep_len;
      start = i;
    } else {
      ++i;
    }
  }
  return out;
}

}  // namespace

const FieldSpec* LibrarySpec::field(std::string_view n) const {
  for (const auto& f : fields) {
    if (f.name == n) return &f;
  }
  return nullptr;
}

bool LibrarySpec::has_status(std::string_view status) const {
  if (status == "archived") return true;
  return std::any_of(statuses.begin(), statuses.end(),
                     [&](const EnumValue& v) { return v.value == status; });
}

std::string LibrarySpec::initial_status() const {
  return statuses.empty() ? std::string("active") : statuses.front().value;
}

Result<Fields> read_fields(const mp::MapView& params, const LibrarySpec& spec, ReadMode mode,
                           const std::vector<std::string_view>& extra_allowed) {
  Fields out;
  const msgpack::object& map = params.object();
  for (std::uint32_t i = 0; i < map.via.map.size; ++i) {
    const msgpack::object_kv& kv = map.via.map.ptr[i];
    if (kv.key.type != msgpack::type::STR) {
      return Status::invalid_argument("keys must be strings", params.path_of(""));
    }
    std::string_view key(kv.key.via.str.ptr, kv.key.via.str.size);
    if (std::find(std::begin(kCoreKeys), std::end(kCoreKeys), key) != std::end(kCoreKeys) ||
        std::find(extra_allowed.begin(), extra_allowed.end(), key) != extra_allowed.end()) {
      continue;
    }
    const FieldSpec* f = spec.field(key);
    const std::string where = params.path_of(key);
    if (f == nullptr) return Status::invalid_argument("unknown field of " + spec.name, where);
    if (kv.val.type == msgpack::type::NIL) {
      if (mode == ReadMode::kCreate) continue;
      if (f->required) return Status::invalid_argument("is required and cannot be cleared", where);
      out[f->name] = Value();
      continue;
    }
    CEDU_ASSIGN_OR_RETURN(Value v, read_value(*f, kv.val, where));
    out[f->name] = std::move(v);
  }
  if (mode == ReadMode::kCreate) {
    for (const auto& f : spec.fields) {
      if (f.required && (out.find(f.name) == out.end() || is_null(out[f.name]))) {
        return Status::invalid_argument("is required", params.path_of(f.name));
      }
    }
  }
  return out;
}

Status check_required(const Fields& fields, const LibrarySpec& spec) {
  for (const auto& f : spec.fields) {
    auto it = fields.find(f.name);
    if (f.required && (it == fields.end() || is_null(it->second))) {
      return Status::invalid_argument("is required", f.name);
    }
  }
  return Status::ok();
}

Result<Value> parse_cell(const FieldSpec& f, std::string_view raw) {
  const std::string cell = trim(raw);
  if (cell.empty()) {
    if (f.required) return Status::invalid_argument("is required");
    return Value();
  }
  switch (f.type) {
    case FieldType::kInt: {
      std::int64_t v = 0;
      auto [p, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
      if (ec != std::errc() || p != cell.data() + cell.size()) {
        return Status::invalid_argument("'" + cell + "' is not an integer");
      }
      if (f.min < f.max && (v < f.min || v > f.max)) {
        return Status::invalid_argument("must be between " + std::to_string(f.min) + " and " +
                                        std::to_string(f.max));
      }
      return Value(v);
    }
    case FieldType::kNumber: {
      char* end = nullptr;
      double v = std::strtod(cell.c_str(), &end);
      if (end != cell.c_str() + cell.size() || !std::isfinite(v)) {
        return Status::invalid_argument("'" + cell + "' is not a number");
      }
      if (f.min < f.max && (v < static_cast<double>(f.min) || v > static_cast<double>(f.max))) {
        return Status::invalid_argument("must be between " + std::to_string(f.min) + " and " +
                                        std::to_string(f.max));
      }
      return Value(v);
    }
    case FieldType::kBool: {
      static const std::vector<std::string> kYes = {"是", "yes", "Yes", "YES", "true", "TRUE", "1", "Y", "y"};
      static const std::vector<std::string> kNo = {"否", "no", "No", "NO", "false", "FALSE", "0", "N", "n"};
      if (std::find(kYes.begin(), kYes.end(), cell) != kYes.end()) return Value(true);
      if (std::find(kNo.begin(), kNo.end(), cell) != kNo.end()) return Value(false);
      return Status::invalid_argument("'" + cell + "' is not 是/否");
    }
    case FieldType::kEnum: {
      if (auto v = match_enum(f, cell)) return Value(*v);
      std::string labels;
      for (const auto& v : f.values) labels += (labels.empty() ? "" : "、") + v.label;
      return Status::invalid_argument("'" + cell + "' is not one of " + labels);
    }
    case FieldType::kEnumList:
    case FieldType::kStringList: {
      StringList list;
      for (auto& item : split_list(cell)) {
        if (f.type == FieldType::kEnumList) {
          auto v = match_enum(f, item);
          if (!v) {
            std::string labels;
            for (const auto& e : f.values) labels += (labels.empty() ? "" : "、") + e.label;
            return Status::invalid_argument("'" + item + "' is not one of " + labels);
          }
          item = *v;
        } else if (code_points(item) > f.max_length) {
          return Status::invalid_argument("an item is longer than " + std::to_string(f.max_length) +
                                          " characters");
        }
        if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(std::move(item));
      }
      return Value(std::move(list));
    }
    case FieldType::kDate: {
      // Excel writes dates as 2024/3/5; normalise to 2024-03-05.
      int y = 0, m = 0, d = 0;
      char s1 = 0, s2 = 0;
      if (std::sscanf(cell.c_str(), "%4d%c%2d%c%2d", &y, &s1, &m, &s2, &d) == 5 && s1 == s2 &&
          (s1 == '-' || s1 == '/' || s1 == '.')) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
        if (valid_date(buf)) return Value(std::string(buf));
      }
      return Status::invalid_argument("'" + cell + "' is not a date (YYYY-MM-DD)");
    }
    default: {
      std::string s = cell;
      if (f.type == FieldType::kIdCard && !s.empty() && s.back() == 'x') s.back() = 'X';
      if (f.type == FieldType::kPhone) {
        // "138 1234 5678" and "+86 13812345678" as typed by staff.
        std::string digits;
        for (char c : s) {
          if (c != ' ') digits.push_back(c);
        }
        if (digits.rfind("+86", 0) == 0) digits.erase(0, 3);
        s = digits;
      }
      if (Status st = check_string(f, s, ""); !st.is_ok()) return Status::invalid_argument(st.message());
      return Value(std::move(s));
    }
  }
}

std::string enum_label(const FieldSpec& f, std::string_view value) {
  for (const auto& v : f.values) {
    if (v.value == value) return v.label;
  }
  return std::string(value);
}

bool valid_phone(std::string_view s) {
  auto digits = [](std::string_view t) {
    return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (s.size() == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9' && digits(s)) return true;
  // Landline: 0 + 2-3 digit area code, optional dash, 7-8 digit number.
  if (s.empty() || s[0] != '0') return false;
  auto dash = s.find('-');
  if (dash == std::string_view::npos) return digits(s) && s.size() >= 10 && s.size() <= 12;
  auto area = s.substr(0, dash), number = s.substr(dash + 1);
  return digits(area) && area.size() >= 3 && area.size() <= 4 && digits(number) &&
         number.size() >= 7 && number.size() <= 8;
}

bool valid_id_card(std::string_view s) {
  if (s.size() != 18) return false;
  static const int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static const char kCheck[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    sum += (s[i] - '0') * kWeights[i];
  }
  if (kCheck[sum % 11] != s[17]) return false;
  // The birth date inside must be a real day.
  std::string birth = std::string(s.substr(6, 4)) + "-" + std::string(s.substr(10, 2)) + "-" +
                      std::string(s.substr(12, 2));
  return valid_date(birth);
}

bool valid_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  int y = std::stoi(std::string(s.substr(0, 4))), m = std::stoi(std::string(s.substr(5, 2))),
      d = std::stoi(std::string(s.substr(8, 2)));
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int days = kDays[m - 1];
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) days = 29;
  return d <= days;
}

bool valid_slug(std::string_view s) {
  if (s.empty() || s.size() > 64 || s[0] < 'a' || s[0] > 'z') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::size_t code_points(std::string_view utf8) {
  return static_cast<std::size_t>(std::count_if(
      utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace cedu::library
