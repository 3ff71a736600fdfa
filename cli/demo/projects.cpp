// Demo projects (项目库) of the plan period 2016–2020: research and experimental projects
// (课题/实验项目), lifelong-learning activity brands (活动品牌 — the plan wants ≥ 10) and
// learning experience bases (学习体验基地), at district to national level, most of them
// approved and some concluded, a few rejected or withdrawn.
#include <map>

#include "cli/demo/district.h"
#include "cli/demo/people.h"
#include "cli/demo/tables.h"

namespace cedu::cli::demo {
namespace {

struct Idea {
  std::string kind;  // label: 课题/实验项目, 活动品牌, 学习体验基地
  std::string name;
};

std::vector<Idea> ideas() {
  std::vector<Idea> all;
  for (const char* n : {"社区老年人数字化学习实验", "家庭教育指导服务模式研究",
                        "新市民社区融入教育实践研究", "村居辅导站星级建设实验",
                        "学分银行学习成果认证研究", "社区学习共同体培育实验",
                        "非遗文化进社区课程开发研究", "青少年校外教育社区协同研究",
                        "残障人士社区学习支持实验", "学习型家庭创建实践研究",
                        "社区治理与社区教育融合研究", "老年学习示范点建设实验"}) {
    all.push_back({"课题/实验项目", n});
  }
  for (const char* n : {"道德讲堂", "父母学堂", "书香读书会", "粤韵私伙局", "百姓学习之星评选",
                        "终身学习活动周", "岭南文化大讲堂", "水乡游学", "飘色艺术节",
                        "非遗进社区", "社区好声音", "乐龄学堂"}) {
    all.push_back({"活动品牌", n});
  }
  for (const char* n : {"岭南非遗学习体验基地", "农耕文化学习体验基地", "科普学习体验基地",
                        "红色教育学习体验基地", "生态园艺学习体验基地", "传统美食学习体验基地",
                        "水乡文化学习体验基地", "书画艺术学习体验基地"}) {
    all.push_back({"学习体验基地", n});
  }
  return all;
}

struct Org {
  std::string principal, name;
};
const std::vector<Org> kOrgs = {{"org:panyu-art-school", "番禺区艺术培训学校（演示）"},
                                {"org:lingnan-heritage", "岭南非遗传习社（演示）"},
                                {"org:happy-elders", "乐龄学堂（演示）"}};

// The steps a project of `year` has been through (drawn).
std::vector<std::string> steps_of(Prng& prng, std::int64_t year) {
  const std::uint32_t r = prng.below(100);
  if (r < 8) return {"rejected"};
  if (r < 12) return {"withdrawn"};
  const std::uint32_t later = prng.below(100);
  if (year >= 2020) {
    if (later < 15) return {};  // still being reviewed
    if (later < 60) return {"approved"};
    return {"approved", "midterm"};
  }
  if (year == 2019) {
    if (later < 50) return {"approved", "midterm"};
    return {"approved", "midterm", "concluded"};
  }
  if (later < 10) return {"approved", "midterm"};
  return {"approved", "midterm", "concluded"};
}

}  // namespace

ProjectData project_data(const config::Network& network, std::size_t count) {
  Prng prng(20160404);
  ProjectData data;
  tabular::TextTable& t = data.table;
  t.header = {"所属镇街", "所属机构", "项目名称", "项目简介", "项目类型", "项目级别", "承担单位",
              "预算（分）", "立项年度", "开始日期", "结束日期", "联系人", "联系电话"};
  std::map<std::string, std::pair<std::vector<Idea>, std::size_t>> per_town;  // shuffled, used
  for (std::size_t i = 0; i < count; ++i) {
    const config::Town& town = some_town(prng, network);
    auto it = per_town.find(town.slug);
    if (it == per_town.end()) {
      std::vector<Idea> shuffled = ideas();
      prng.shuffle(shuffled);
      it = per_town.emplace(town.slug, std::make_pair(std::move(shuffled), std::size_t{0})).first;
    }
    auto& [list, used] = it->second;
    const Idea idea = list[used % list.size()];
    const std::size_t round = used / list.size();
    ++used;
    std::string title = town.name + idea.name;
    if (round > 0) title += "（第" + std::to_string(round + 1) + "期）";

    const std::uint32_t l = prng.below(20);
    const std::string level = l < 10 ? "区级" : l < 16 ? "市级" : l < 19 ? "省级" : "国家级";
    std::string owner, unit;
    if (prng.chance(150)) {
      const Org& org = prng.pick(kOrgs);
      owner = org.principal;
      unit = org.name;
    } else if (prng.chance(200)) {
      unit = "番禺区社区教育中心";
    } else {
      unit = town.name + "社区教育学校";
    }
    const std::int64_t year = prng.between(2016, 2020);
    const std::int64_t month = prng.between(3, 9);
    const std::int64_t years = prng.between(1, 2);
    const std::int64_t max_wan = idea.kind == "学习体验基地" ? 50 : idea.kind == "活动品牌" ? 20 : 30;
    const std::int64_t budget_yuan = 1000 * prng.between(10, max_wan * 10);
    const Person contact = person(prng, 1965, 1992);
    char start[32], end[32];
    std::snprintf(start, sizeof start, "%04lld-%02lld-01", static_cast<long long>(year),
                  static_cast<long long>(month));
    std::snprintf(end, sizeof end, "%04lld-%02lld-28", static_cast<long long>(year + years),
                  static_cast<long long>(month));
    t.rows.push_back({town.name, owner, title,
                      std::string(kSyntheticMark) + unit + "承担的" + level + idea.name + "，" +
                          std::to_string(year) + "年立项申报。",
                      idea.kind, level, unit, std::to_string(budget_yuan * 100),
                      std::to_string(year), start, end, contact.name,
                      mobile(prng, 3, static_cast<std::uint32_t>(i))});
    data.steps.push_back({town.slug, title, steps_of(prng, year)});
  }
  return data;
}

}  // namespace cedu::cli::demo
