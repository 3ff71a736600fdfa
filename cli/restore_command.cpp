#include "cli/restore_command.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

#include "cli/backup_manifest.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "cli/restore_guard.h"
#include "cli/text_table.h"
#include "common/tabular/file_io.h"

namespace cedu::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::chrono::milliseconds kConnectWait{1000};
// SQLite's companions of a WAL database: left beside a restored file they would be
// replayed into it.
constexpr const char* kCompanions[] = {"", "-wal", "-shm"};

struct Planned {
  const BackupEntry* entry = nullptr;
  std::string copy;    // in the backup directory
  std::string target;  // where the deployment keeps the file
  std::optional<tabular::TempFile> staged;
  std::vector<std::pair<std::string, std::string>> moved;  // (original, .pre-restore)
  bool swapped = false;
};

Result<Manifest> read_manifest(const fs::path& dir) {
  const std::string path = (dir / kManifestFile).string();
  CEDU_ASSIGN_OR_RETURN(std::string text, tabular::read_file(path, 16 << 20));
  CEDU_ASSIGN_OR_RETURN(Json json, parse_json(text, path));
  return manifest_from_json(json);
}

// The copy must be what the manifest says, byte for byte and row for row.
Status verify(const std::string& path, const BackupEntry& e) {
  CEDU_ASSIGN_OR_RETURN(FileFacts facts, file_facts(path));
  if (facts.sha256 != e.facts.sha256) {
    return Status::failed_precondition(path + ": SHA-256 " + facts.sha256 + " is not the manifest's " +
                                       e.facts.sha256);
  }
  if (facts.schema_version != e.facts.schema_version || facts.tables != e.facts.tables) {
    return Status::failed_precondition(path + ": schema version or row counts differ from the manifest");
  }
  return Status::ok();
}

Status stage(Planned& p) {
  std::error_code ec;
  fs::create_directories(fs::path(p.target).parent_path(), ec);
  if (ec) return Status::internal("cannot create the directory of " + p.target + ": " + ec.message());
  CEDU_ASSIGN_OR_RETURN(tabular::TempFile tmp, tabular::TempFile::create_beside(p.target));
  std::ifstream in(p.copy, std::ios::binary);
  std::string chunk(1 << 20, '\0');
  while (in) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    if (in.gcount() > 0) CEDU_RETURN_IF_ERROR(tmp.write(std::string_view(chunk.data(), static_cast<std::size_t>(in.gcount()))));
  }
  if (in.bad()) return Status::internal("cannot read " + p.copy);
  CEDU_RETURN_IF_ERROR(tmp.close());
  CEDU_ASSIGN_OR_RETURN(std::string digest, file_sha256(tmp.path()));
  if (digest != p.entry->facts.sha256) {
    return Status::internal("the copy staged at " + tmp.path() + " does not match the manifest's digest");
  }
  p.staged.emplace(std::move(tmp));
  return Status::ok();
}

// Moves the current file and its companions aside, then renames the staged copy in.
Status swap_in(Planned& p) {
  for (const char* suffix : kCompanions) {
    const std::string from = p.target + suffix;
    if (!fs::exists(from)) continue;
    const std::string to = from + ".pre-restore";
    std::error_code ec;
    fs::remove(to, ec);
    fs::rename(from, to, ec);
    if (ec) return Status::internal("cannot move " + from + " aside: " + ec.message());
    p.moved.emplace_back(from, to);
  }
  CEDU_RETURN_IF_ERROR(p.staged->commit_to(p.target));
  p.swapped = true;
  return Status::ok();
}

// Puts back what swap_in moved; best effort, reported by the caller.
void undo(Planned& p) {
  std::error_code ec;
  if (p.swapped) fs::remove(p.target, ec);
  for (const auto& [original, aside] : p.moved) fs::rename(aside, original, ec);
}

}  // namespace

int run_restore(const Context& context, const RestoreArgs& args) {
  const fs::path dir(args.dir);
  auto manifest = read_manifest(dir);
  if (!manifest.ok()) {
    print_usage_error("not a backup: " + manifest.status().to_string());
    return kExitUsage;
  }
  const std::string& endpoint = context.deployment.bus.endpoint;
  if (endpoint_accepts_connections(endpoint, kConnectWait)) {
    print_usage_error("something listens on " + endpoint +
                      " (the suite is running?): stop `cedu up` or every cedu process first; "
                      "nothing was restored");
    return kExitFailed;
  }
  std::vector<Planned> plan;
  plan.reserve(manifest->entries.size());
  for (const BackupEntry& e : manifest->entries) {
    auto where = deployment_file(context.deployment, e.name);
    if (!where.ok()) {
      print_usage_error("the backup holds '" + e.name + "' but " +
                        (context.config_path.empty() ? std::string("the config") : context.config_path) +
                        ": " + where.status().message() + "; add it, or restore with a config that has it");
      return kExitUsage;
    }
    plan.push_back({&e, (dir / e.file).string(), where->path, std::nullopt, {}, false});
  }
  for (Planned& p : plan) {
    Status s = verify(p.copy, *p.entry);
    if (s.is_ok()) s = stage(p);
    if (!s.is_ok()) {
      print_usage_error("restore of " + p.entry->name + " refused: " + s.to_string() +
                        "; nothing was restored");
      return kExitFailed;
    }
  }
  for (std::size_t i = 0; i < plan.size(); ++i) {
    if (Status s = swap_in(plan[i]); !s.is_ok()) {
      for (std::size_t j = 0; j <= i; ++j) undo(plan[j]);
      print_usage_error("restore of " + plan[i].entry->name + " failed: " + s.to_string() +
                        "; the previous files were put back");
      return kExitFailed;
    }
  }
  std::vector<std::vector<std::string>> rows{{"NAME", "RESTORED TO", "SCHEMA", "SHA-256"}};
  for (const Planned& p : plan) {
    rows.push_back({p.entry->name, p.target, std::to_string(p.entry->facts.schema_version),
                    p.entry->facts.sha256.substr(0, 16)});
  }
  std::cout << render_text_table(rows) << "restored " << plan.size() << " files from " << args.dir
            << " (taken " << manifest->created_at << "); previous files, if any, kept as *.pre-restore"
            << std::endl;
  for (const auto& f : deployment_files(context.deployment)) {
    bool in_backup = false;
    for (const Planned& p : plan) in_backup = in_backup || p.entry->name == f.name;
    if (!in_backup) std::cout << "note: the backup has no " << f.name << "; " << f.path << " was left as it is" << std::endl;
  }
  return kExitOk;
}

}  // namespace cedu::cli
