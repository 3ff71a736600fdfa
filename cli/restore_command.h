// `cedu restore DIR`: brings a backup (backup_command.h) back into the files the
// deployment config names — the event log and each service's database — while the suite
// is stopped. Nothing is replaced until everything checked out: the manifest is read, the
// bus endpoint must be free (restore_guard.h), every copy's SHA-256 digest, integrity and
// row counts must match the manifest, and every copy is staged beside its target and
// checked again. Then each target (with its -wal and -shm) is moved aside to
// <file>.pre-restore and the staged copy renamed into place; a failure there moves the
// previous files back.
// Thread-safety: single-threaded CLI.
#pragma once

#include <string>

#include "cli/context.h"

namespace cedu::cli {

struct RestoreArgs {
  std::string dir;
};

// Returns 0 after restoring every file of the manifest; 1 iff the suite is running, a copy
// fails its checks or a file cannot be written (the current files are left as they were);
// 2 iff DIR has no readable manifest or names a service the config does not have.
int run_restore(const Context& context, const RestoreArgs& args);

}  // namespace cedu::cli
