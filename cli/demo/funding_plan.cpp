#include "cli/demo/funding_plan.h"

#include <cstdio>
#include <map>

#include "cli/demo/district.h"
#include "cli/demo/prng.h"

namespace cedu::cli::demo {
namespace {

constexpr std::uint32_t kSeed = 2020'0400;

std::string date_of(int year, std::int64_t month, std::int64_t day) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02lld-%02lld", year, static_cast<long long>(month),
                static_cast<long long>(day));
  return buf;
}

struct Builder {
  explicit Builder(const config::Network& n) : network(n) {}

  const config::Network& network;
  FundingPlan plan;
  Prng prng{kSeed};
  int documents = 0;
  std::map<std::string, std::int64_t> teaching_government;  // a town's line, for overruns

  std::string document() { return "番财教〔" + std::to_string(plan.year) + "〕" + std::to_string(++documents) + "号"; }

  // A budget line and what happens on it: its government part disbursed from `payer`
  // (when there is one) and mostly received, and 55–98 % of it spent.
  void line(const std::string& unit, const std::string& name, const std::string& payer,
            const std::string& category, const std::string& source, std::int64_t fen,
            const std::string& what) {
    if (fen <= 0) return;
    if (category == "teaching" && source == "government") teaching_government[unit] = fen;
    plan.budgets.push_back({"budget", unit, "", category, source, fen,
                            date_of(plan.year, 1, prng.between(5, 25)), document(),
                            name + std::to_string(plan.year) + "年" + what + "预算" + kSyntheticMark, ""});
    if (!payer.empty() && source == "government") {
      const std::int64_t month = prng.between(2, 9);
      plan.disbursements.push_back({"disbursement", unit, payer, category, source, fen,
                                    date_of(plan.year, month, prng.between(1, 20)), document(),
                                    "拨付" + name + what + "经费" + kSyntheticMark, ""});
      if (!prng.chance(120)) {  // 88 % arrived, within a few weeks
        plan.receipts.push_back({plan.disbursements.size() - 1,
                                 date_of(plan.year, month + prng.between(0, 2), prng.between(21, 28))});
      }
    }
    const std::int64_t spent = fen * prng.between(55, 98) / 100;
    const std::int64_t parts = prng.between(1, 3);
    for (std::int64_t i = 0; i < parts; ++i) {
      const std::int64_t part = i + 1 < parts ? spent / parts : spent - spent / parts * (parts - 1);
      if (part <= 0) continue;
      plan.expenditures.push_back({"expenditure", unit, "", category, source, part,
                                   date_of(plan.year, prng.between(3, 12), prng.between(1, 28)),
                                   "支出凭证 " + std::to_string(plan.expenditures.size() + 1),
                                   name + what + "支出" + kSyntheticMark, ""});
    }
  }

  void overruns() {
    // Three lines overspent with the district's approval (funding.overrun): half the line
    // again on top of the 55 % or more already spent.
    for (int i = 0; i < 3 && i < static_cast<int>(network.towns.size()); ++i) {
      const config::Town& t = network.towns[static_cast<std::size_t>(i) * 5 % network.towns.size()];
      plan.expenditures.push_back({"expenditure", t.slug, "", "teaching", "government",
                                   teaching_government[t.slug] / 2,
                                   date_of(plan.year, 11, prng.between(1, 28)),
                                   "支出凭证 超支-" + std::to_string(i + 1),
                                   t.name + "长者学堂扩班超支" + kSyntheticMark,
                                   "番教批〔" + std::to_string(plan.year) + "〕" + std::to_string(i + 1) + "号"});
    }
  }
};

}  // namespace

FundingPlan funding_plan(const config::Network& network) {
  Builder b(network);
  const std::string district = network.district_slug, centre = network.district_name + "社区学院";
  b.line(district, centre, "", "training", "government", 60'000'000, "师资培训");
  b.line(district, centre, "", "publicity", "government", 20'000'000, "宣传推广");
  b.line(district, centre, "", "projects", "social_donation", 15'000'000, "实验项目");
  for (const config::Town& t : network.towns) {
    // 3.6–5.2 yuan per resident in all; 35 % of it goes to the stations.
    const std::int64_t total = t.population * b.prng.between(360, 520);
    const std::int64_t stations = t.stations.empty() ? 0 : total * 35 / 100;
    const std::int64_t own = total - stations;
    const std::int64_t social = own * b.prng.between(5, 15) / 100;
    const std::int64_t fees = own * b.prng.between(5, 12) / 100;
    const std::int64_t other = own * b.prng.between(0, 3) / 100;
    const std::int64_t government = own - social - fees - other;
    b.line(t.slug, t.name, district, "teaching", "government", government * 6 / 10, "教学活动");
    b.line(t.slug, t.name, district, "operations", "government", government - government * 6 / 10, "日常运转");
    b.line(t.slug, t.name, district, "projects", "social_donation", social, "项目建设");
    b.line(t.slug, t.name, district, "teaching", "individual_fee", fees, "教学活动");
    b.line(t.slug, t.name, district, "facilities", "other", other, "场地设备");
    if (t.stations.empty()) continue;
    const std::int64_t each = stations / static_cast<std::int64_t>(t.stations.size());
    for (const config::Station& s : t.stations) {
      const std::int64_t fees_s = each * b.prng.between(5, 15) / 100;
      b.line(s.id, s.name, t.slug, "teaching", "government", each - fees_s, "教学活动");
      b.line(s.id, s.name, t.slug, "teaching", "individual_fee", fees_s, "教学活动");
    }
  }
  b.overruns();
  return std::move(b.plan);
}

}  // namespace cedu::cli::demo
