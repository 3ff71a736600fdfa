#include "cli/backup_command.h"

#include <filesystem>
#include <iostream>

#include "cli/backup_manifest.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "cli/text_table.h"
#include "common/tabular/file_io.h"

namespace cedu::cli {
namespace {

namespace fs = std::filesystem;

// The copy of `file` in the backup directory.
std::string copy_name(const DeploymentFile& file) {
  if (file.name == "bus") return "bus-events.db";
  std::string name = file.name;
  if (const auto slash = name.find('/'); slash != std::string::npos) name.replace(slash, 1, "-plugin-");
  return name + ".db";
}

// Copies one file into `dir` and describes the copy.
Result<BackupEntry> back_up(const DeploymentFile& file, const fs::path& dir) {
  BackupEntry e{file.name, file.kind, fs::absolute(file.path).string(), copy_name(file), utc_now(), {}};
  const std::string target = (dir / e.file).string();
  CEDU_ASSIGN_OR_RETURN(tabular::TempFile tmp, tabular::TempFile::create_beside(target));
  CEDU_RETURN_IF_ERROR(tmp.close());
  CEDU_RETURN_IF_ERROR(snapshot_database(file.path, tmp.path()));
  CEDU_RETURN_IF_ERROR(tmp.commit_to(target));  // fsynced, then renamed
  CEDU_ASSIGN_OR_RETURN(e.facts, file_facts(target));
  return e;
}

std::int64_t total_rows(const FileFacts& facts) {
  std::int64_t n = 0;
  for (const auto& [table, rows] : facts.tables) n += rows;
  return n;
}

void print_table(const Manifest& m, const std::string& dir) {
  std::vector<std::vector<std::string>> rows{{"NAME", "FILE", "SCHEMA", "TABLES", "ROWS", "BYTES", "SHA-256"}};
  for (const BackupEntry& e : m.entries) {
    rows.push_back({e.name, e.file, std::to_string(e.facts.schema_version),
                    std::to_string(e.facts.tables.size()), std::to_string(total_rows(e.facts)),
                    std::to_string(e.facts.bytes), e.facts.sha256.substr(0, 16)});
  }
  std::cout << render_text_table(rows) << "backup of " << m.entries.size() << " files in " << dir
            << " (" << kManifestFile << ", " << m.created_at << ")" << std::endl;
}

}  // namespace

int run_backup(const Context& context, const BackupArgs& args) {
  const fs::path dir(args.dir);
  std::error_code ec;
  if (fs::exists(dir, ec) && !(fs::is_directory(dir, ec) && fs::is_empty(dir, ec))) {
    print_usage_error(args.dir + " exists and is not an empty directory; back up into a new one");
    return kExitUsage;
  }
  fs::create_directories(dir, ec);
  if (ec) {
    print_usage_error("cannot create " + args.dir + ": " + ec.message());
    return kExitFailed;
  }
  Manifest manifest;
  manifest.cedu_version = args.cedu_version;
  std::vector<std::string> skipped;
  for (const DeploymentFile& file : deployment_files(context.deployment)) {
    if (args.skip_missing && !fs::exists(file.path, ec)) {
      skipped.push_back(file.name + " (" + file.path + " does not exist)");
      continue;
    }
    auto entry = back_up(file, dir);
    if (!entry.ok()) {
      print_usage_error("backup of " + file.name + " (" + file.path + ") failed: " +
                        entry.status().to_string() + "; nothing kept in " + args.dir);
      for (const BackupEntry& done : manifest.entries) fs::remove(dir / done.file, ec);
      fs::remove(dir / copy_name(file), ec);
      return kExitFailed;
    }
    manifest.entries.push_back(std::move(entry).value());
  }
  if (manifest.entries.empty()) {
    print_usage_error("none of the files the config names exists; nothing to back up");
    return kExitFailed;
  }
  manifest.created_at = utc_now();
  const Json json = manifest_to_json(manifest);
  if (Status s = tabular::write_file_atomically((dir / kManifestFile).string(), json.dump(2) + "\n");
      !s.is_ok()) {
    print_usage_error("cannot write the manifest: " + s.to_string());
    return kExitFailed;
  }
  if (args.json) {
    std::cout << json.dump(2) << std::endl;
  } else {
    print_table(manifest, args.dir);
  }
  for (const std::string& s : skipped) std::cerr << "cedu: skipped " << s << std::endl;
  return kExitOk;
}

}  // namespace cedu::cli
