// The indicator system of the performance evaluation of special funds (专项资金绩效评价),
// read from configs/funding/performance.yaml (format in docs/funding.md): indicators in
// the dimensions input, process, output (quantity, quality, timeliness, cost), effect and
// satisfaction, each with a weight, the measure its actual comes from and a target; and
// the bands a score falls in. Everything is checked once, at load, with config::Reader's
// "file:line: key.path: what is wrong": unknown keys, ids, dimensions, measures, positive
// targets, weights adding up to 100, bands from 0 ascending.
// Thread-safety: plain values once loaded.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/config/reader.h"

namespace cedu::funding {

// Where an indicator's actual comes from (performance_actuals.h).
enum class Measure {
  kExecutionRate,       // ledger: expenditures ÷ budgets, in basis points
  kCompleteness,        // ledger: disbursements received ÷ issued, in basis points
  kPerResident,         // ledger: funding per resident, fen
  kCostPerParticipant,  // ledger and course.participants: expenditure ÷ participants, fen
  kCoursesHeld,         // course.activity: courses with sessions held in the year
  kSessionsHeld,        // course.activity: sessions held in the year
  kParticipants,        // course.participants: residents who took part
  kCompletions,         // course.activity: enrolments completed in the year (结业)
  kVolunteerHours,      // volunteer.hours_entries: approved hours in the year
  kProjectsConcluded,   // project.yearly: projects concluded (by_status.concluded)
  kManual,              // given with the request (satisfaction surveys)
};

std::string_view measure_id(Measure m);
// "execution_rate, completeness, …" — for errors and docs.
std::string measure_list();

struct PerformanceIndicator {
  std::string id;         // [a-z][a-z0-9_]*
  std::string name;       // 预算执行率
  std::string dimension;  // input, process, output, effect, satisfaction
  std::string aspect;     // output only: quantity, quality, timeliness, cost; else empty
  int weight = 0;         // whole points; all add up to 100
  Measure measure = Measure::kManual;
  // In the measure's unit: a rate in basis points (9500 = 95 %), money in fen, else a count.
  std::int64_t target = 0;
  bool lower_is_better = false;  // cost: at or below target earns full points
};

struct Band {
  std::string id;    // excellent
  std::string name;  // 优秀
  int min = 0;       // whole points: a score ≥ min (and below the next band's) is in it
};

struct PerformanceConfig {
  std::string name;
  int version = 0;
  std::vector<PerformanceIndicator> indicators;
  std::vector<Band> bands;  // ascending by min, the first at 0
  std::string source;       // the file
};

// Throws config::ConfigError.
PerformanceConfig load_performance(const std::string& path);
PerformanceConfig parse_performance(const config::Reader& root);

}  // namespace cedu::funding
