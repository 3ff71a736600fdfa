#include "cli/demo/town_plugins.h"

#include <algorithm>

#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"

namespace cedu::cli::demo {
namespace {

// The demo's local topics that are on Shawan's list in configs/towns/shawan.yaml.
const std::vector<std::string> kShawanItems = {"沙湾飘色", "广东音乐", "砖雕", "醒狮"};

// Whether course.plugins says shawan-heritage is on for shawan.
bool heritage_on_in_shawan(Client& client, const Context& context) {
  CallOptions options;
  options.timeout = context.timeout;
  auto reply = client.call("course", "plugins", mp::empty_map(), options);
  if (!reply.ok()) return false;
  auto root = mp::MapView::of(reply->result());
  if (!root.ok()) return false;
  auto plugins = root->array("plugins");
  if (!plugins.ok()) return false;
  for (std::uint32_t i = 0; i < (*plugins)->via.array.size; ++i) {
    auto p = mp::MapView::of((*plugins)->via.array.ptr[i]);
    if (!p.ok() || p->string("name").value_or("") != "shawan-heritage") continue;
    auto towns = p->array("towns");
    if (!towns.ok()) return false;
    for (std::uint32_t k = 0; k < (*towns)->via.array.size; ++k) {
      auto t = mp::MapView::of((*towns)->via.array.ptr[k]);
      if (t.ok() && t->string("town").value_or("") == "shawan" && t->boolean("enabled").value_or(false)) {
        return true;
      }
    }
  }
  return false;
}

std::size_t column(const tabular::TextTable& t, const std::string& name) {
  return static_cast<std::size_t>(std::find(t.header.begin(), t.header.end(), name) - t.header.begin());
}

}  // namespace

void follow_town_plugins(Client& client, const Context& context, const config::Network& network,
                         tabular::TextTable& courses) {
  const config::Town* shawan = network.town("shawan");
  if (shawan == nullptr || !heritage_on_in_shawan(client, context)) return;
  const std::size_t town = column(courses, "所属镇街"), title = column(courses, "课程名称"),
                    category = column(courses, "课程类别"), local = column(courses, "本土特色");
  if (category >= courses.header.size() || local >= courses.header.size()) return;
  courses.header.push_back("非遗项目");
  for (auto& row : courses.rows) {
    std::string item;
    if (row[town] == shawan->name && row[category] == "本土特色") {
      for (const auto& name : kShawanItems) {
        if (row[title].rfind(name, 0) == 0) item = name;
      }
      if (item.empty()) {  // a local topic of Panyu, not of Shawan's list
        row[category] = "文化";
        row[local] = "";
      }
    }
    row.push_back(item);
  }
}

}  // namespace cedu::cli::demo
