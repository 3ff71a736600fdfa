// The rectification methods of cedu-evaluation (docs/evaluation.md, "Rectification"):
//   evaluation.rectification_create  {round_id, organisation_id, owner, task, deadline}
//                                                                  → the task (open)
//   evaluation.rectification_submit  {id, version, note?}         → the task (submitted)
//   evaluation.rectification_review  {id, version, decision: accepted | rejected, reply?}
//                                     → the task (accepted, or back to open), and for an
//                                       accepted one the re-evaluation it opened
//   evaluation.rectification_list    {round_id?, organisation_id?, town?, status?,
//                                     overdue?}                    → {items, overdue}
// Tasks are set and reviewed by the district, for an organisation evaluated in a round that
// has left draft; submitted by whoever may write the organisation (its town admin, its
// station, the district). Accepting a task opens a re-evaluation of the organisation
// (round_store.h). Events after commit: evaluation.rectification_created,
// rectification_submitted, rectification_accepted, rectification_rejected.
// Thread-safety: as the Library, whose lock guards the database.
#pragma once

#include "bus/runtime/service.h"
#include "services/evaluation/round_events.h"
#include "services/library/library.h"

namespace cedu::evaluation {

class RectificationMethods {
 public:
  // REQUIRES: `organisations` on a database migrated with evaluation_migrations(); it and
  // `events` outlive this object.
  RectificationMethods(library::Library& organisations, library::Places places,
                       RoundEvents& events)
      : library_(organisations), places_(std::move(places)), events_(events) {}

  void serve(Service& service);

  Result<std::string> create(const Request& req);
  Result<std::string> submit(const Request& req);
  Result<std::string> review(const Request& req);
  Result<std::string> list(const Request& req);

 private:
  library::Library& library_;
  library::Places places_;
  RoundEvents& events_;
};

}  // namespace cedu::evaluation
