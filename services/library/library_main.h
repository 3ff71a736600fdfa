// library_main: the main() of a library service executable (cedu-teacher, cedu-volunteer,
// cedu-course, cedu-project). Parses the command line, loads the deployment config and the
// district network, opens and migrates the service's SQLite file, connects to the bus with
// the service's own key, builds the Library, lets the domain add its methods, serves until
// SIGTERM.
//
//   cedu-course [--config FILE] [--network FILE] [--database FILE] [--endpoint EP]
//               [--threads N] [--insecure] [--log-file FILE] [--log-level LEVEL]
//
// Thread-safety: runs on the main thread.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "common/config/deployment.h"
#include "common/config/network.h"
#include "common/sqlite/migrations.h"
#include "services/library/library.h"
#include "services/library/peer_calls.h"

namespace cedu::library {

// What the domain's setup gets.
struct LibraryContext {
  Library& library;
  Service& service;
  PeerCalls& peers;
  const config::Deployment& deployment;
  std::shared_ptr<const config::Network> network;
};

struct LibraryServiceDef {
  const LibrarySpec* spec = nullptr;
  // The domain's own schema steps, versions 2, 3, … (1 is the library core's).
  std::vector<sqlite::Migration> migrations;
  // Adds domain methods and the validator; an error stops start-up.
  std::function<Status(LibraryContext&)> setup;
};

int library_main(int argc, char** argv, const LibraryServiceDef& def);

// The migrations of a library database kept in its user_version: the core's first, then
// the domain's. The service runs RecordStore::migrate(), which also runs the core track.
std::vector<sqlite::Migration> all_migrations(const LibraryServiceDef& def);

}  // namespace cedu::library
