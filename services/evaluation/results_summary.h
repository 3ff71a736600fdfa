// The district's results of one round (区评估结果汇总): per town and for the district, how
// many organisations of the round's type are registered, evaluated and rated (reached a
// level of the target scale), the share rated against the plan's target, the count at each
// level, open and overdue rectification tasks; and the ranking of every evaluated
// organisation with its first-level indicators.
//
// The target scale and target (DESIGN.md §4, seed plan §三.2/§三.3):
//   station rounds — scale `stars` (星级辅导站), target ≥ 20 % of the stations;
//   town rounds    — scale `demonstration` (示范镇街), target ≥ 50 % of the towns;
//   other types    — their standard's first scale (合格 … 优秀), no target: the share is
//                    the creation rate (创建率) of that kind of learning organisation.
// A standard without the named scale falls back to its first scale.
// Shares are exact: kept in basis points (0.01 %), rounded half up for display, and the
// target is met iff rated × 100 ≥ target × registered (no rounding involved).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "services/evaluation/rectification_store.h"
#include "services/evaluation/results_scoring.h"

namespace cedu::evaluation {

// One organisation of the round's type.
struct ResultEntry {
  std::int64_t id = 0;
  std::string name, town, station;
  bool active = true;        // counted among the registered (archived ones are not)
  bool evaluated = false;    // has an evaluation in the round
  OrganisationResult result;  // attempt 0: no complete attempt
};

// The scale the district counts for `type` and its target in percent (none for types the
// plan sets no target for).
struct ResultTarget {
  const Scale* scale = nullptr;
  std::optional<int> percent;
};
ResultTarget result_target(const Standard& standard, std::string_view type);

struct AreaSummary {
  std::string town;          // slug; empty for the district
  int registered = 0, evaluated = 0, rated = 0;
  std::vector<int> by_level;  // per level of the target scale: entries whose highest is it
  int open_rectifications = 0, overdue_rectifications = 0;
  int share_bp = 0;          // rated / registered in basis points (0 when none registered)
  std::optional<bool> meets_target;  // only when the type has a target and the area has any
};

struct RankedEntry {
  int rank = 0;               // 1-based; equal totals share a rank; 0 when not complete
  const ResultEntry* entry = nullptr;
};

struct RoundSummary {
  ResultTarget target;
  std::vector<AreaSummary> towns;  // in `town_order`
  AreaSummary district;
  std::vector<RankedEntry> ranking;  // evaluated entries: complete by total desc, then the rest
  std::vector<Rectification> open_rectifications;  // not accepted, by deadline
};

// The index of the level reached on `scale` by `result`, or -1.
int reached_level(const OrganisationResult& result, const Scale& scale);

// Summarises `entries` (every organisation of the round's type) under `standard`.
// `town_order` lists the towns to report, each once (the network's order); entries of a
// town not listed count for the district only. `today` is YYYY-MM-DD.
RoundSummary summarise(const Standard& standard, std::string_view type,
                       const std::vector<ResultEntry>& entries,
                       const std::vector<std::string>& town_order,
                       std::vector<Rectification> rectifications, std::string_view today);

// "19.94": basis points as a percentage with two decimals.
std::string percent_text(int basis_points);

}  // namespace cedu::evaluation
