// The round methods of cedu-evaluation (docs/evaluation.md, "Evaluation rounds"):
//   evaluation.round_create   {name, year, type, standard, version?, evaluators: {role:
//                              weight}, deadline}                         → the round (draft)
//   evaluation.round_get      {id}                      → {round, evaluations: [evaluation]}
//   evaluation.round_score    {round_id, organisation_id, evaluator, values | satisfaction}
//                                                       → the organisation's evaluation
//   evaluation.round_advance  {id, version, to}         → the round at its next stage
// Rounds and evaluations live in the organisations' database (round_store.h); every write
// is one transaction with an audit entry. Opening and moving a round is the district's
// (or a service's); a self or town part follows the organisation's row rules, a district
// or residents' part is the district's.
// Thread-safety: as the Library, whose lock guards the database.
#pragma once

#include "bus/runtime/service.h"
#include "services/evaluation/standards_catalogue.h"
#include "services/library/library.h"

namespace cedu::evaluation {

class RoundMethods {
 public:
  // REQUIRES: `organisations` serves organisation_spec() on a database migrated with
  // evaluation_migrations(); both arguments outlive this object.
  RoundMethods(library::Library& organisations, const StandardCatalogue& catalogue)
      : library_(organisations), catalogue_(catalogue) {}

  void serve(Service& service);

  Result<std::string> create(const Request& req);
  Result<std::string> get(const Request& req);
  Result<std::string> score(const Request& req);
  Result<std::string> advance(const Request& req);

 private:
  library::Library& library_;
  const StandardCatalogue& catalogue_;
};

}  // namespace cedu::evaluation
