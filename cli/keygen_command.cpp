#include "cli/keygen_command.h"

#include <filesystem>
#include <iostream>

#include "bus/security/access_list.h"
#include "bus/security/curve_keys.h"
#include "cli/exit_codes.h"
#include "cli/first_start_keys.h"
#include "cli/output.h"

namespace cedu::cli {
namespace {

// --all: the key pairs `cedu up` would make, in --dir or bus.keys_dir.
int make_all(const Context& context, const std::string& dir) {
  config::Deployment d = context.deployment;
  if (!dir.empty()) d.bus.keys_dir = dir;
  Status made = make_first_start_keys(d, [](const std::string& line) {
    std::cout << "cedu keygen: " << line << '\n';
  });
  if (!made.is_ok()) {
    std::cerr << "cedu keygen: " << made.message() << '\n';
    return kExitFailed;
  }
  std::cout << "cedu keygen: the key pairs of the broker, district-admin and "
            << d.services.size() << " services are in " << d.bus.keys_dir << '\n';
  return kExitOk;
}

}  // namespace

int run_keygen(const Context& context, const KeygenArgs& args) {
  if (args.all != args.principal.empty()) {
    print_usage_error("give either a PRINCIPAL or --all");
    return kExitUsage;
  }
  if (args.all) return make_all(context, args.dir);
  if (!security::valid_principal(args.principal)) {
    print_usage_error("'" + args.principal +
                      "' is not a principal: use district-admin, town-admin:<town>, "
                      "station:<id>, org:<id> or service:<name>");
    return kExitUsage;
  }
  const std::string dir = args.dir.empty() ? context.deployment.bus.keys_dir : args.dir;
  const std::string stem = security::key_file_stem(args.principal);
  auto keys = security::generate_keypair();
  Status written = keys.ok() ? security::write_keypair(dir, stem, *keys) : keys.status();
  if (!written.is_ok()) {
    std::cerr << "cedu keygen: " << written.message() << '\n';
    return kExitFailed;
  }
  const std::string base = (std::filesystem::path(dir) / stem).string();
  std::cout << "wrote " << base << ".pub (public) and " << base << ".key (secret, mode 0600)\n"
            << "give " << base << ".key only to " << args.principal
            << "; register the public key in configs/acl.yaml:\n\n"
            << "  - principal: " << args.principal << "\n"
            << "    keys: [\"" << keys->public_key << "\"]\n"
            << "    methods: []   # e.g. [\"course.search\", \"course.get\"]\n"
            << "    events: []    # e.g. [\"course.published\"]\n";
  return kExitOk;
}

}  // namespace cedu::cli
