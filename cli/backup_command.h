// `cedu backup DIR [--json]`: a consistent online backup of the deployment's SQLite files —
// the broker's event log and every service database of `services:` — while the suite
// serves. Each file is copied with VACUUM INTO on a read-only connection: one read
// transaction, so under WAL the copy is that database as of one commit, and writers are
// never blocked. The copies are checked (integrity_check) and described in DIR/manifest.json
// (backup_manifest.h), written last: a directory without it is no backup.
// It reads the files directly, so it runs on the machine that holds them.
// Thread-safety: single-threaded CLI.
#pragma once

#include <string>

#include "cli/context.h"

namespace cedu::cli {

struct BackupArgs {
  std::string dir;
  bool json = false;  // print the manifest instead of a table
  // Leave out files that do not exist (a host that runs only some of the processes)
  // instead of failing; they are named on stderr.
  bool skip_missing = false;
  std::string cedu_version;  // recorded in the manifest
};

// Returns 0 after writing every copy and the manifest; 1 iff a file is missing (unless
// skip_missing; and even then when none exists) or cannot be copied or checked (what was
// written is removed); 2 iff DIR exists and is not empty.
int run_backup(const Context& context, const BackupArgs& args);

}  // namespace cedu::cli
