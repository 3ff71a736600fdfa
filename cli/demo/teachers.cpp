// Demo teachers (师资库): full-time staff of the town community schools, part-time
// teachers and experts, with specialties across the six course categories.
#include "cli/demo/district.h"
#include "cli/demo/people.h"
#include "cli/demo/tables.h"

namespace cedu::cli::demo {
namespace {

struct Specialty {
  std::string label;                // 专长类别
  std::vector<std::string> skills;  // 技能特长
};

const std::vector<Specialty>& specialties() {
  static const std::vector<Specialty> kAll = {
      {"健康", {"中医养生", "太极拳", "八段锦", "营养膳食", "急救常识", "慢病防护"}},
      {"道德", {"家风家教", "法律常识", "社区公益", "孝亲敬老", "心理健康"}},
      {"技能", {"智能手机应用", "电脑办公", "家政服务", "烘焙", "电商直播", "花艺"}},
      {"文化", {"书法", "国画", "诗词鉴赏", "摄影", "英语口语", "地方史"}},
      {"休闲", {"广场舞", "合唱", "茶艺", "园艺", "手工编织", "古筝"}},
      {"本土特色", {"粤剧", "广绣", "沙湾飘色", "鳌鱼舞", "醒狮", "广东音乐", "岭南盆景"}},
  };
  return kAll;
}

const std::vector<std::string> kTitles = {"高级讲师", "讲师", "助理讲师", "高级教师", "一级教师",
                                          "副教授", "国家级非遗传承人", "高级技师"};
const std::vector<std::string> kSlots = {"周一上午", "周二下午", "周三晚上", "周四上午",
                                         "周五晚上", "周六上午", "周六下午", "周日上午"};

}  // namespace

tabular::TextTable teacher_table(const config::Network& network, std::size_t count) {
  Prng prng(20160101);
  tabular::TextTable t;
  t.header = {"所属镇街", "所属辅导站", "姓名", "性别", "师资类型", "专长类别", "技能特长",
              "职称", "工作单位", "手机号码", "身份证号", "家庭住址", "空闲时段", "个人简介"};
  for (std::size_t i = 0; i < count; ++i) {
    const config::Town& town = some_town(prng, network);
    const config::Station* station = prng.chance(300) ? some_station(prng, town) : nullptr;
    const Person p = person(prng, 1958, 1995);
    const std::uint32_t kind = prng.below(10);  // 4 full-time, 5 part-time, 1 expert
    const std::string kind_label = kind < 4 ? "专职" : kind < 9 ? "兼职" : "专家";
    const Specialty& main = prng.pick(specialties());
    std::string specialty = main.label;
    const Specialty& second = prng.pick(specialties());
    if (second.label != main.label && prng.chance(400)) specialty += "、" + second.label;
    const std::string skill = prng.pick(main.skills);
    std::string skills = skill;
    const std::string& more = prng.pick(main.skills);
    if (more != skill) skills += "、" + more;
    std::string slots;
    for (const auto& s : kSlots) {
      if (prng.chance(350)) slots += (slots.empty() ? "" : "、") + s;
    }
    const std::string affiliation = kind < 4    ? town.name + "社区教育学校"
                                    : kind < 9  ? town.name + prng.pick(std::vector<std::string>{
                                                                  "中心小学", "文化站", "卫生院",
                                                                  "成人文化技术学校", "老年大学"})
                                                : std::string("广州社区学院番禺分院");
    t.rows.push_back({town.name, station ? station->id : "", p.name,
                      p.gender == Gender::kFemale ? "女" : "男", kind_label, specialty, skills,
                      prng.pick(kTitles), affiliation, mobile(prng, 1, static_cast<std::uint32_t>(i)),
                      id_card(p, static_cast<std::uint32_t>(i)), address(prng, town.name), slots,
                      std::string(kSyntheticMark) + "长期在" + town.name + "从事" + skill +
                          "教学，服务社区居民。"});
  }
  return t;
}

}  // namespace cedu::cli::demo
