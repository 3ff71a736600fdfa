// `cedu keygen PRINCIPAL [--dir DIR]`: writes a CURVE key pair for a principal and prints
// the access-list entry that registers its public key. Thread-safety: single-threaded CLI.
#pragma once

#include <string>

#include "cli/context.h"

namespace cedu::cli {

struct KeygenArgs {
  std::string principal;  // district-admin, town-admin:<town>, station:<id>, org:<id>, service:<name>
  std::string dir;        // default: bus.keys_dir (<data_dir>/keys)
};

// Returns the exit code: 0 written, 1 the key pair exists or cannot be written, 2 an invalid
// principal.
int run_keygen(const Context& context, const KeygenArgs& args);

}  // namespace cedu::cli
