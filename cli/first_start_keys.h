// The CURVE key pairs `cedu up` makes on the first start of a deployment that runs CURVE,
// in bus.keys_dir: the broker's own (cedu-bus), district-admin's (what `cedu` connects
// as), service:<name>'s for every configured service, and those of every district-admin or
// service:<name> principal of the access list whose key_files name <keys_dir>/<stem>.pub
// and that file is missing — so that the shipped configs/acl.yaml loads on a fresh machine.
// Keys of organisations, towns and stations are never made here: they make their own, and
// only the public half comes to the district. An existing key file is never touched.
// Thread-safety: stateless functions (touch the file system).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "common/config/deployment.h"
#include "common/status.h"

namespace cedu::cli {

struct LocalKey {
  std::string stem;   // file name without .pub/.key: "cedu-bus", "service-course"
  std::string owner;  // for messages: "the broker", "district-admin", "service:course"
  // False for a service of the access list that this deployment does not run: it may run
  // on another machine, which keeps the secret half; a lone .pub here is then expected.
  bool runs_here = true;
};

// The key pairs of this machine's own peers, each once, in the order above. Reads the
// access list bus.acl leniently: an unreadable or malformed list adds nothing (the broker
// reports it with file:line).
std::vector<LocalKey> local_keys(const config::Deployment& d);

// Creates bus.keys_dir (mode 0700) when missing and every key pair of local_keys(d) of which
// neither file exists (secret mode 0600), telling `say` what it made; a half pair is left
// alone (with a warning iff runs_here). Returns the first error (e.g. a directory that cannot be created).
Status make_first_start_keys(const config::Deployment& d,
                             const std::function<void(const std::string&)>& say);

}  // namespace cedu::cli
