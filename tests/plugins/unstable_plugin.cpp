// test-segv and test-hang: course plugins for the isolation tests, one source built twice.
// For the towns that enable them:
//   validator  a course whose title contains 故障 makes test-segv die of SIGSEGV and
//              test-hang sleep for 30 s (far past any request's deadline); any other
//              course passes;
//   method     <name>_ping {town} → {plugin, town, pid}: which process answered.
#include <cedu/plugin.hpp>

#include <unistd.h>

#include <chrono>
#include <csignal>
#include <sstream>
#include <thread>

namespace {

using cedu::plugin::Context;

#ifndef UNSTABLE_NAME
#error "UNSTABLE_NAME must be defined"
#endif

void fall_over() {
#ifdef UNSTABLE_HANG
  std::this_thread::sleep_for(std::chrono::seconds(30));
#else
  std::raise(SIGSEGV);
#endif
}

class Unstable : public cedu::plugin::Plugin {
 public:
  void load(cedu::plugin::Registrar& r) override {
    r.validator("course", [](const Context&, const msgpack::object*, const msgpack::object& after) {
      const std::string title(cedu::plugin::string_at(after, "title"));
      if (title.find("故障") != std::string::npos) fall_over();
    });
    r.method(UNSTABLE_METHOD, [](const Context& c, const msgpack::object&) {
      std::stringstream out;
      msgpack::packer<std::stringstream> pk(out);
      pk.pack_map(3);
      pk.pack("plugin"), pk.pack(UNSTABLE_NAME);
      pk.pack("town"), pk.pack(std::string(c.town()));
      pk.pack("pid"), pk.pack(static_cast<std::int64_t>(getpid()));
      return out.str();
    });
  }
};

}  // namespace

CEDU_PLUGIN(Unstable, UNSTABLE_NAME, "1.0.0", "course", "cedu tests", "falls over on 故障, for the isolation tests")
