// AccessList: who may use the bus and for what, read from configs/acl.yaml. Each entry maps
// one or more CURVE public keys to a principal and grants it methods and event topics by
// glob pattern (`course.*`, `volunteer.get`) and named rights (`pii`). Anything not
// granted is denied.
//
//   principals:
//     - principal: org:panyu-art-school
//       keys: ["<40-character Z85 public key>"]
//       key_files: [var/keys/org-panyu-art-school.pub]
//       methods: ["course.*", "project.get"]
//       events: ["course.*"]
//       rights: []
//
// Thread-safety: immutable once loaded; share it through std::shared_ptr<const AccessList>
// and swap in a new one to reload.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace cedu::security {

struct Grant {
  std::string principal;  // district-admin, town-admin:<town>, station:<id>, org:<id>, service:<name>
  std::vector<std::string> methods;  // glob patterns over "service.method"
  std::vector<std::string> events;   // glob patterns over event topics
  std::set<std::string> rights;      // e.g. "pii"
};

class AccessList {
 public:
  // Loads and validates `path`. Throws config::ConfigError ("file:line: key: problem") for
  // a malformed file, an invalid principal or key, a key listed twice, or an unreadable
  // key file. Relative key_files are relative to the working directory.
  static AccessList load(const std::string& path);
  // As load(), for a reload at run time: the error is a Status (INVALID_ARGUMENT carrying
  // the file:line message), and the caller keeps the list it had.
  static Result<std::shared_ptr<const AccessList>> reload(const std::string& path);

  // The grant of the principal holding `public_key` (Z85), or nullptr iff the key is unknown.
  const Grant* by_key(std::string_view public_key) const;
  const Grant* by_principal(std::string_view principal) const;

  // True iff `grant` allows calling `service.method` / receiving events of `topic`.
  static bool may_call(const Grant& grant, std::string_view full_method);
  static bool may_receive(const Grant& grant, std::string_view topic);
  static bool has_right(const Grant& grant, std::string_view right);

  std::size_t principals() const { return grants_.size(); }
  std::size_t keys() const { return by_key_.size(); }

 private:
  std::vector<Grant> grants_;
  std::map<std::string, std::size_t, std::less<>> by_key_;        // key → index in grants_
  std::map<std::string, std::size_t, std::less<>> by_principal_;  // principal → index
};

// Returns true iff `principal` has one of the forms above.
bool valid_principal(std::string_view principal);

}  // namespace cedu::security
