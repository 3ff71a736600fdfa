// Gathering the facts of automatic indicators (自动指标) for organisations from the other
// services over the bus: which call each fact needs for a scope (fact_scope.h), one batch
// of calls for every organisation at once (the same call is sent once: volunteer.per_thousand
// serves every town), and each fact's value computed from its answer. Each fact stands
// alone: a service that is down, refuses or answers something unexpected makes the facts
// that need it UNAVAILABLE with the reason, and the others still come. Nothing is guessed.
// Which call and which figure every fact takes is in docs/evaluation.md.
// Thread-safety: gather_facts is reentrant; the source must be thread-safe.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "services/evaluation/fact_scope.h"
#include "services/evaluation/fact_source.h"

namespace cedu::evaluation {

// A fact's value, or why there is none.
struct FactValue {
  std::optional<double> value;  // set iff the fact could be computed
  std::string reason;           // why not (the service, its error code and message)

  static FactValue of(double v) { return {v, {}}; }
  static FactValue unavailable(std::string why) { return {std::nullopt, std::move(why)}; }
};
using FactValues = std::map<std::string, FactValue, std::less<>>;  // by fact name
using FactNames = std::set<std::string, std::less<>>;

// A fact the evaluation service computes itself (star_station_share, from its own rounds);
// empty: UNAVAILABLE.
using LocalFact = std::function<FactValue(const FactScope&)>;

// The facts `wanted` (every known fact when empty) of each scope, in the order of `scopes`.
// Returns by `deadline`: a call unanswered then leaves its facts UNAVAILABLE.
std::vector<FactValues> gather_facts(FactSource& source, const std::vector<FactScope>& scopes,
                                     const FactNames& wanted,
                                     std::chrono::steady_clock::time_point deadline,
                                     const LocalFact& star_station_share = {});

}  // namespace cedu::evaluation
