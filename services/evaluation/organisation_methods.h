// The organisation methods of cedu-evaluation (docs/evaluation.md, "Organisations"):
//   evaluation.org_create  {type, name, town, station?, contact?, phone?, members?, founded?,
//                           note?}                           → the organisation
//   evaluation.org_get     {id}                              → {organisation, evaluations}
//   evaluation.org_list    {type?, town?, station?, status?, limit?, cursor?}
//                                                            → {items, next_cursor}
//   evaluation.org_update  {id, version, name?, town?, station?, …}  → the organisation
//   evaluation.org_archive {id, version, reason?}            → the organisation, archived
//   evaluation.org_audit   the library core's audit query   → {entries, next_after}
// Writes go through Library::write: row rules on the stamped principal, town and station
// checked against the network, CONFLICT on a stale version, one audit entry each; then
// evaluation.org_created|org_updated|org_archived (personal data masked).
// Thread-safety: as the Library (its mutex); the handlers hold no state of their own.
#pragma once

#include "bus/runtime/service.h"
#include "services/evaluation/round_events.h"
#include "services/evaluation/standards_catalogue.h"
#include "services/library/library.h"

namespace cedu::evaluation {

class OrganisationMethods {
 public:
  // REQUIRES: `library` serves organisation_spec(); it, `catalogue` (the levels of the
  // evaluations in org_get) and `events` outlive this object.
  OrganisationMethods(library::Library& library, library::Places places,
                      const StandardCatalogue& catalogue, RoundEvents& events)
      : library_(library), places_(std::move(places)), catalogue_(catalogue), events_(events) {}

  // Registers org_create, org_get, org_list, org_update, org_archive and org_audit on
  // `service`, and the group-commit barrier before every reply.
  void serve(Service& service);

  Result<std::string> create(const Request& req);
  Result<std::string> get(const Request& req);
  Result<std::string> list(const Request& req);
  Result<std::string> update(const Request& req);
  Result<std::string> archive(const Request& req);
  Result<std::string> audit(const Request& req);

 private:
  // Resolves town and station of `req` (slug, id or Chinese name) onto `after`.
  Status apply_place(const mp::MapView& params, library::Record& after, bool creating) const;

  // The reply to a write, after publishing evaluation.<event> with the masked record.
  std::string written(const library::Record& record, const library::Caller& caller,
                      std::string_view event);

  library::Library& library_;
  library::Places places_;
  const StandardCatalogue& catalogue_;
  RoundEvents& events_;
};

}  // namespace cedu::evaluation
