// The automatic-indicator methods of cedu-evaluation (docs/evaluation.md, "Automatic
// indicators gathered over the bus"):
//   evaluation.facts        {organisation_id, year}  → every known fact of the organisation
//                                                      in that year: value or UNAVAILABLE
//   evaluation.round_facts  {round_id}               → the facts the round's standard uses,
//                                                      for every active organisation of its
//                                                      type, gathered in one batch
// and the hook of evaluation.round_score (part_facts): the `fact:` leaves the evaluator did
// not give, gathered before the part is scored. Bus calls run outside the Library's lock,
// each within the request's deadline and at most `cap`. star_station_share is the
// evaluation's own: the town's share of star stations in the newest published station
// round of that year (results_summary.h).
// Thread-safety: as the Library, whose lock guards the database; the source is thread-safe.
#pragma once

#include <chrono>
#include <memory>

#include "bus/runtime/service.h"
#include "common/config/network.h"
#include "services/evaluation/fact_gathering.h"
#include "services/evaluation/fact_store.h"
#include "services/evaluation/standards_catalogue.h"
#include "services/library/library.h"

namespace cedu::evaluation {

class FactMethods {
 public:
  // REQUIRES: as RoundMethods; every argument outlives this object.
  FactMethods(library::Library& organisations, const StandardCatalogue& catalogue,
              std::shared_ptr<const config::Network> network, FactSource& source,
              std::chrono::milliseconds cap = std::chrono::milliseconds(3000))
      : library_(organisations), catalogue_(catalogue), network_(std::move(network)),
        source_(source), cap_(cap) {}

  void serve(Service& service);

  Result<std::string> facts(const Request& req);
  Result<std::string> round_facts(const Request& req);
  // The round_score hook (fact_store.h: PartFactsHook).
  PartFacts part_facts(const Request& req, std::int64_t round_id, std::int64_t organisation_id,
                       const std::string& evaluator);
  PartFactsHook hook() {
    return [this](const Request& r, std::int64_t round, std::int64_t org, const std::string& e) {
      return part_facts(r, round, org, e);
    };
  }

 private:
  std::chrono::steady_clock::time_point deadline_for(const Request& req) const;
  FactValue star_station_share(const FactScope& town);

  library::Library& library_;
  const StandardCatalogue& catalogue_;
  std::shared_ptr<const config::Network> network_;
  FactSource& source_;
  std::chrono::milliseconds cap_;
};

}  // namespace cedu::evaluation
