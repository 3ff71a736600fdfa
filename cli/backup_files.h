// What `cedu backup` copies and `cedu restore` brings back: the SQLite files of a
// deployment (the broker's event log, each service's database and the databases of its
// town-school plugins beside it), and the facts a
// manifest keeps about one copy — its SHA-256 digest, schema version (PRAGMA user_version)
// and the rows of each table.
// Thread-safety: pure functions over files; distinct files may be used from distinct threads.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/config/deployment.h"
#include "common/result.h"

namespace cedu::cli {

// One SQLite file of the deployment.
struct DeploymentFile {
  // "bus" for the event log, the service name ("course"), or "<service>/<plugin>" for a
  // plugin's database ("course/shawan-heritage")
  std::string name;
  std::string kind;  // "event log", "service database" or "plugin database"
  // Where the deployment keeps it: bus.events.path, services.<name>.database, or
  // plugins/<plugin>.db in the directory of the service's database.
  std::string path;
};

// The broker's event log first, then every service in `services:`, in file order, each
// followed by the plugin databases found beside it (sorted by name). Services whose
// databases share a directory share its plugins/: those are listed under the first.
std::vector<DeploymentFile> deployment_files(const config::Deployment& deployment);

// Where the deployment keeps the file named `name` (as in DeploymentFile), whether or not
// it exists. Returns NOT_FOUND iff the deployment has no such service (or `name` is not a
// well-formed plugin name).
Result<DeploymentFile> deployment_file(const config::Deployment& deployment, const std::string& name);

// Facts about one SQLite file at rest (no process writing it).
struct FileFacts {
  std::string sha256;  // of the whole file, lowercase hex
  std::uint64_t bytes = 0;
  int schema_version = 0;                         // PRAGMA user_version
  std::map<std::string, std::int64_t> tables;     // ordinary tables → rows
};

// SHA-256 of the file at `path`, lowercase hex. Returns NOT_FOUND iff it cannot be opened,
// INTERNAL iff reading fails.
Result<std::string> file_sha256(const std::string& path);

// Reads the facts of the SQLite file at `path` (read-only). Returns the SQLite error, or
// FAILED_PRECONDITION ("<path>: integrity_check: …") iff PRAGMA integrity_check is not ok.
Result<FileFacts> file_facts(const std::string& path);

// Writes a consistent copy of the live database `source` to `target` (which must not
// exist) with VACUUM INTO on a read-only connection: one read transaction, so under WAL
// the copy is the database as of one commit while writers go on.
Status snapshot_database(const std::string& source, const std::string& target);

}  // namespace cedu::cli
