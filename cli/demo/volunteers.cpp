// Demo volunteers (志愿者库): residents registered with their town's community-education
// volunteer team (1,700+ in 2015, the plan says), their skills and where they serve.
#include "cli/demo/district.h"
#include "cli/demo/people.h"
#include "cli/demo/tables.h"

namespace cedu::cli::demo {
namespace {

const std::vector<std::string> kSkills = {
    "智能手机教学", "书法", "广场舞领舞", "摄影", "电脑维修", "心理疏导", "急救培训", "粤剧演唱",
    "手工编织", "英语辅导", "活动组织", "宣传设计", "茶艺", "园艺", "法律咨询", "中医推拿"};
const std::vector<std::string> kPolitical = {"中共党员", "共青团员", "群众", "群众", "群众",
                                             "民主党派"};
const std::vector<std::string> kEducation = {"初中", "高中/中专", "高中/中专", "大专", "本科",
                                             "本科", "研究生"};

}  // namespace

tabular::TextTable volunteer_table(const config::Network& network, std::size_t count) {
  Prng prng(20160202);
  tabular::TextTable t;
  t.header = {"所属镇街", "所属辅导站", "姓名", "性别", "出生年份", "手机号码", "身份证号",
              "家庭住址", "技能特长", "服务区域", "所属队伍", "政治面貌", "文化程度", "备注"};
  for (std::size_t i = 0; i < count; ++i) {
    const config::Town& town = some_town(prng, network);
    const config::Station* station = prng.chance(600) ? some_station(prng, town) : nullptr;
    const Person p = person(prng, 1950, 2004);
    std::string skills = prng.pick(kSkills);
    if (prng.chance(400)) {
      const std::string& more = prng.pick(kSkills);
      if (more != skills) skills += "、" + more;
    }
    std::string area = station != nullptr ? station->name : town.name;
    t.rows.push_back({town.name, station ? station->id : "", p.name,
                      p.gender == Gender::kFemale ? "女" : "男", std::to_string(p.birth_year),
                      mobile(prng, 2, static_cast<std::uint32_t>(i)),
                      id_card(p, static_cast<std::uint32_t>(i)), address(prng, town.name), skills,
                      area, town.name + "社区教育志愿服务队", prng.pick(kPolitical),
                      prng.pick(kEducation), kSyntheticMark});
  }
  return t;
}

}  // namespace cedu::cli::demo
