// service_options_from: the ServiceOptions of a service executable, taken from the
// deployment config (configs/cedu.yaml) — the bus endpoint and heartbeat, the threads of its
// `services:` entry, and, unless bus.insecure, its CURVE credentials: the key pair of
// principal service:<name> (bus.keys_dir/service-<name>.{pub,key}) and the broker's
// public key (bus.keys_dir/cedu-bus.pub). `cedu up` creates those keys on first start.
// Thread-safety: a stateless function (reads key files).
#pragma once

#include <string>

#include "bus/runtime/service.h"
#include "common/config/deployment.h"
#include "common/result.h"

namespace cedu {

// Returns the options for serving `name` on the deployment's bus. Returns INVALID_ARGUMENT
// iff `name` is not a valid service name; with CURVE on, NOT_FOUND iff a key file is
// missing and PERMISSION_DENIED/INVALID_ARGUMENT iff one is unsafe or malformed, each
// naming the file and saying how to make it.
Result<ServiceOptions> service_options_from(const config::Deployment& d, const std::string& name);

}  // namespace cedu
