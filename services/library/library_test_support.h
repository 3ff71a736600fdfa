// Test support for the unit tests of the libraries (not part of any service): a Library
// on a fresh SQLite file with all the migrations of its service, the shipped district
// network, requests as the broker delivers them, and serving a request by name — a
// domain method of the library's table, else a method of the core — without a bus.
// Header-only: tests include it, services do not link it.
// Thread-safety: one test thread.
#pragma once

#include <chrono>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/config/network.h"
#include "common/msgpack/fields.h"
#include "services/library/library.h"
#include "services/library/library_main.h"

namespace cedu::library::testing {

// The shipped district network: configs/network.yaml of the source tree (CEDU_SOURCE_DIR,
// which add_unit_test sets, else CEDU_TEST_SOURCE_DIR when the test defines it), loaded
// once. Throws config::ConfigError when it does not load.
inline std::shared_ptr<const config::Network> shipped_network() {
  static const std::shared_ptr<const config::Network> network = [] {
    const char* source = std::getenv("CEDU_SOURCE_DIR");
#ifdef CEDU_TEST_SOURCE_DIR
    if (source == nullptr) source = CEDU_TEST_SOURCE_DIR;
#endif
    return std::make_shared<const config::Network>(
        config::load_network(std::string(source != nullptr ? source : ".") + "/configs/network.yaml"));
  }();
  return network;
}

// A Library serving `def`'s spec over a fresh database at `path`, migrated with all the
// migrations of `def` (the core's and the domain's), checking places with `places`.
// Returns the error of opening or migrating.
inline Result<std::unique_ptr<Library>> open_library(const std::string& path,
                                                     const LibraryServiceDef& def, Places places) {
  CEDU_ASSIGN_OR_RETURN(sqlite::Database db, sqlite::Database::open(path));
  CEDU_RETURN_IF_ERROR(RecordStore::migrate(db, *def.spec, def.migrations));
  return std::make_unique<Library>(*def.spec, RecordStore(std::move(db), *def.spec),
                                   std::move(places));
}

// A request to <service>.<method> with `params` as the broker delivers it: from
// `principal` with `rights`, due in 5 s. REQUIRES: `params` outlives the request.
inline Request request(std::string service, std::string method, const mp::MapView& params,
                       std::string principal = "district-admin",
                       std::vector<std::string> rights = {"pii"},
                       std::optional<std::string> idempotency_key = std::nullopt) {
  return Request{std::move(service), std::move(method), params, std::move(principal),
                 std::move(rights), std::chrono::steady_clock::now() + std::chrono::seconds(5),
                 std::move(idempotency_key), 1};
}

// Serves `req` as the service would: the method of that name in the domain's `methods`
// (pairs of name and function of (Domain&, const Request&)) run on `domain`, else the
// core's. Returns the reply unpacked, or the error.
template <typename Domain, typename Methods>
Result<msgpack::object_handle> serve(Library& library, Domain& domain, const Methods& methods,
                                     const Request& req) {
  Result<std::string> reply = Status::not_found("no method " + req.method);
  bool found = false;
  for (const auto& [name, fn] : methods) {
    if (name == req.method) {
      reply = fn(domain, req);
      found = true;
    }
  }
  if (!found) reply = library.invoke(req.method, req);
  if (!reply.ok()) return reply.status();
  return mp::unpack(*reply, "reply");
}

}  // namespace cedu::library::testing
