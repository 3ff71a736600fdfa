// town-template: the starting point of a town school's own plugin (README.md), a plugin of
// the course library. For each town that enables it:
//   config     {max_hours: N} — the most class hours (课时) a course of the town may have;
//              N is a positive integer, checked when the town's yaml is loaded;
//   validator  refuses a course with more hours than max_hours, naming the field `hours`;
//   method     course.template_rules {town} → {town, max_hours, rule}: the town's rule in
//              words staff read.
#include <cedu/plugin.hpp>

#include <cstdint>
#include <sstream>
#include <string>

namespace {

using cedu::plugin::Context;
using cedu::plugin::Error;

// max_hours of a town's config block; throws Error naming the key when it is wrong.
std::int64_t max_hours(const msgpack::object& config) {
  const msgpack::object* value = cedu::plugin::find(config, "max_hours");
  if (value == nullptr) throw Error::invalid("max_hours", "is required: the most class hours of a course");
  if (value->type != msgpack::type::POSITIVE_INTEGER || value->via.u64 == 0 || value->via.u64 > 1000) {
    throw Error::invalid("max_hours", "must be a whole number from 1 to 1000");
  }
  return static_cast<std::int64_t>(value->via.u64);
}

// The course's `hours`, or -1 when it has none.
std::int64_t hours_of(const msgpack::object& course) {
  const msgpack::object* value = cedu::plugin::find(course, "hours");
  if (value == nullptr || value->type != msgpack::type::POSITIVE_INTEGER) return -1;
  return static_cast<std::int64_t>(value->via.u64);
}

class TownTemplate : public cedu::plugin::Plugin {
 public:
  void load(cedu::plugin::Registrar& r) override {
    r.config_check([](const Context& c) { max_hours(c.config()); });
    r.validator("course", [](const Context& c, const msgpack::object*, const msgpack::object& after) {
      const std::int64_t limit = max_hours(c.config());
      if (hours_of(after) > limit) {
        throw Error::invalid("hours", "本镇课程每期不超过 " + std::to_string(limit) + " 课时");
      }
    });
    r.method("template_rules", [](const Context& c, const msgpack::object&) {
      const std::int64_t limit = max_hours(c.config());
      std::stringstream out;
      msgpack::packer<std::stringstream> pk(out);
      pk.pack_map(3);
      pk.pack("town"), pk.pack(std::string(c.town()));
      pk.pack("max_hours"), pk.pack(limit);
      pk.pack("rule"), pk.pack("每门课程每期不超过 " + std::to_string(limit) + " 课时");
      return out.str();
    });
  }
};

}  // namespace

CEDU_PLUGIN(TownTemplate, "town-template", "1.0.0", "course", "某镇社区教育学校",
            "示例插件：限制本镇课程的课时数")
