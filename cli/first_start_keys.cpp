#include "cli/first_start_keys.h"

#include <algorithm>
#include <filesystem>

#include <yaml-cpp/yaml.h>

#include "bus/security/access_list.h"
#include "bus/security/curve_keys.h"

namespace cedu::cli {
namespace {

namespace fs = std::filesystem;

fs::path normal(const fs::path& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  return (ec ? p : abs).lexically_normal();
}

// district-admin and service:<name> principals of the access list at `acl_path` whose
// key_files include <keys_dir>/<stem>.pub.
std::vector<std::string> acl_principals_keyed_in(const std::string& acl_path,
                                                 const std::string& keys_dir) {
  std::vector<std::string> out;
  YAML::Node root;
  try {
    root = YAML::LoadFile(acl_path);
  } catch (const std::exception&) {
    return out;  // the broker reports it
  }
  if (!root.IsMap() || !root["principals"] || !root["principals"].IsSequence()) return out;
  const fs::path dir = normal(keys_dir);
  for (const auto& entry : root["principals"]) {
    if (!entry.IsMap() || !entry["principal"] || !entry["principal"].IsScalar()) continue;
    const std::string principal = entry["principal"].Scalar();
    const bool local = principal == "district-admin" || principal.starts_with("service:");
    if (!local || !security::valid_principal(principal)) continue;
    const YAML::Node files = entry["key_files"];
    if (!files || !files.IsSequence()) continue;
    const fs::path expected = dir / (security::key_file_stem(principal) + ".pub");
    for (const auto& f : files) {
      if (f.IsScalar() && normal(f.Scalar()) == expected) {
        out.push_back(principal);
        break;
      }
    }
  }
  return out;
}

}  // namespace

std::vector<LocalKey> local_keys(const config::Deployment& d) {
  std::vector<LocalKey> keys{{"cedu-bus", "the broker"}, {"district-admin", "district-admin"}};
  auto add = [&](const std::string& principal, bool runs_here) {
    const std::string stem = security::key_file_stem(principal);
    const bool known = std::any_of(keys.begin(), keys.end(),
                                   [&](const LocalKey& k) { return k.stem == stem; });
    if (!known) keys.push_back({stem, principal, runs_here});
  };
  for (const auto& s : d.services) add("service:" + s.name, true);
  for (const auto& p : acl_principals_keyed_in(d.bus.acl, d.bus.keys_dir)) add(p, false);
  return keys;
}

Status make_first_start_keys(const config::Deployment& d,
                             const std::function<void(const std::string&)>& say) {
  const std::string& dir = d.bus.keys_dir;
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) return Status::internal("cannot create bus.keys_dir " + dir + ": " + ec.message());
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
    if (ec) return Status::internal("cannot chmod 700 " + dir + ": " + ec.message());
    say("created key directory " + dir + " (mode 0700)");
  }
  for (const auto& key : local_keys(d)) {
    const std::string base = (fs::path(dir) / key.stem).string();
    const bool has_pub = fs::exists(base + ".pub", ec);
    const bool has_key = fs::exists(base + ".key", ec);
    if (has_pub && has_key) continue;
    if (has_pub != has_key) {
      if (!key.runs_here) continue;
      say("WARNING: " + base + (has_pub ? ".pub" : ".key") + " exists without " + base +
          (has_pub ? ".key" : ".pub") + "; left alone (" + key.owner +
          " cannot connect until the pair is complete)");
      continue;
    }
    auto pair = security::generate_keypair();
    if (!pair.ok()) return pair.status();
    if (Status s = security::write_keypair(dir, key.stem, *pair); !s.is_ok()) return s;
    say("created key pair " + base + ".{pub,key} for " + key.owner + " (secret mode 0600)");
  }
  return Status::ok();
}

}  // namespace cedu::cli
