// The funding service's methods on the bus (docs/funding.md):
//   funding.post          a budget, disbursement or expenditure; events funding.posted,
//                         funding.disbursed, funding.overrun
//   funding.reverse       a reversal of an entry; event funding.reversed
//   funding.receive       a disbursement arrived (到位); event funding.received
//   funding.close_year    closes a fiscal year; event funding.year_closed
//   funding.get, funding.entries           the ledger
//   funding.summary, funding.per_resident, funding.not_arrived   the figures
// A posting that names a project asks the project library (project.get) first: NOT_FOUND
// names params.project_id, a project service that is down makes it UNAVAILABLE — nothing
// is posted either way. A retried write with the same idempotency key posts once.
// Thread-safety: handlers may run concurrently (the Ledger serialises writes).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "bus/runtime/service.h"
#include "services/funding/ledger.h"

namespace cedu::funding {

// Checks that project `id` exists, within `request`'s deadline. OK, NOT_FOUND, or the error
// of the call (UNAVAILABLE when the project service is down).
using ProjectCheck = std::function<Status(const Request& request, std::int64_t id)>;
using Publish = std::function<void(std::string_view event, std::string payload)>;

class FundingMethods {
 public:
  FundingMethods(Ledger& ledger, ProjectCheck project_check, Publish publish)
      : ledger_(ledger), project_check_(std::move(project_check)), publish_(std::move(publish)) {}

  // Registers every method on `service`.
  void serve(Service& service);
  // The method `method` ("post", …) without the bus; NOT_FOUND for another name.
  Result<std::string> invoke(std::string_view method, const Request& request);

  Result<std::string> post(const Request& r);
  Result<std::string> reverse(const Request& r);
  Result<std::string> receive(const Request& r);
  Result<std::string> close_year(const Request& r);
  Result<std::string> get(const Request& r);
  Result<std::string> entries(const Request& r);
  Result<std::string> summary(const Request& r);
  Result<std::string> per_resident(const Request& r);
  Result<std::string> not_arrived(const Request& r);

 private:
  void publish(std::string_view event, std::string payload) {
    if (publish_) publish_(event, std::move(payload));
  }

  Ledger& ledger_;
  ProjectCheck project_check_;
  Publish publish_;
};

}  // namespace cedu::funding
