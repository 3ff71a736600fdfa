// test-probe: a course plugin for the tests that uses every part of the host table through
// the C++ wrapper. For the towns that enable it:
//   validator  refuses a course whose title contains 禁止 (field title), and throws a
//              plain exception (a plugin failure) for a title containing 崩溃;
//   observer   counts the course events of each town in its own storage;
//   methods    probe_seen {town} → {town, events}; probe_teachers → teacher.count by
//              town over the bus; probe_config → the town's config block as it arrived;
//   indicator  probe_events: the events seen for the town (the year is added, so the
//              test sees it arrive);
//   field      probe_note (string, 备注);
//   config     a block with the key `broken` is rejected (field broken).
#include <cedu/plugin.hpp>

#include <stdexcept>

namespace {

using cedu::plugin::Context;
using cedu::plugin::Error;

std::int64_t events_of(const Context& c) {
  auto rows = c.host().storage("SELECT count(*) FROM seen WHERE town = ?1", std::string(c.town()));
  return rows.get().via.array.ptr[0].via.array.ptr[0].as<std::int64_t>();
}

class Probe : public cedu::plugin::Plugin {
 public:
  void load(cedu::plugin::Registrar& r) override {
    r.field("probe_note", "string", "备注");
    r.config_check([](const Context& c) {
      if (cedu::plugin::find(c.config(), "broken") != nullptr) throw Error::invalid("broken", "is not allowed");
    });
    r.storage_step(1, "events seen", "CREATE TABLE seen (seq INTEGER PRIMARY KEY, town TEXT, topic TEXT)");
    r.storage_step(2, "an index", "CREATE INDEX seen_town ON seen (town)");
    r.validator("course", [](const Context&, const msgpack::object*, const msgpack::object& after) {
      const std::string title(cedu::plugin::string_at(after, "title"));
      if (title.find("崩溃") != std::string::npos) throw std::runtime_error("the probe fell over");
      if (title.find("禁止") != std::string::npos) throw Error::invalid("title", "titles may not contain 禁止");
    });
    r.observer("course.", [](const Context& c, const msgpack::object&) {
      c.host().storage("INSERT INTO seen (town, topic) VALUES (?1, ?2)", std::string(c.town()),
                       std::string(c.method()));
    });
    r.method("probe_seen", [](const Context& c, const msgpack::object&) {
      std::stringstream out;
      msgpack::packer<std::stringstream> pk(out);
      pk.pack_map(2);
      pk.pack("town"), pk.pack(std::string(c.town()));
      pk.pack("events"), pk.pack(events_of(c));
      return out.str();
    });
    r.method("probe_teachers", [](const Context& c, const msgpack::object&) {
      auto reply = c.host().call(c.raw(), "teacher", "count",
                                 cedu::plugin::pack(std::map<std::string, std::string>{{"group_by", "town"}}));
      std::stringstream out;
      msgpack::pack(out, reply.get());
      return out.str();
    });
    r.method("probe_config", [](const Context& c, const msgpack::object&) {
      std::stringstream out;
      msgpack::pack(out, c.config());
      return out.str();
    });
    r.indicator("probe_events", "探针事件数", [](const Context& c, std::string_view, int year) {
      return static_cast<double>(events_of(c)) + year;
    });
  }
};

}  // namespace

CEDU_PLUGIN(Probe, "test-probe", "1.0.0", "course", "cedu tests", "exercises the host table")
