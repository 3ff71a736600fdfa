// bench-validator: the course plugin plugin_bench measures — one validator of the kind a
// town school writes (reads two fields of the record and checks them), nothing else.
#include <cedu/plugin.hpp>

namespace {

using cedu::plugin::Context;

class BenchValidator : public cedu::plugin::Plugin {
 public:
  void load(cedu::plugin::Registrar& r) override {
    r.validator("course", [](const Context&, const msgpack::object*, const msgpack::object& after) {
      if (cedu::plugin::string_at(after, "title").size() < 2) {
        throw cedu::plugin::Error::invalid("title", "needs at least two bytes");
      }
      const msgpack::object* hours = cedu::plugin::find(after, "hours");
      if (hours != nullptr && hours->type == msgpack::type::POSITIVE_INTEGER && hours->via.u64 > 500) {
        throw cedu::plugin::Error::invalid("hours", "at most 500 hours");
      }
    });
  }
};

}  // namespace

CEDU_PLUGIN(BenchValidator, "bench-validator", "1.0.0", "course", "cedu bench", "one cheap course validator")
