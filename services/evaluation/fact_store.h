// The automatic indicators (自动指标) a part of an evaluation was filled with: for every leaf
// with `fact:` that the evaluator did not give, the value gathered from the other services
// or why it could not be (UNAVAILABLE and the reason) — kept with the part (evaluation,
// attempt, evaluator), in the evaluation database (migration 4), and shown with the
// evaluation as `facts` and `unavailable`. Entering the part again replaces them.
// Thread-safety: none; callers hold the organisations Library's lock around the database.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "bus/runtime/service.h"
#include "common/msgpack/builder.h"
#include "common/sqlite/database.h"
#include "common/sqlite/migrations.h"
#include "services/evaluation/scoring.h"

namespace cedu::evaluation {

// One automatic leaf of a part.
struct FilledFact {
  std::string indicator;        // the leaf id: courses_held
  std::string fact;             // the fact it takes: courses_held
  std::optional<double> value;  // set iff gathered
  std::string reason;           // why not, when not
};

// What gathering gave for one part, before it is stored.
struct PartFacts {
  std::vector<FilledFact> items;
  std::string gathered_at;  // UTC

  // Adds the gathered values to `inputs` (leaves already there are left alone), each with
  // "gathered: <fact> at <time>" as its evidence.
  void add_to(Inputs& inputs) const;
  // Packs `given` (a part's values as the evaluator sent them) with the gathered values
  // added as {value, evidence}, so that the stored part scores again (results) as it did.
  std::string pack_with(const msgpack::object& given) const;
};

// A stored item, with the part it belongs to.
struct StoredFact {
  int attempt = 1;
  std::string evaluator;
  FilledFact item;
  std::string gathered_at;
};

// Gathers the automatic leaves of a part before round_score takes the lock: (request,
// round id, organisation id, evaluator) → the part's facts. Empty when there is nothing to
// gather or the round or organisation cannot be read (round_score then says why).
using PartFactsHook = std::function<PartFacts(const Request&, std::int64_t round_id,
                                              std::int64_t organisation_id,
                                              const std::string& evaluator)>;

// Version 4 of the evaluation database: evaluation_part_facts.
sqlite::Migration fact_migration();

// Replaces the facts of the part (evaluation, attempt, evaluator) with `facts`.
Status store_part_facts(sqlite::Database& db, std::int64_t evaluation_id, int attempt,
                        const std::string& evaluator, const PartFacts& facts);
// Every stored fact of the evaluation, by attempt, evaluator and indicator.
Result<std::vector<StoredFact>> facts_of_evaluation(sqlite::Database& db,
                                                    std::int64_t evaluation_id);

// Sets `facts: [{attempt, evaluator, id, fact, value}]` and `unavailable: [{attempt,
// evaluator, id, fact, reason}]` on an evaluation reply.
void add_fact_lists(mp::MapBuilder& reply, const std::vector<StoredFact>& facts);

}  // namespace cedu::evaluation
