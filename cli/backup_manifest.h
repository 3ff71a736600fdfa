// The manifest of a backup directory (manifest.json): when and by which version it was
// taken, and for every file its service, source path, the copy's file name, its SHA-256
// digest, size, schema version and rows per table. `cedu restore` trusts nothing in the
// directory that the manifest does not vouch for.
// Thread-safety: plain values and pure functions.
#pragma once

#include <string>
#include <vector>

#include "cli/backup_files.h"
#include "cli/json_msgpack.h"

namespace cedu::cli {

inline constexpr const char* kManifestFile = "manifest.json";
inline constexpr int kManifestFormat = 1;

struct BackupEntry {
  std::string name;      // "bus" or the service name
  std::string kind;      // "event log" or "service database"
  std::string source;    // the path it was copied from
  std::string file;      // the copy, relative to the backup directory: "teacher.db"
  std::string taken_at;  // UTC, "2026-11-29T19:40:00Z"
  FileFacts facts;
};

struct Manifest {
  int format = kManifestFormat;
  std::string created_at;    // UTC, when the backup finished
  std::string cedu_version;  // of the `cedu` that took it
  std::vector<BackupEntry> entries;
};

Json manifest_to_json(const Manifest& manifest);

// Reads a manifest. Returns INVALID_ARGUMENT naming the key at fault
// ("manifest.json: files[1].sha256: must be 64 hex digits") iff a key is missing, has the
// wrong type, a file name leaves the directory, a name repeats, or the format is not 1.
Result<Manifest> manifest_from_json(const Json& json);

// The current UTC time as "YYYY-MM-DDTHH:MM:SSZ".
std::string utc_now();

}  // namespace cedu::cli
