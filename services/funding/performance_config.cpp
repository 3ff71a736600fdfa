#include "services/funding/performance_config.h"

#include <set>

namespace cedu::funding {
namespace {

constexpr std::pair<std::string_view, Measure> kMeasures[] = {
    {"execution_rate", Measure::kExecutionRate},
    {"completeness", Measure::kCompleteness},
    {"per_resident", Measure::kPerResident},
    {"cost_per_participant", Measure::kCostPerParticipant},
    {"courses_held", Measure::kCoursesHeld},
    {"sessions_held", Measure::kSessionsHeld},
    {"participants", Measure::kParticipants},
    {"completions", Measure::kCompletions},
    {"volunteer_hours", Measure::kVolunteerHours},
    {"projects_concluded", Measure::kProjectsConcluded},
    {"manual", Measure::kManual},
};

bool valid_id(std::string_view id) {
  if (id.empty() || id[0] < 'a' || id[0] > 'z') return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

PerformanceIndicator parse_indicator(const config::Reader& r) {
  PerformanceIndicator ind;
  ind.id = r.required<std::string>("id");
  if (!valid_id(ind.id)) r.fail("id", "must match [a-z][a-z0-9_]*, got \"" + ind.id + "\"");
  ind.name = r.required<std::string>("name");
  if (ind.name.empty()) r.fail("name", "must not be empty");
  ind.dimension = r.optional_choice("dimension", "", {"input", "process", "output", "effect", "satisfaction"});
  if (ind.dimension.empty()) r.fail("dimension", "required key is missing");
  if (ind.dimension == "output") {
    ind.aspect = r.optional_choice("aspect", "", {"quantity", "quality", "timeliness", "cost"});
    if (ind.aspect.empty()) r.fail("aspect", "an output indicator names its aspect: quantity, quality, timeliness or cost");
  } else if (r.has("aspect")) {
    r.fail("aspect", "only output indicators have an aspect");
  }
  ind.weight = r.required_between<int>("weight", 1, 100);
  const std::string measure = r.required<std::string>("measure");
  bool found = false;
  for (const auto& [id, m] : kMeasures) {
    if (id == measure) {
      ind.measure = m;
      found = true;
    }
  }
  if (!found) r.fail("measure", "must be one of " + measure_list() + ", got \"" + measure + "\"");
  ind.target = r.required_between<std::int64_t>("target", 1, 1'000'000'000'000);
  ind.lower_is_better = r.optional_choice("better", "higher", {"higher", "lower"}) == "lower";
  r.finish();
  return ind;
}

}  // namespace

std::string_view measure_id(Measure m) {
  for (const auto& [id, measure] : kMeasures) {
    if (measure == m) return id;
  }
  return "";
}

std::string measure_list() {
  std::string out;
  for (const auto& [id, m] : kMeasures) {
    if (!out.empty()) out += ", ";
    out += id;
  }
  return out;
}

PerformanceConfig load_performance(const std::string& path) {
  PerformanceConfig c = parse_performance(config::Reader::load_file(path));
  c.source = path;
  return c;
}

PerformanceConfig parse_performance(const config::Reader& root) {
  PerformanceConfig c;
  c.name = root.required<std::string>("name");
  c.version = root.required_between<int>("version", 1, 1000000);
  std::set<std::string> ids;
  int total = 0;
  const std::vector<config::Reader> indicators = root.list("indicators");
  if (indicators.empty()) root.fail("indicators", "must list at least one indicator");
  for (const config::Reader& r : indicators) {
    PerformanceIndicator ind = parse_indicator(r);
    if (!ids.insert(ind.id).second) r.fail("id", "duplicate indicator id \"" + ind.id + "\"");
    total += ind.weight;
    c.indicators.push_back(std::move(ind));
  }
  if (total != 100) {
    root.fail("indicators", "weights must add up to 100, got " + std::to_string(total));
  }
  const std::vector<config::Reader> bands = root.list("bands");
  if (bands.empty()) root.fail("bands", "must list at least one band");
  for (const config::Reader& r : bands) {
    Band b;
    b.id = r.required<std::string>("id");
    if (!valid_id(b.id)) r.fail("id", "must match [a-z][a-z0-9_]*, got \"" + b.id + "\"");
    b.name = r.required<std::string>("name");
    b.min = r.required_between<int>("min", 0, 100);
    if (c.bands.empty() && b.min != 0) r.fail("min", "the first band starts at 0");
    if (!c.bands.empty() && b.min <= c.bands.back().min) {
      r.fail("min", "must be above the previous band's (" + std::to_string(c.bands.back().min) + ")");
    }
    r.finish();
    c.bands.push_back(std::move(b));
  }
  root.finish();
  return c;
}

}  // namespace cedu::funding
