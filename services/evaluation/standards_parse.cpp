#include "services/evaluation/standards_parse.h"

#include <map>
#include <set>
#include <sstream>

#include "services/evaluation/standards_facts.h"

namespace cedu::evaluation {
namespace {

using config::Reader;

constexpr int kMaxLevel = 3;    // 一级/二级/三级指标
constexpr int kTotalPoints = 100;

// Line of the first use of each id, for "duplicate ... (first at line N)".
using FirstSeen = std::map<std::string, int, std::less<>>;

bool valid_id(std::string_view id, bool allow_dash) {
  if (id.empty() || id[0] < 'a' || id[0] > 'z') return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
              (allow_dash && c == '-');
    if (!ok) return false;
  }
  return true;
}

std::string required_id(const Reader& r, std::string_view key, bool allow_dash = false) {
  std::string id = r.required<std::string>(key);
  if (!valid_id(id, allow_dash)) {
    r.fail(key, "\"" + id + "\" must match " +
                    (allow_dash ? "[a-z][a-z0-9_-]*" : "[a-z][a-z0-9_]*"));
  }
  return id;
}

std::string required_name(const Reader& r, std::string_view key) {
  std::string name = r.required<std::string>(key);
  if (name.empty()) r.fail(key, "must not be empty");
  return name;
}

void check_unique(const Reader& r, std::string_view key, const std::string& id,
                  std::string_view what, FirstSeen* seen) {
  auto [it, inserted] = seen->emplace(id, r.line_of(key));
  if (!inserted) {
    r.fail(key, "duplicate " + std::string(what) + " \"" + id + "\" (first at line " +
                    std::to_string(it->second) + ")");
  }
}

std::string number_text(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

// A number a fact can be compared with: finite and not negative.
double required_bound(const Reader& r, std::string_view key) {
  double v = r.required<double>(key);
  if (v < 0) r.fail(key, "must not be negative");
  return v;
}

Rule parse_rule(const Reader& r) {
  Rule rule;
  std::string kind = r.required<std::string>("kind");
  if (kind == "manual") {
    rule.kind = RuleKind::kManual;
  } else if (kind == "yes_no") {
    rule.kind = RuleKind::kYesNo;
  } else if (kind == "threshold") {
    rule.kind = RuleKind::kThreshold;
    rule.min = required_bound(r, "min");
  } else if (kind == "ramp") {
    rule.kind = RuleKind::kRamp;
    rule.from = required_bound(r, "from");
    rule.to = required_bound(r, "to");
    if (rule.to <= rule.from) {
      r.fail("to", "must be above from (" + number_text(rule.from) + ")");
    }
  } else if (kind == "ratio") {
    rule.kind = RuleKind::kRatio;
    rule.target = required_bound(r, "target");
    if (rule.target <= 0) r.fail("target", "must be positive");
  } else {
    r.fail("kind", "must be one of manual, threshold, ramp, ratio, yes_no, got \"" + kind +
                       "\"");
  }
  r.finish();
  return rule;
}

void parse_leaf(const Reader& r, Indicator* ind) {
  if (!r.has("rule")) r.fail("rule", "a leaf indicator needs a scoring rule");
  ind->rule = parse_rule(r.child("rule"));
  ind->evidence = r.optional<bool>("evidence", false);
  ind->fact = r.optional<std::string>("fact", std::string());
  if (r.has("fact")) {
    if (!valid_fact(ind->fact)) {
      std::string names;
      for (const Fact& f : known_facts()) {
        names += (names.empty() ? "" : ", ") + std::string(f.name);
      }
      r.fail("fact", "unknown fact \"" + ind->fact + "\" (known: " + names +
                         "; or plugin:<teacher|volunteer|course|project>:<indicator>)");
    }
    if (ind->rule.kind == RuleKind::kManual) {
      r.fail("rule", "an automatic indicator (fact: " + ind->fact +
                         ") cannot have a manual rule: its value is a figure, not points");
    }
  }
}

Indicator parse_indicator(const Reader& r, int level, FirstSeen* ids) {
  Indicator ind;
  ind.level = level;
  ind.line = r.line();
  ind.id = required_id(r, "id");
  check_unique(r, "id", ind.id, "indicator id", ids);
  ind.name = required_name(r, "name");
  ind.weight = r.required_between<int>("weight", 1, kTotalPoints);
  ind.criteria = r.optional<std::string>("criteria", std::string());
  if (r.has("children")) {
    for (const char* key : {"rule", "evidence", "fact"}) {
      if (r.has(key)) {
        r.fail(key, "only a leaf indicator (one without children) has " + std::string(key));
      }
    }
    if (level == kMaxLevel) {
      r.fail("children", "indicators go three levels deep at most (一级/二级/三级指标)");
    }
    int sum = 0;
    FirstSeen names;
    for (const Reader& c : r.list("children")) {
      ind.children.push_back(parse_indicator(c, level + 1, ids));
      check_unique(c, "name", ind.children.back().name, "indicator name under " + ind.id + ":",
                   &names);
      sum += ind.children.back().weight;
    }
    if (ind.children.empty()) r.fail("children", "must not be empty (leave it out for a leaf)");
    if (sum != ind.weight) {
      r.fail("children", "weights add up to " + std::to_string(sum) +
                             ", must equal the weight of " + ind.id + " (" +
                             std::to_string(ind.weight) + ")");
    }
  } else {
    parse_leaf(r, &ind);
  }
  r.finish();
  return ind;
}

Level parse_level(const Reader& r, const Standard& standard, FirstSeen* ids) {
  Level level;
  level.id = required_id(r, "id");
  check_unique(r, "id", level.id, "level id", ids);
  level.name = required_name(r, "name");
  level.min_points = r.required_between<double>("min", 0.0, double{kTotalPoints});
  level.required = r.string_list("required");
  std::set<std::string, std::less<>> seen;
  for (const std::string& id : level.required) {
    if (standard.find(id) == nullptr) r.fail("required", "unknown indicator \"" + id + "\"");
    if (!seen.insert(id).second) r.fail("required", "indicator \"" + id + "\" listed twice");
  }
  r.finish();
  return level;
}

Scale parse_scale(const Reader& r, const Standard& standard, FirstSeen* ids) {
  Scale scale;
  scale.id = required_id(r, "id");
  check_unique(r, "id", scale.id, "scale id", ids);
  scale.name = required_name(r, "name");
  if (!r.has("levels")) r.fail("levels", "a scale needs at least one level");
  FirstSeen level_ids;
  for (const Reader& l : r.list("levels")) {
    Level level = parse_level(l, standard, &level_ids);
    if (!scale.levels.empty() && level.min_points <= scale.levels.back().min_points) {
      l.fail("min", "levels go up: must be above the previous level's min (" +
                        scale.levels.back().id + ")");
    }
    scale.levels.push_back(std::move(level));
  }
  if (scale.levels.empty()) r.fail("levels", "a scale needs at least one level");
  r.finish();
  return scale;
}

bool valid_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  int month = (s[5] - '0') * 10 + (s[6] - '0');
  int day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

}  // namespace

Standard parse_standard(const Reader& root) {
  Standard s;
  s.source = root.file();
  s.id = required_id(root, "id", /*allow_dash=*/true);
  s.version = root.required_between<int>("version", 1, 1000000);
  s.version_line = root.line_of("version");
  s.name = required_name(root, "name");
  std::string org = root.required<std::string>("organisation");
  auto type = org_type_from_name(org);
  if (!type) {
    root.fail("organisation", "must be one of town, community, station, family, association, "
                              "enterprise, got \"" + org + "\"");
  }
  s.org_type = *type;
  s.effective_from = root.required<std::string>("effective_from");
  if (!valid_date(s.effective_from)) {
    root.fail("effective_from", "must be a date YYYY-MM-DD, got \"" + s.effective_from + "\"");
  }
  s.basis = root.optional<std::string>("basis", std::string());

  if (!root.has("indicators")) root.fail("indicators", "a standard needs indicators");
  FirstSeen ids;
  FirstSeen names;
  int sum = 0;
  for (const Reader& r : root.list("indicators")) {
    s.indicators.push_back(parse_indicator(r, 1, &ids));
    check_unique(r, "name", s.indicators.back().name, "first-level indicator name", &names);
    sum += s.indicators.back().weight;
  }
  if (sum != kTotalPoints) {
    root.fail("indicators", "first-level weights add up to " + std::to_string(sum) +
                                ", must add up to " + std::to_string(kTotalPoints));
  }

  FirstSeen scale_ids;
  for (const Reader& r : root.list("scales")) {
    s.scales.push_back(parse_scale(r, s, &scale_ids));
  }
  if (s.scales.empty()) root.fail("scales", "a standard needs at least one scale");
  root.finish();
  return s;
}

Standard load_standard(const std::string& path) {
  return parse_standard(Reader::load_file(path));
}

}  // namespace cedu::evaluation
