#include "cli/backup_files.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "common/digest/sha256.h"
#include "common/sqlite/database.h"

namespace cedu::cli {

namespace {

constexpr const char* kPluginDir = "plugins";  // beside a service's database (plugin host)

std::filesystem::path plugin_dir(const config::ServiceEntry& service) {
  return std::filesystem::path(service.database).parent_path() / kPluginDir;
}

// Plugin names as the host accepts them; nothing that could leave the directory.
bool plain_name(const std::string& name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  }
  return true;
}

}  // namespace

std::vector<DeploymentFile> deployment_files(const config::Deployment& deployment) {
  std::vector<DeploymentFile> files{{"bus", "event log", deployment.bus.events.path}};
  std::set<std::filesystem::path> seen_dirs;
  for (const auto& s : deployment.services) {
    files.push_back({s.name, "service database", s.database});
    // Services whose databases share a directory share its plugins/ too: its files are
    // listed once, under the first of them.
    if (!seen_dirs.insert(std::filesystem::weakly_canonical(plugin_dir(s))).second) continue;
    std::vector<std::string> plugins;
    std::error_code ec;
    for (const auto& f : std::filesystem::directory_iterator(plugin_dir(s), ec)) {
      const auto stem = f.path().stem().string();
      if (f.path().extension() == ".db" && plain_name(stem)) plugins.push_back(stem);
    }
    std::sort(plugins.begin(), plugins.end());
    for (const auto& p : plugins) {
      files.push_back({s.name + "/" + p, "plugin database", (plugin_dir(s) / (p + ".db")).string()});
    }
  }
  return files;
}

Result<DeploymentFile> deployment_file(const config::Deployment& deployment, const std::string& name) {
  if (name == "bus") return DeploymentFile{"bus", "event log", deployment.bus.events.path};
  const auto slash = name.find('/');
  const config::ServiceEntry* s = deployment.find_service(name.substr(0, slash));
  if (s == nullptr) return Status::not_found("the config has no services." + name.substr(0, slash));
  if (slash == std::string::npos) return DeploymentFile{s->name, "service database", s->database};
  const std::string plugin = name.substr(slash + 1);
  if (!plain_name(plugin)) return Status::not_found("'" + plugin + "' is not a plugin name");
  return DeploymentFile{name, "plugin database", (plugin_dir(*s) / (plugin + ".db")).string()};
}

Result<std::string> file_sha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::not_found("cannot open " + path);
  digest::Sha256 digest;
  std::vector<char> buffer(1 << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto got = in.gcount();
    if (got > 0) digest.update(std::string_view(buffer.data(), static_cast<std::size_t>(got)));
  }
  if (in.bad()) return Status::internal("cannot read " + path);
  return digest.hex_digest();
}

namespace {

sqlite::OpenOptions read_only() {
  sqlite::OpenOptions o;
  o.read_only = true;
  o.create = false;
  return o;
}

// Ordinary tables (virtual tables are counted through their shadow tables).
Result<std::map<std::string, std::int64_t>> table_rows(sqlite::Database& db) {
  std::vector<std::string> names;
  {
    CEDU_ASSIGN_OR_RETURN(sqlite::Statement st,
                          db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND "
                                     "name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' "
                                     "ORDER BY name"));
    while (true) {
      CEDU_ASSIGN_OR_RETURN(bool row, st.step());
      if (!row) break;
      names.push_back(st.text(0));
    }
  }
  std::map<std::string, std::int64_t> rows;
  for (const std::string& name : names) {
    std::string quoted = "\"";
    for (char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    CEDU_ASSIGN_OR_RETURN(sqlite::Statement st, db.prepare("SELECT count(*) FROM " + quoted + "\""));
    CEDU_ASSIGN_OR_RETURN(bool row, st.step());
    rows[name] = row ? st.int64(0) : 0;
  }
  return rows;
}

}  // namespace

Result<FileFacts> file_facts(const std::string& path) {
  FileFacts facts;
  CEDU_ASSIGN_OR_RETURN(facts.sha256, file_sha256(path));
  std::error_code ec;
  facts.bytes = std::filesystem::file_size(path, ec);
  CEDU_ASSIGN_OR_RETURN(sqlite::Database db, sqlite::Database::open(path, read_only()));
  CEDU_ASSIGN_OR_RETURN(std::string integrity, db.integrity_check());
  if (integrity != "ok") {
    return Status::failed_precondition(path + ": integrity_check: " + integrity);
  }
  CEDU_ASSIGN_OR_RETURN(facts.schema_version, db.user_version());
  CEDU_ASSIGN_OR_RETURN(facts.tables, table_rows(db));
  return facts;
}

Status snapshot_database(const std::string& source, const std::string& target) {
  if (!std::filesystem::exists(source)) {
    return Status::not_found(source + " does not exist (has its process ever run with this config?)");
  }
  CEDU_ASSIGN_OR_RETURN(sqlite::Database db, sqlite::Database::open(source, read_only()));
  CEDU_ASSIGN_OR_RETURN(sqlite::Statement st, db.prepare("VACUUM INTO ?"));
  CEDU_RETURN_IF_ERROR(st.bind_text(1, target));
  return st.run();
}

}  // namespace cedu::cli
