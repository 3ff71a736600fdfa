#include "cli/services_table.h"

#include <algorithm>
#include <vector>

#include "cli/json_msgpack.h"
#include "cli/text_table.h"

namespace cedu::cli {
namespace {

using json = Json;

std::string cell(const json& object, const char* key) {
  if (!object.is_object() || !object.contains(key)) return "-";
  const json& v = object[key];
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  if (v.is_null()) return "-";
  return render_json(v);
}

}  // namespace

std::string render_services_table(const json& result) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"SERVICE", "QUEUE", "IN_FLIGHT", "INSTANCE", "VERSION", "CAPACITY",
                  "BUSY", "DRAINING"});
  const json empty = json::array();
  const json& services =
      result.is_object() && result.contains("services") ? result["services"] : empty;
  for (const auto& s : services) {
    std::vector<std::string> head{cell(s, "name"), cell(s, "queue"), cell(s, "in_flight")};
    const json& workers = s.is_object() && s.contains("workers") && s["workers"].is_array()
                              ? s["workers"]
                              : empty;
    if (workers.empty()) {
      rows.push_back({head[0], head[1], head[2], "(no workers)", "", "", "", ""});
    }
    for (const auto& w : workers) {
      rows.push_back({head[0], head[1], head[2], cell(w, "instance"), cell(w, "version"),
                      cell(w, "capacity"), cell(w, "in_flight"), cell(w, "draining")});
    }
  }
  return render_text_table(rows);
}

}  // namespace cedu::cli

namespace cedu::cli {

std::string registration_summary(const Json& result,
                                 const std::vector<ExpectedService>& expected) {
  std::vector<std::pair<std::string, std::size_t>> registered;  // in the broker's order
  if (result.is_object() && result.contains("services") && result["services"].is_array()) {
    for (const auto& s : result["services"]) {
      if (!s.is_object() || !s.contains("name") || !s["name"].is_string()) continue;
      std::size_t workers = s.contains("workers") && s["workers"].is_array() ? s["workers"].size() : 0;
      registered.emplace_back(s["name"].get<std::string>(), workers);
    }
  }
  auto workers_of = [&](const std::string& name) -> std::size_t {
    for (const auto& [n, w] : registered) {
      if (n == name) return w;
    }
    return 0;
  };
  std::string line;
  for (const auto& e : expected) {
    std::size_t w = workers_of(e.name);
    if (!line.empty()) line += ", ";
    line += e.name + " " + std::to_string(w) + "/" + std::to_string(e.instances);
    if (w == 0) line += " (waiting)";
  }
  std::string others;
  for (const auto& entry : registered) {
    const auto& name = entry.first;  // (clang 14 cannot capture structured bindings)
    const auto w = entry.second;
    bool known = std::any_of(expected.begin(), expected.end(),
                             [&](const ExpectedService& e) { return e.name == name; });
    if (known || w == 0) continue;
    others += (others.empty() ? "" : ", ") + name + " " + std::to_string(w);
  }
  if (line.empty()) line = others.empty() ? "none" : "";
  if (!others.empty()) line += (line.empty() ? "" : "; ") + std::string("also: ") + others;
  return line;
}

}  // namespace cedu::cli
