#include "cli/status_model.h"

#include <cstdio>

#include "cli/text_table.h"

namespace cedu::cli {
namespace {

Json value_or_null(const Json& map, const char* key) {
  return map.is_object() && map.contains(key) ? map[key] : Json();
}

// The newer of two last_error values (either may be null).
Json newer_error(const Json& a, const Json& b) {
  if (!a.is_object()) return b.is_object() ? b : Json();
  if (!b.is_object()) return a;
  return value_or_null(b, "at_ms").get<std::uint64_t>() > value_or_null(a, "at_ms").get<std::uint64_t>() ? b : a;
}

Json broker_row(const Json& stats, const Json& services) {
  std::uint64_t queued = 0;
  for (const Json& s : value_or_null(services, "services")) queued += s.value("queue", std::uint64_t{0});
  return {{"process", "cedu-bus"},
          {"service", "bus"},
          {"instance", nullptr},
          {"pid", value_or_null(stats, "pid")},
          {"version", value_or_null(stats, "version")},
          {"uptime_s", value_or_null(stats, "uptime_s")},
          {"queue", queued},
          {"in_flight", value_or_null(stats, "in_flight")},
          {"served", value_or_null(stats, "replies")},
          {"state", "serving"},
          {"last_error", value_or_null(stats, "last_error")}};
}

Json worker_row(const std::string& service, const Json& svc, const Json& w, const Json* health,
                std::uint64_t now_ms) {
  Json uptime;
  const std::uint64_t started = w.value("started_ms", std::uint64_t{0});
  if (started > 0 && now_ms >= started) uptime = (now_ms - started) / 1000;
  Json last_error = value_or_null(w, "last_error");
  // The instance that answered health adds what only the process knows.
  if (health != nullptr && value_or_null(*health, "instance") == value_or_null(w, "instance")) {
    if (uptime.is_null()) uptime = value_or_null(*health, "uptime_s");
    last_error = newer_error(last_error, value_or_null(*health, "last_error"));
  }
  return {{"process", "cedu-" + service},
          {"service", service},
          {"instance", value_or_null(w, "instance")},
          {"pid", w.value("pid", std::uint64_t{0}) > 0 ? w["pid"] : Json()},
          {"version", value_or_null(w, "version")},
          {"uptime_s", uptime},
          {"queue", value_or_null(svc, "queue")},
          {"in_flight", value_or_null(w, "in_flight")},
          {"served", value_or_null(w, "served")},
          {"state", w.value("draining", false) ? "draining" : "serving"},
          {"last_error", last_error}};
}

Json missing_row(const std::string& service) {
  return {{"process", "cedu-" + service}, {"service", service}, {"instance", nullptr},
          {"pid", nullptr}, {"version", nullptr}, {"uptime_s", nullptr}, {"queue", nullptr},
          {"in_flight", nullptr}, {"served", nullptr}, {"state", "missing"},
          {"last_error", nullptr}};
}

std::string cell(const Json& v) {
  if (v.is_null()) return "-";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

std::string error_cell(const Json& e) {
  if (!e.is_object()) return "-";
  const std::time_t at = static_cast<std::time_t>(value_or_null(e, "at_ms").get<std::uint64_t>() / 1000);
  std::tm tm{};
  gmtime_r(&at, &tm);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return cell(e["code"]) + " " + cell(e["method"]) + " " + when + ": " + cell(e["message"]);
}

}  // namespace

std::string format_uptime(std::uint64_t s) {
  char out[32];
  if (s < 60) {
    std::snprintf(out, sizeof out, "%llus", static_cast<unsigned long long>(s));
  } else if (s < 3600) {
    std::snprintf(out, sizeof out, "%llum%02llus", static_cast<unsigned long long>(s / 60),
                  static_cast<unsigned long long>(s % 60));
  } else if (s < 86400) {
    std::snprintf(out, sizeof out, "%lluh%02llum", static_cast<unsigned long long>(s / 3600),
                  static_cast<unsigned long long>(s % 3600 / 60));
  } else {
    std::snprintf(out, sizeof out, "%llud%02lluh", static_cast<unsigned long long>(s / 86400),
                  static_cast<unsigned long long>(s % 86400 / 3600));
  }
  return out;
}

Json status_model(const StatusInputs& in) {
  Json rows = Json::array();
  rows.push_back(broker_row(in.stats, in.services));
  std::map<std::string, int> registered;
  for (const Json& svc : value_or_null(in.services, "services")) {
    const std::string name = svc.value("name", "");
    auto h = in.health.find(name);
    for (const Json& w : value_or_null(svc, "workers")) {
      rows.push_back(worker_row(name, svc, w, h == in.health.end() ? nullptr : &h->second, in.now_ms));
      if (!w.value("draining", false)) ++registered[name];
    }
  }
  bool healthy = true;
  for (const ExpectedService& e : in.expected) {
    for (int i = registered[e.name]; i < e.instances; ++i) {
      rows.push_back(missing_row(e.name));
      healthy = false;
    }
  }
  return {{"processes", rows}, {"healthy", healthy}};
}

std::string render_status_table(const Json& model) {
  std::vector<std::vector<std::string>> rows{{"PROCESS", "INSTANCE", "PID", "VERSION", "UPTIME",
                                              "QUEUE", "IN-FLIGHT", "SERVED", "STATE", "LAST ERROR"}};
  for (const Json& p : value_or_null(model, "processes")) {
    const Json uptime = value_or_null(p, "uptime_s");
    rows.push_back({cell(p["process"]), cell(p["instance"]), cell(p["pid"]), cell(p["version"]),
                    uptime.is_number() ? format_uptime(uptime.get<std::uint64_t>()) : "-",
                    cell(p["queue"]), cell(p["in_flight"]), cell(p["served"]), cell(p["state"]),
                    error_cell(value_or_null(p, "last_error"))});
  }
  return render_text_table(rows);
}

}  // namespace cedu::cli
