// `cedu keygen PRINCIPAL [--dir DIR]`: writes a CURVE key pair for a principal and prints
// the access-list entry that registers its public key.
// `cedu keygen --all [--dir DIR]`: makes every missing key pair of this machine's own peers,
// as `cedu up` does on a first start (first_start_keys.h) — for deployments that run each
// process by itself (systemd, compose) instead of under `cedu up`.
// Thread-safety: single-threaded CLI.
#pragma once

#include <string>

#include "cli/context.h"

namespace cedu::cli {

struct KeygenArgs {
  std::string principal;  // district-admin, town-admin:<town>, station:<id>, org:<id>, service:<name>
  std::string dir;        // default: bus.keys_dir (<data_dir>/keys)
  bool all = false;       // instead of `principal`: every local key pair (first_start_keys.h)
};

// Returns the exit code: 0 written (with --all: every pair is there now), 1 the key pair
// exists or cannot be written, 2 an invalid principal or neither/both of PRINCIPAL and --all.
int run_keygen(const Context& context, const KeygenArgs& args);

}  // namespace cedu::cli
