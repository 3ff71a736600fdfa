#include "cli/backup_manifest.h"

#include <chrono>
#include <ctime>
#include <set>

namespace cedu::cli {

Json manifest_to_json(const Manifest& manifest) {
  Json files = Json::array();
  for (const BackupEntry& e : manifest.entries) {
    Json tables = Json::object();
    for (const auto& [table, rows] : e.facts.tables) tables[table] = rows;
    files.push_back({{"name", e.name},
                     {"kind", e.kind},
                     {"source", e.source},
                     {"file", e.file},
                     {"taken_at", e.taken_at},
                     {"sha256", e.facts.sha256},
                     {"bytes", e.facts.bytes},
                     {"schema_version", e.facts.schema_version},
                     {"tables", tables}});
  }
  return {{"format", manifest.format},
          {"created_at", manifest.created_at},
          {"cedu_version", manifest.cedu_version},
          {"files", files}};
}

namespace {

// Reads manifest keys, naming the first one at fault.
class ManifestReader {
 public:
  Status fail(const std::string& key, const std::string& problem) const {
    return Status::invalid_argument(std::string(kManifestFile) + ": " + key + ": " + problem, key);
  }
  Result<std::string> text(const Json& j, const std::string& path, const char* key) const {
    if (!j.contains(key) || !j[key].is_string()) return fail(path + key, "must be a string");
    return j[key].get<std::string>();
  }
  Result<std::int64_t> integer(const Json& j, const std::string& path, const char* key) const {
    if (!j.contains(key) || !j[key].is_number_integer() || j[key].get<std::int64_t>() < 0) {
      return fail(path + key, "must be a whole number ≥ 0");
    }
    return j[key].get<std::int64_t>();
  }
};

bool is_plain_file_name(const std::string& name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos &&
         name != kManifestFile;
}

bool is_sha256_hex(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Result<BackupEntry> entry_from_json(const ManifestReader& r, const Json& j, const std::string& at) {
  if (!j.is_object()) return r.fail(at, "must be an object");
  const std::string p = at + ".";
  BackupEntry e;
  CEDU_ASSIGN_OR_RETURN(e.name, r.text(j, p, "name"));
  CEDU_ASSIGN_OR_RETURN(e.kind, r.text(j, p, "kind"));
  CEDU_ASSIGN_OR_RETURN(e.source, r.text(j, p, "source"));
  CEDU_ASSIGN_OR_RETURN(e.file, r.text(j, p, "file"));
  if (!is_plain_file_name(e.file)) return r.fail(p + "file", "must name a file in the backup directory");
  CEDU_ASSIGN_OR_RETURN(e.taken_at, r.text(j, p, "taken_at"));
  CEDU_ASSIGN_OR_RETURN(e.facts.sha256, r.text(j, p, "sha256"));
  if (!is_sha256_hex(e.facts.sha256)) return r.fail(p + "sha256", "must be 64 lowercase hex digits");
  CEDU_ASSIGN_OR_RETURN(std::int64_t bytes, r.integer(j, p, "bytes"));
  e.facts.bytes = static_cast<std::uint64_t>(bytes);
  CEDU_ASSIGN_OR_RETURN(std::int64_t version, r.integer(j, p, "schema_version"));
  e.facts.schema_version = static_cast<int>(version);
  if (!j.contains("tables") || !j["tables"].is_object()) return r.fail(p + "tables", "must be an object");
  for (const auto& [table, rows] : j["tables"].items()) {
    if (!rows.is_number_integer()) return r.fail(p + "tables." + table, "must be a whole number");
    e.facts.tables[table] = rows.get<std::int64_t>();
  }
  return e;
}

}  // namespace

Result<Manifest> manifest_from_json(const Json& json) {
  ManifestReader r;
  if (!json.is_object()) return r.fail("(top)", "must be an object");
  Manifest m;
  CEDU_ASSIGN_OR_RETURN(std::int64_t format, r.integer(json, "", "format"));
  if (format != kManifestFormat) {
    return r.fail("format", "is " + std::to_string(format) + "; this cedu reads format " +
                                std::to_string(kManifestFormat));
  }
  CEDU_ASSIGN_OR_RETURN(m.created_at, r.text(json, "", "created_at"));
  CEDU_ASSIGN_OR_RETURN(m.cedu_version, r.text(json, "", "cedu_version"));
  if (!json.contains("files") || !json["files"].is_array() || json["files"].empty()) {
    return r.fail("files", "must be a non-empty array");
  }
  std::set<std::string> names, files;
  for (std::size_t i = 0; i < json["files"].size(); ++i) {
    const std::string at = "files[" + std::to_string(i) + "]";
    CEDU_ASSIGN_OR_RETURN(BackupEntry e, entry_from_json(r, json["files"][i], at));
    if (!names.insert(e.name).second) return r.fail(at + ".name", "'" + e.name + "' appears twice");
    if (!files.insert(e.file).second) return r.fail(at + ".file", "'" + e.file + "' appears twice");
    m.entries.push_back(std::move(e));
  }
  return m;
}

std::string utc_now() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

}  // namespace cedu::cli
