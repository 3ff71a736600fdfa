// serve_domain: how a library service registers the methods its domain adds to the core's
// (teacher.appraise, volunteer.log_hours, course.enrol, …). A domain keeps them in a table
// of (name without the service prefix, plain function of (Domain&, const Request&)), so
// unit tests call them without a bus (library_test_support.h serves the same table).
// Thread-safety: call during setup, before the service runs; the handlers share `domain`
// and may run on several threads at once.
#pragma once

#include <memory>
#include <string>

#include "bus/runtime/service.h"

namespace cedu::library {

// Registers every method of `methods` on `service`, each run on `domain`. Throws
// std::invalid_argument (from Service::handle) for a duplicate or reserved name.
template <typename Domain, typename Methods>
void serve_domain(Service& service, std::shared_ptr<Domain> domain, const Methods& methods) {
  for (const auto& entry : methods) {
    const auto method = entry.second;  // not a structured binding: clang 14 cannot capture those
    service.handle(std::string(entry.first),
                   [domain, method](const Request& r) { return method(*domain, r); });
  }
}

}  // namespace cedu::library
