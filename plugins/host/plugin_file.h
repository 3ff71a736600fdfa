// Which files of the plugin directory the host may load. A plugin runs inside the service
// with all its rights, so a file someone else could have replaced is refused: it must be
// owned by the service's user (or root, for packages installed under /usr) and writable by
// no group and no other user.
// Thread-safety: pure functions (plugin_files and check_plugin_file read the file system).
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include <string>
#include <vector>

#include "common/status.h"

namespace cedu::plugins {

// OK iff a file with status `st` may be loaded by a process running as `euid`; else
// PERMISSION_DENIED saying why ("… is writable by group or others (mode 0646)").
Status check_owner_and_mode(const struct stat& st, uid_t euid, const std::string& path);
// check_owner_and_mode() of the file at `path` (following a symbolic link), for this process.
Status check_plugin_file(const std::string& path);

// The *.so files directly in `dir`, sorted by name; empty when `dir` does not exist.
std::vector<std::string> plugin_files(const std::string& dir);

}  // namespace cedu::plugins
