// The objection methods of cedu-evaluation (docs/evaluation.md, "Objections"):
//   evaluation.objection_lodge   {round_id, organisation_id, text}   → the objection (open)
//   evaluation.objection_answer  {id, decision: upheld | dismissed, reply} → the objection,
//                                 and for an upheld one the re-evaluation it opened
//   evaluation.objection_list    {round_id, organisation_id?, status?} → {items}
// Objections are lodged only while the round is in publication (公示), against an
// organisation evaluated in it, by any principal the ACL lets call objection_lodge (town
// admins, stations, training organisations, the district: the parties residents reach);
// answered by the district. An upheld objection opens a re-evaluation of the organisation
// (round_store.h). Events after commit: evaluation.objection_lodged,
// evaluation.objection_answered.
// Thread-safety: as the Library, whose lock guards the database.
#pragma once

#include "bus/runtime/service.h"
#include "services/evaluation/round_events.h"
#include "services/library/library.h"

namespace cedu::evaluation {

class ObjectionMethods {
 public:
  // REQUIRES: `organisations` on a database migrated with evaluation_migrations(); both
  // arguments outlive this object.
  ObjectionMethods(library::Library& organisations, RoundEvents& events)
      : library_(organisations), events_(events) {}

  void serve(Service& service);

  Result<std::string> lodge(const Request& req);
  Result<std::string> answer(const Request& req);
  Result<std::string> list(const Request& req);

 private:
  library::Library& library_;
  RoundEvents& events_;
};

}  // namespace cedu::evaluation
