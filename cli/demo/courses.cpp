// Demo courses (课程库): the six categories of the plan's course system (健康, 道德, 技能,
// 文化, 休闲, 本土特色 — Panyu's own: 粤剧欣赏, 广绣, 沙湾飘色, 番禺鳌鱼舞, …), given by
// town community schools, tutoring stations, the district college and a few training
// organisations; about a third published with weekly sessions in spring 2027.
#include <map>

#include "cli/demo/district.h"
#include "cli/demo/people.h"
#include "cli/demo/tables.h"

namespace cedu::cli::demo {
namespace {

struct Topic {
  std::string category;  // label of the category
  std::string name;
};

std::vector<Topic> topics() {
  const std::vector<std::pair<std::string, std::vector<std::string>>> kByCategory = {
      {"健康", {"中医养生", "太极拳", "八段锦", "营养膳食", "家庭急救", "慢病防护", "老年健身操",
               "心理健康与减压", "健康睡眠", "中医食疗"}},
      {"道德", {"家风家教", "法律常识", "文明礼仪", "孝亲敬老", "社区公益", "防范电信诈骗",
               "垃圾分类", "父母学堂", "道德讲堂", "邻里和谐"}},
      {"技能", {"智能手机应用", "电脑办公", "家政服务", "西点烘焙", "电商直播", "插花艺术",
               "育婴护理", "创业指导", "短视频制作", "电工基础"}},
      {"文化", {"书法", "国画", "诗词鉴赏", "摄影", "英语口语", "番禺地方史", "普通话",
               "阅读分享", "剪纸", "文学写作"}},
      {"休闲", {"广场舞", "合唱", "茶艺", "园艺", "手工编织", "古筝", "葫芦丝", "交谊舞", "瑜伽",
               "象棋"}},
      {"本土特色", {"粤剧欣赏", "广绣", "沙湾飘色", "番禺鳌鱼舞", "醒狮", "广东音乐", "岭南盆景",
                   "番禺传统美食", "砖雕", "龙舟文化"}},
  };
  std::vector<Topic> all;
  for (const auto& [category, names] : kByCategory) {
    for (const auto& n : names) all.push_back({category, n});
  }
  return all;
}

const std::vector<std::string> kForms = {"入门班", "提高班", "兴趣班", "讲座",
                                         "工作坊", "体验课", "研修班", "周末班"};
const std::vector<std::string> kAudiences = {"老年人", "新市民", "新型农民", "残疾人", "青少年",
                                             "家庭"};
struct Org {
  std::string principal, name;
};
const std::vector<Org> kOrgs = {{"org:panyu-art-school", "番禺区艺术培训学校（演示）"},
                                {"org:lingnan-heritage", "岭南非遗传习社（演示）"},
                                {"org:happy-elders", "乐龄学堂（演示）"}};

// Day `n` after 2027-03-06 (a Saturday) as "YYYY-MM-DD"; n < 300.
std::string spring_2027_day(int n) {
  static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int month = 3, day = 6 + n;
  while (day > kDays[month - 1]) {
    day -= kDays[month - 1];
    ++month;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "2027-%02d-%02d", month, day);
  return buf;
}

// The titles of a town's courses, in the order they are handed out.
class TitleBook {
 public:
  explicit TitleBook(Prng& prng) {
    for (const auto& t : topics()) {
      for (const auto& f : kForms) combos_.push_back({t, f});
    }
    prng.shuffle(combos_);
  }
  // The next course of the town: its topic and a title no other course of the town has.
  std::pair<Topic, std::string> next() {
    const std::size_t round = used_ / combos_.size();
    const auto& [topic, form] = combos_[used_ % combos_.size()];
    ++used_;
    std::string title = topic.name + form;
    if (round > 0) title += "（第" + std::to_string(round + 1) + "期）";
    return {topic, title};
  }

 private:
  std::vector<std::pair<Topic, std::string>> combos_;
  std::size_t used_ = 0;
};

}  // namespace

CourseData course_data(const config::Network& network, std::size_t count) {
  Prng prng(20160303);
  CourseData data;
  tabular::TextTable& t = data.table;
  t.header = {"所属镇街", "所属辅导站", "所属机构", "课程名称", "课程类别", "本土特色", "面向人群",
              "授课方式", "开课单位类型", "开课单位", "课时", "容量", "课程简介"};
  std::map<std::string, TitleBook> books;
  std::map<std::string, int> rooms;  // per town: venues handed out
  for (std::size_t i = 0; i < count; ++i) {
    const config::Town& town = some_town(prng, network);
    auto book = books.find(town.slug);
    if (book == books.end()) book = books.emplace(town.slug, TitleBook(prng)).first;
    const auto [topic, title] = book->second.next();

    std::string station_id, owner, provider_kind, provider, place;
    const std::uint32_t who = prng.below(10);  // 1 org, 2 station, 1 district, 6 town
    if (who == 0) {
      const Org& org = prng.pick(kOrgs);
      owner = org.principal;
      provider_kind = "社会机构";
      provider = org.name;
      place = org.name;
    } else if (who <= 2 && !town.stations.empty()) {
      const config::Station* s = some_station(prng, town);
      station_id = s->id;
      provider_kind = "村居辅导站";
      provider = s->name + "社区教育辅导站";
      place = s->name + "活动室";
    } else if (who == 3) {
      provider_kind = "区社区学院";
      provider = "广州社区学院番禺分院";
      place = town.name + "社区教育学校";
    } else {
      provider_kind = "镇街社区学校";
      provider = town.name + "社区教育学校";
      place = provider;
    }
    std::string audiences = prng.pick(kAudiences);
    if (prng.chance(350)) {
      const std::string& more = prng.pick(kAudiences);
      if (more != audiences) audiences += "、" + more;
    }
    const std::uint32_t m = prng.below(20);
    const std::string mode = m < 15 ? "线下" : m < 17 ? "线上" : "混合";
    const std::int64_t hours = 2 * prng.between(2, 20);
    const std::int64_t capacity = 5 * prng.between(4, 12);
    t.rows.push_back({town.name, station_id, owner, title, topic.category,
                      topic.category == "本土特色" ? "是" : "", audiences, mode, provider_kind,
                      provider, std::to_string(hours), std::to_string(capacity),
                      title + "，由" + provider + "开设，面向" +
                          audiences + "。" + kSyntheticMark});

    if (prng.chance(330)) {
      CourseToPublish p{town.slug, title, {}, {}};
      if (mode != "线上") p.venue = place + "第" + std::to_string(++rooms[town.slug]) + "课室";
      const int weekday = static_cast<int>(prng.below(7));
      const std::uint32_t slot = prng.below(3);
      const char* starts[] = {"T09:00", "T14:30", "T19:00"};
      const char* ends[] = {"T10:30", "T16:00", "T20:30"};
      const int sessions = static_cast<int>(prng.between(2, 4));
      for (int w = 0; w < sessions; ++w) {
        const std::string day = spring_2027_day(weekday + 7 * w);
        p.sessions.emplace_back(day + starts[slot], day + ends[slot]);
      }
      data.published.push_back(std::move(p));
    }
  }
  return data;
}

}  // namespace cedu::cli::demo
