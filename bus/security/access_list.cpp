#include "bus/security/access_list.h"

#include <fnmatch.h>

#include <regex>

#include "bus/security/curve_keys.h"
#include "common/config/reader.h"

namespace cedu::security {
namespace {

bool glob_match(const std::vector<std::string>& patterns, std::string_view text) {
  const std::string subject(text);
  for (const auto& p : patterns) {
    if (fnmatch(p.c_str(), subject.c_str(), 0) == 0) return true;
  }
  return false;
}

// A pattern may use *, ? and [..] but must not be empty or contain spaces.
void check_patterns(const config::Reader& entry, std::string_view key,
                    const std::vector<std::string>& patterns) {
  for (const auto& p : patterns) {
    if (p.empty() || p.find_first_of(" \t") != std::string::npos) {
      entry.fail(key, "pattern '" + p + "' must be non-empty and without spaces");
    }
  }
}

}  // namespace

bool valid_principal(std::string_view principal) {
  static const std::regex kForm(
      "district-admin|town-admin:[a-z][a-z0-9-]*|station:[a-z0-9][a-z0-9-]*|"
      "org:[a-z0-9][a-z0-9._-]*|service:[a-z][a-z0-9_-]*");
  return std::regex_match(principal.begin(), principal.end(), kForm);
}

AccessList AccessList::load(const std::string& path) {
  AccessList acl;
  config::Reader root = config::Reader::load_file(path);
  for (const config::Reader& entry : root.list("principals")) {
    Grant g;
    g.principal = entry.required<std::string>("principal");
    if (!valid_principal(g.principal)) {
      entry.fail("principal",
                 "'" + g.principal +
                     "' is not district-admin, town-admin:<town>, station:<id>, org:<id> or "
                     "service:<name>");
    }
    if (acl.by_principal_.count(g.principal) != 0) {
      entry.fail("principal", "'" + g.principal + "' is listed twice");
    }
    std::vector<std::string> keys = entry.string_list("keys");
    for (const auto& key : keys) {
      if (Status s = check_z85_key(key, "keys"); !s.is_ok()) entry.fail("keys", s.message());
    }
    for (const auto& file : entry.string_list("key_files")) {
      auto key = read_public_key(file);
      if (!key.ok()) entry.fail("key_files", key.status().message());
      keys.push_back(*key);
    }
    if (keys.empty()) entry.fail("keys", "a principal needs at least one key (keys or key_files)");
    g.methods = entry.string_list("methods");
    g.events = entry.string_list("events");
    check_patterns(entry, "methods", g.methods);
    check_patterns(entry, "events", g.events);
    for (const auto& r : entry.string_list("rights")) {
      if (r != "pii") entry.fail("rights", "unknown right '" + r + "' (known: pii)");
      g.rights.insert(r);
    }
    entry.finish();
    const std::size_t index = acl.grants_.size();
    for (const auto& key : keys) {
      if (!acl.by_key_.emplace(key, index).second) {
        entry.fail("keys", "key " + key.substr(0, 8) + "… is already given to another principal");
      }
    }
    acl.by_principal_.emplace(g.principal, index);
    acl.grants_.push_back(std::move(g));
  }
  root.finish();
  return acl;
}

Result<std::shared_ptr<const AccessList>> AccessList::reload(const std::string& path) {
  try {
    return std::make_shared<const AccessList>(load(path));
  } catch (const std::exception& e) {
    return Status::invalid_argument(e.what(), "acl");
  }
}

const Grant* AccessList::by_key(std::string_view public_key) const {
  auto it = by_key_.find(public_key);
  return it == by_key_.end() ? nullptr : &grants_[it->second];
}

const Grant* AccessList::by_principal(std::string_view principal) const {
  auto it = by_principal_.find(principal);
  return it == by_principal_.end() ? nullptr : &grants_[it->second];
}

bool AccessList::may_call(const Grant& grant, std::string_view full_method) {
  return glob_match(grant.methods, full_method);
}

bool AccessList::may_receive(const Grant& grant, std::string_view topic) {
  return glob_match(grant.events, topic);
}

bool AccessList::has_right(const Grant& grant, std::string_view right) {
  return grant.rights.count(std::string(right)) != 0;
}

}  // namespace cedu::security
