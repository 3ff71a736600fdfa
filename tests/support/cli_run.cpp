#include "tests/support/cli_run.h"

#include "tests/support/process.h"

namespace cedu::testing {

CliRun run_cedu(BusFixture& bus, const std::vector<std::string>& args,
                std::chrono::milliseconds timeout, const std::string& log_prefix) {
  static int runs = 0;
  std::vector<std::string> argv = {binary("cedu"), "--endpoint", bus.endpoint(), "--keys",
                                   bus.dir().file("keys"), "--as", "district-admin"};
  argv.insert(argv.end(), args.begin(), args.end());
  const std::string log = bus.dir().file(log_prefix + "-" + std::to_string(++runs) + ".log");
  Process p = Process::spawn(argv, log);
  CliRun r;
  r.exit_code = p.wait(timeout).value_or(-1);
  r.output = read_file(log);
  return r;
}

}  // namespace cedu::testing
