// The bus methods of cedu-evaluation that exist so far (docs/evaluation.md):
//   evaluation.standards  {}                          → {standards: [summary...]}
//                         {standard, version?}        → {standard: tree}
//   evaluation.preview    {standard, version?, values} → a scored evaluation, not stored
// Thread-safety: the handlers only read the catalogue, which must outlive the service.
#pragma once

#include "bus/runtime/service.h"
#include "services/evaluation/standards_catalogue.h"

namespace cedu::evaluation {

// Registers the methods on `service`. REQUIRES: `catalogue` outlives `service`'s run().
void serve_evaluation(Service& service, const StandardCatalogue& catalogue);

// The handlers, callable without a bus (tests).
Result<std::string> handle_standards(const StandardCatalogue& catalogue, const Request& req);
Result<std::string> handle_preview(const StandardCatalogue& catalogue, const Request& req);

}  // namespace cedu::evaluation
