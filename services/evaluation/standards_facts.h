// The facts automatic indicators may take (自动指标的数据来源): each names a figure
// another cedu service can report for an organisation over the bus. This is the
// declaration only — a standard that names a fact not listed here (nor a plugin indicator,
// below) is refused at load; gathering the figures is fact_gathering.h's job.
// Thread-safety: immutable static data.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace cedu::evaluation {

struct Fact {
  std::string_view name;     // courses_held
  std::string_view label;    // 本年度开展课程(场次)
  std::string_view unit;     // "count", "percent", "per_thousand", "fen"
  std::string_view service;  // the bus service expected to report it: course, volunteer, ...
};

// Every known fact, sorted by name.
std::span<const Fact> known_facts();
// The fact `name`, or nullptr iff there is none.
const Fact* find_fact(std::string_view name);

// A town-school plugin's indicator as a fact: "plugin:<service>:<indicator>" — <service> a
// library whose plugins may register indicators (teacher, volunteer, course, project),
// <indicator> the name the plugin registers ([a-z][a-z0-9_]*), read with
// <service>.indicator (services/library/plugin_indicators.h). Whether a plugin provides it
// is known only when it is asked: an unknown one is UNAVAILABLE then, not refused at load.
struct PluginFact {
  std::string service;    // course
  std::string indicator;  // elderly_digital_sessions
};
// The plugin fact `name` names, or nullopt iff it is not of that form.
std::optional<PluginFact> plugin_fact(std::string_view name);
// Returns true iff `name` is a known fact or a plugin fact.
bool valid_fact(std::string_view name);

}  // namespace cedu::evaluation
