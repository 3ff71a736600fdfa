// shawan-heritage: 沙湾镇 keeps its intangible heritage (沙湾飘色, 广东音乐, 砖雕, 醒狮, …) in
// its community-education courses. For the towns that enable it:
//   - a course gets the field heritage_item (非遗项目); a local-specialty course (本土特色,
//     category "local") must name one, and any course naming one must name an item of the
//     town's list (config heritage_items) — checked when a course is created, published,
//     or changes category or item;
//   - course.heritage_catalog {town} lists the town's items with the courses that teach
//     them, kept in the plugin's own storage from the course events it observes.
#include <cedu/plugin.hpp>

#include <sstream>

#include "heritage_config.h"

namespace shawan_heritage {
namespace {

using cedu::plugin::Context;
using cedu::plugin::Error;
using cedu::plugin::string_at;

std::int64_t int_at(const msgpack::object& map, std::string_view key) {
  const msgpack::object* o = cedu::plugin::find(map, key);
  if (o == nullptr) return 0;
  if (o->type == msgpack::type::POSITIVE_INTEGER) return static_cast<std::int64_t>(o->via.u64);
  if (o->type == msgpack::type::NEGATIVE_INTEGER) return o->via.i64;
  return 0;
}

// Whether a write must satisfy the rule: a new course, a change of category or item, a
// course being published. Archiving, and edits of other fields of a course written before
// the town enabled the plugin, are not held up.
bool concerned(const msgpack::object* before, const msgpack::object& after) {
  if (before == nullptr) return true;
  if (string_at(after, "status") == "archived") return false;
  for (const char* key : {"category", "heritage_item"}) {
    if (string_at(*before, key) != string_at(after, key)) return true;
  }
  return string_at(*before, "status") != "published" && string_at(after, "status") == "published";
}

void check_course(const Context& c, const msgpack::object& course) {
  const auto items = read_items(c.config());
  const std::string_view item = string_at(course, "heritage_item");
  if (item.empty()) {
    if (string_at(course, "category") == "local") {
      throw Error::invalid("heritage_item",
                           "a local-specialty course (本土特色) of " + std::string(c.town()) +
                               " must name the heritage item it teaches (非遗项目), one of: " +
                               joined_names(items));
    }
    return;
  }
  for (const auto& known : items) {
    if (known.name == item) return;
  }
  throw Error::invalid("heritage_item", "'" + std::string(item) + "' is not a heritage item of " +
                                            std::string(c.town()) + "; one of: " + joined_names(items));
}

// Keeps course_items in step with the course events: which course teaches which item.
void track_course(const Context& c, const msgpack::object& course) {
  const std::string_view topic = c.method();
  if (topic != "course.created" && topic != "course.updated" && topic != "course.published" &&
      topic != "course.archived") {
    return;
  }
  const std::int64_t id = int_at(course, "id");
  if (id <= 0) return;
  const std::string item(string_at(course, "heritage_item"));
  if (item.empty()) {
    c.host().storage("DELETE FROM course_items WHERE course_id = ?1", id);
    return;
  }
  c.host().storage(
      "INSERT INTO course_items (course_id, town, item, title, status) VALUES (?1, ?2, ?3, ?4, ?5)"
      " ON CONFLICT (course_id) DO UPDATE SET town = excluded.town, item = excluded.item,"
      " title = excluded.title, status = excluded.status",
      id, std::string(c.town()), item, std::string(string_at(course, "title")),
      std::string(string_at(course, "status")));
}

std::string catalog(const Context& c) {
  const auto items = read_items(c.config());
  auto rows = c.host().storage(
      "SELECT item, course_id, title, status FROM course_items"
      " WHERE town = ?1 AND status <> 'archived' ORDER BY course_id",
      std::string(c.town()));
  const msgpack::object& all = rows.get();
  std::stringstream out;
  msgpack::packer<std::stringstream> pk(out);
  pk.pack_map(2);
  pk.pack("town"), pk.pack(std::string(c.town()));
  pk.pack("items");
  pk.pack_array(static_cast<std::uint32_t>(items.size()));
  for (const auto& item : items) {
    std::vector<const msgpack::object*> courses;
    for (std::uint32_t i = 0; i < all.via.array.size; ++i) {
      const msgpack::object& row = all.via.array.ptr[i];
      if (row.via.array.ptr[0].as<std::string>() == item.name) courses.push_back(&row);
    }
    pk.pack_map(4);
    pk.pack("name"), pk.pack(item.name);
    pk.pack("level"), pk.pack(item.level);
    pk.pack("summary"), pk.pack(item.summary);
    pk.pack("courses");
    pk.pack_array(static_cast<std::uint32_t>(courses.size()));
    for (const auto* row : courses) {
      pk.pack_map(3);
      pk.pack("id"), pk.pack(row->via.array.ptr[1].as<std::int64_t>());
      pk.pack("title"), pk.pack(row->via.array.ptr[2].as<std::string>());
      pk.pack("status"), pk.pack(row->via.array.ptr[3].as<std::string>());
    }
  }
  return out.str();
}

class HeritagePlugin : public cedu::plugin::Plugin {
 public:
  void load(cedu::plugin::Registrar& r) override {
    r.field("heritage_item", "string", "非遗项目");
    r.config_check([](const Context& c) { (void)read_items(c.config()); });
    r.storage_step(1, "courses by heritage item",
                   "CREATE TABLE course_items (course_id INTEGER PRIMARY KEY, town TEXT NOT NULL,"
                   " item TEXT NOT NULL, title TEXT NOT NULL, status TEXT NOT NULL);"
                   "CREATE INDEX course_items_town ON course_items (town, item)");
    r.validator("course", [](const Context& c, const msgpack::object* before, const msgpack::object& after) {
      if (concerned(before, after)) check_course(c, after);
    });
    r.observer("course.", [](const Context& c, const msgpack::object& course) { track_course(c, course); });
    r.method("heritage_catalog", [](const Context& c, const msgpack::object&) { return catalog(c); });
  }
};

}  // namespace
}  // namespace shawan_heritage

CEDU_PLUGIN(shawan_heritage::HeritagePlugin, "shawan-heritage", "1.0.0", "course",
            "沙湾镇社区教育学校", "沙湾本土特色课程须注明非遗项目；course.heritage_catalog 列出本镇非遗项目及其课程")
