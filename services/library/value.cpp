#include "services/library/value.h"

#include <nlohmann/json.hpp>

namespace cedu::library {

bool is_null(const Value& v) { return std::holds_alternative<std::monostate>(v); }

std::string to_json(const Fields& fields) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& entry : fields) {
    const std::string& name = entry.first;  // (clang 14 cannot capture structured bindings)
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (!std::is_same_v<T, std::monostate>) j[name] = x;
        },
        entry.second);
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<Fields> from_json(std::string_view json) {
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::internal("stored record is not a JSON object");
  Fields out;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const auto& v = it.value();
    if (v.is_boolean()) {
      out[it.key()] = v.get<bool>();
    } else if (v.is_number_integer()) {
      out[it.key()] = v.get<std::int64_t>();
    } else if (v.is_number()) {
      out[it.key()] = v.get<double>();
    } else if (v.is_string()) {
      out[it.key()] = v.get<std::string>();
    } else if (v.is_array()) {
      StringList list;
      for (const auto& e : v) {
        if (!e.is_string()) return Status::internal("stored field " + it.key() + " is not a string list");
        list.push_back(e.get<std::string>());
      }
      out[it.key()] = std::move(list);
    } else if (!v.is_null()) {
      return Status::internal("stored field " + it.key() + " has an unexpected type");
    }
  }
  return out;
}

std::string to_text(const Value& v) {
  return std::visit(
      [](const auto& x) -> std::string {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return {};
        } else if constexpr (std::is_same_v<T, bool>) {
          return x ? "是" : "否";
        } else if constexpr (std::is_same_v<T, std::string>) {
          return x;
        } else if constexpr (std::is_same_v<T, StringList>) {
          std::string s;
          for (const auto& e : x) s += (s.empty() ? "" : "、") + e;
          return s;
        } else if constexpr (std::is_same_v<T, double>) {
          std::string s = std::to_string(x);
          while (!s.empty() && s.back() == '0') s.pop_back();
          if (!s.empty() && s.back() == '.') s.pop_back();
          return s;
        } else {
          return std::to_string(x);
        }
      },
      v);
}

}  // namespace cedu::library
