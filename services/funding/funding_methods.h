// The funding service's methods on the bus (docs/funding.md):
//   funding.post          a budget, disbursement or expenditure; events funding.posted,
//                         funding.disbursed, funding.overrun
//   funding.reverse       a reversal of an entry; event funding.reversed
//   funding.receive       a disbursement arrived (到位); event funding.received
//   funding.close_year    closes a fiscal year; event funding.year_closed
//   funding.get, funding.entries           the ledger
//   funding.summary, funding.per_resident, funding.not_arrived   the figures
//   funding.performance   the performance evaluation of special funds (绩效评价)
//   funding.report        the disclosure report (预算公开): CSV, XLSX or Markdown
//   funding.audit         the audit trail: writes and refused attempts
// A posting that names a project asks the project library (project.get) first: NOT_FOUND
// names params.project_id, a project service that is down makes it UNAVAILABLE — nothing
// is posted either way. A retried write with the same idempotency key posts once.
// Thread-safety: handlers may run concurrently (the Ledger serialises writes).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "bus/runtime/service.h"
#include "services/funding/ledger.h"
#include "services/funding/figures.h"
#include "services/funding/performance_config.h"
#include "services/funding/performance_score.h"

namespace cedu::funding {

// Calls service.method with packed `params` on behalf of `request`, within its deadline:
// the unpacked result, or the call's error (UNAVAILABLE when the service is down).
using BusCall = std::function<Result<msgpack::object_handle>(
    const Request& request, std::string_view service, std::string_view method,
    const std::string& params)>;
using Publish = std::function<void(std::string_view event, std::string payload)>;

class FundingMethods {
 public:
  FundingMethods(Ledger& ledger, const PerformanceConfig& performance, BusCall bus, Publish publish)
      : ledger_(ledger), performance_(performance), bus_(std::move(bus)), publish_(std::move(publish)) {}

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
  Result<std::string> performance(const Request& r);
  Result<std::string> report(const Request& r);
  Result<std::string> audit(const Request& r);

 private:
  void publish(std::string_view event, std::string payload) {
    if (publish_) publish_(event, std::move(payload));
  }

  Status check_project(const Request& r, std::int64_t id);
  // The performance evaluation of the district (or `town`) in `year` (performance_method.cpp).
  PerformanceScore evaluate(const Request& r, int year, const std::optional<std::string>& town,
                            const YearFigures& figures,
                            const std::map<std::string, std::int64_t>& manual);

  Ledger& ledger_;
  const PerformanceConfig& performance_;
  BusCall bus_;
  Publish publish_;
};

// The values of a request's manual indicators, `manual: {indicator id: integer ≥ 0}`;
// INVALID_ARGUMENT naming params.manual.<id> for an id that is not a manual indicator.
Result<std::map<std::string, std::int64_t>> read_manual(const mp::MapView& params,
                                                        const PerformanceConfig& config);

}  // namespace cedu::funding
