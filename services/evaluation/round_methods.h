// The round methods of cedu-evaluation (docs/evaluation.md, "Evaluation rounds"):
//   evaluation.round_create   {name, year, type, standard, version?, evaluators: {role:
//                              weight}, deadline}                         → the round (draft)
//   evaluation.round_get      {id}                      → {round, evaluations: [evaluation]}
//   evaluation.round_score    {round_id, organisation_id, evaluator, values | satisfaction}
//                                                       → the organisation's evaluation
//   evaluation.round_advance  {id, version, to}         → the round at its next stage
//   evaluation.round_update   {id, version, deadline?, name?}  → the round (not once published)
//   evaluation.round_list     {year?, type?, stage?, name?, limit?, cursor?}
//                                                       → {items: [round], next_cursor}
// Rounds and evaluations live in the organisations' database (round_store.h); every write
// is one transaction with an audit entry. Opening, changing and moving a round is the
// district's (or a service's); a self or town part follows the organisation's row rules, a
// district or residents' part is the district's. Parts are entered while the round is a
// draft and its deadline has not passed, or later into an open re-evaluation (an upheld
// objection, an accepted rectification); nothing else changes an evaluation. Publishing
// needs every objection answered and every re-evaluation complete. Events after commit:
// evaluation.round_advanced, evaluation.published.
// Thread-safety: as the Library, whose lock guards the database.
#pragma once

#include "bus/runtime/service.h"
#include "services/evaluation/fact_store.h"
#include "services/evaluation/round_events.h"
#include "services/evaluation/round_store.h"
#include "services/evaluation/standards_catalogue.h"
#include "services/library/library.h"

namespace cedu::evaluation {

class RoundMethods {
 public:
  // REQUIRES: `organisations` serves organisation_spec() on a database migrated with
  // evaluation_migrations(); every argument outlives this object.
  RoundMethods(library::Library& organisations, const StandardCatalogue& catalogue,
               RoundEvents& events)
      : library_(organisations), catalogue_(catalogue), events_(events) {}

  void serve(Service& service);
  // Fills the automatic indicators of parts (fact_methods.h); without it, none are.
  void set_part_facts(PartFactsHook hook) { part_facts_ = std::move(hook); }

  Result<std::string> create(const Request& req);
  Result<std::string> get(const Request& req);
  Result<std::string> score(const Request& req);
  Result<std::string> advance(const Request& req);
  Result<std::string> update(const Request& req);
  // Readable like round_get: by every caller.
  Result<std::string> list(const Request& req);

 private:
  // FAILED_PRECONDITION naming params.to unless `round` may be published: no open
  // objection, no incomplete re-evaluation. Caller holds the lock.
  Status check_publishable(const Round& round, const mp::MapView& params);

  library::Library& library_;
  const StandardCatalogue& catalogue_;
  RoundEvents& events_;
  PartFactsHook part_facts_;
};

}  // namespace cedu::evaluation
