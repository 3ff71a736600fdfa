// The synthetic evaluation year of `cedu demo seed` (SYNTHETIC DEMO DATA, Chinese texts):
// for 2020, the last year of the 2016–2020 plan, the year the funding demo posts,
//   - learning communities, families and associations (学习型村居/家庭/社团), a few per town;
//   - the residents (成员人数) of every station, which a station's rates are computed over;
//   - a station round of all stations (星级辅导站评估) and a town round of all towns
//     (学习型镇街暨示范镇街评估), each with self, town, district and residents' parts. The
//     self and town parts give every leaf (their own figures included); the district part
//     gives only the leaves the evaluator enters — cedu-evaluation gathers the automatic
//     ones over the bus from the seeded libraries and cedu-funding;
//   - one objection (dismissed) and one rectification task (open, overdue) per round.
// Each town draws its own share of intended star stations (6–36 %), so some towns are above
// and some below the 20 % target; 9 of 16 towns are demonstration candidates, which reach
// 示范 iff what the district part gathers (4 元 per resident above all) holds. A station or
// town meant to fall short has its gate indicator (有分管负责人 / 学校转型) found unmet by the
// town's part, or low marks throughout — short whatever the gathered figures are.
// Deterministic: the same network and standards give the same plan.
// Thread-safety: pure function.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/config/network.h"

namespace cedu::cli::demo {

inline constexpr int kEvaluationDemoYear = 2020;
// Of the whole round; parts are entered before it is set (the seed runs after it).
inline constexpr const char* kEvaluationDemoDeadline = "2020-12-31";

// A leaf of a standard as evaluation.standards describes it.
struct DemoLeaf {
  std::string id, kind, fact;  // kind: manual, yes_no, threshold, ramp, ratio; fact "" if entered
  double weight = 0, min = 0, from = 0, to = 0, target = 0;
  bool evidence = false;
};

// One value of a part: a boolean for yes_no, a number otherwise.
struct DemoValue {
  bool is_bool = false, flag = false;
  double number = 0;
};

struct DemoPart {
  std::string evaluator;                     // self, town, district, residents
  std::map<std::string, DemoValue> values;   // by leaf id; empty for residents
  double satisfaction = 0;                   // residents only
};

struct DemoEvaluation {
  std::string network_id;  // the town slug / station id of the organisation
  std::string town;
  std::vector<DemoPart> parts;
  bool meant_rated = false;  // meant to reach the target scale (the outcome is the service's)
};

struct DemoRound {
  std::string type, standard, name;
  std::map<std::string, std::int64_t> weights;  // evaluator → weight, adding up to 100
  std::vector<DemoEvaluation> evaluations;
  std::string objection_on, objection_text, objection_reply;  // network id; dismissed
  std::string rectification_on, rectification_owner, rectification_task, rectification_deadline;
};

struct DemoOrganisation {
  std::string type, name, town, station, contact, founded, note;
  std::int64_t members = 0;
};

struct EvaluationPlan {
  int year = kEvaluationDemoYear;
  std::vector<DemoOrganisation> organisations;             // communities, families, associations
  std::map<std::string, std::int64_t> station_members;      // station id → residents
  DemoRound stations, towns;
};

// REQUIRES: the leaves of the shipped station and town standards (their gate indicators
// station_head / school_transform are used when present).
EvaluationPlan evaluation_plan(const config::Network& network,
                               const std::vector<DemoLeaf>& station_leaves,
                               const std::vector<DemoLeaf>& town_leaves);

}  // namespace cedu::cli::demo
