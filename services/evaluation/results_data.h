// Loads what the district's results of a round are made of from the evaluation database:
// the round and its standard, every organisation of its type (active ones, and archived
// ones it evaluated) with its result (results_scoring.h), the round's rectification tasks
// and objections — then summarises them (results_summary.h).
// Thread-safety: takes the organisations Library's lock while it reads.
#pragma once

#include <string>
#include <vector>

#include "services/evaluation/objection_store.h"
#include "services/evaluation/results_summary.h"
#include "services/evaluation/round_store.h"
#include "services/evaluation/standards_catalogue.h"
#include "services/library/library.h"

namespace cedu::evaluation {

struct RoundResults {
  Round round;
  const Standard* standard = nullptr;
  std::vector<ResultEntry> entries;
  std::vector<Objection> objections;
  RoundSummary summary;  // points into `entries` and `standard`: do not copy a RoundResults
  std::string today;     // YYYY-MM-DD the overdue flags are as of

  RoundResults() = default;
  RoundResults(const RoundResults&) = delete;
  RoundResults& operator=(const RoundResults&) = delete;
};

// The results of round `round_id` (NOT_FOUND naming `field` when unknown; FAILED_PRECONDITION
// when its standard is not loaded). `town_order`: the network's towns in order.
Result<std::unique_ptr<RoundResults>> load_round_results(library::Library& organisations,
                                                         const StandardCatalogue& catalogue,
                                                         const std::vector<std::string>& town_order,
                                                         std::int64_t round_id,
                                                         const std::string& field);

// The results of organisations of `type` in `year`: those of the newest *published* round
// of that year and type (round.id set), or, when there is none, the organisations of the
// type counted with no result (round.id 0, `standard` the catalogue's newest for the type,
// or nullptr when it has none). What evaluation.results {year} shows per type.
Result<std::unique_ptr<RoundResults>> load_year_results(library::Library& organisations,
                                                        const StandardCatalogue& catalogue,
                                                        const std::vector<std::string>& town_order,
                                                        int year, std::string_view type);

}  // namespace cedu::evaluation
