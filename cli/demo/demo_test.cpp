// The demo data generators: the same scale gives the same tables; phones and ID numbers
// pass the libraries' own validators; natural keys never repeat; every category, the
// local courses and the brand target are there; every record is labelled synthetic. The
// evaluation plan: deterministic, towns above and below the 20 % target, gated as it says.
#define BOOST_TEST_MODULE cli_demo
#include <boost/test/unit_test.hpp>

#include <map>
#include <set>

#include "cli/demo/district.h"
#include "cli/demo/evaluation_plan.h"
#include "cli/demo/people.h"
#include "cli/demo/prng.h"
#include "cli/demo/tables.h"
#include "services/library/schema.h"

using namespace cedu::cli::demo;

namespace {

const cedu::config::Network& network() {
  static const auto n = cedu::config::load_network(std::string(CEDU_TEST_SOURCE_DIR) +
                                                   "/configs/network.yaml");
  return n;
}

std::size_t column(const cedu::tabular::TextTable& t, const std::string& name) {
  for (std::size_t i = 0; i < t.header.size(); ++i) {
    if (t.header[i] == name) return i;
  }
  BOOST_FAIL("no column " << name);
  return 0;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_CASE(the_prng_is_the_standard_mt19937_with_portable_ranges) {
  Prng p(5489);
  BOOST_TEST(p.next() == 3499211612u);  // the first output of the default mt19937
  Prng a(7), b(7);
  for (int i = 0; i < 1000; ++i) BOOST_TEST(a.below(37) == b.below(37));
  Prng c(1);
  std::map<std::uint32_t, int> seen;
  for (int i = 0; i < 6000; ++i) ++seen[c.below(6)];
  BOOST_TEST(seen.size() == 6u);
  for (const auto& [v, n] : seen) BOOST_TEST((n > 850 && n < 1150), v << ": " << n);
  for (int i = 0; i < 100; ++i) {
    const auto x = c.between(-3, 3);
    BOOST_TEST((x >= -3 && x <= 3));
  }
}

BOOST_AUTO_TEST_CASE(people_have_valid_phones_and_id_numbers) {
  Prng p(42);
  std::set<std::string> phones;
  for (std::uint32_t i = 0; i < 3000; ++i) {
    const std::string phone = mobile(p, 2, i);
    BOOST_TEST(cedu::library::valid_phone(phone), phone);
    BOOST_TEST(phone.size() == 11u);
    BOOST_TEST((phone[1] >= '3' && phone[1] <= '9'));
    phones.insert(phone);
    const Person who = person(p, 1950, 2004);
    const std::string id = id_card(who, i);
    BOOST_TEST(cedu::library::valid_id_card(id), id);
    BOOST_TEST(((id[16] - '0') % 2 == 1) == (who.gender == Gender::kMale), id);
  }
  BOOST_TEST(phones.size() == 3000u);
  // The example of GB 11643 itself.
  BOOST_TEST(id_check_digit("11010519491231002") == 'X');
}

BOOST_AUTO_TEST_CASE(the_same_scale_gives_the_same_tables) {
  const auto sizes = demo_sizes(0.05);
  BOOST_TEST(sizes.teachers == 15u);
  BOOST_TEST(sizes.volunteers == 85u);
  BOOST_TEST(sizes.courses == 60u);
  BOOST_TEST(sizes.projects == 5u);
  BOOST_TEST(teacher_table(network(), 40).rows == teacher_table(network(), 40).rows);
  BOOST_TEST(volunteer_table(network(), 40).rows == volunteer_table(network(), 40).rows);
  BOOST_TEST(course_data(network(), 40).table.rows == course_data(network(), 40).table.rows);
  BOOST_TEST(project_data(network(), 40).table.rows == project_data(network(), 40).table.rows);
}

BOOST_AUTO_TEST_CASE(full_scale_tables_keep_natural_keys_unique_and_are_labelled) {
  const auto sizes = demo_sizes(1.0);
  const auto teachers = teacher_table(network(), sizes.teachers);
  const auto volunteers = volunteer_table(network(), sizes.volunteers);
  const auto courses = course_data(network(), sizes.courses);
  const auto projects = project_data(network(), sizes.projects);
  BOOST_TEST(teachers.rows.size() == 300u);
  BOOST_TEST(volunteers.rows.size() == 1700u);
  BOOST_TEST(courses.table.rows.size() == 1200u);
  BOOST_TEST(projects.table.rows.size() == 100u);

  auto unique = [](const cedu::tabular::TextTable& t, std::vector<std::size_t> key) {
    std::set<std::vector<std::string>> seen;
    for (const auto& row : t.rows) {
      std::vector<std::string> k;
      for (auto c : key) k.push_back(row[c]);
      seen.insert(k);
    }
    return seen.size() == t.rows.size();
  };
  BOOST_TEST(unique(teachers, {column(teachers, "手机号码")}));
  BOOST_TEST(unique(volunteers, {column(volunteers, "手机号码")}));
  BOOST_TEST(unique(courses.table, {column(courses.table, "所属镇街"), column(courses.table, "课程名称")}));
  BOOST_TEST(unique(projects.table, {column(projects.table, "所属镇街"), column(projects.table, "项目名称")}));

  for (const auto& row : teachers.rows) BOOST_TEST(contains(row[column(teachers, "个人简介")], kSyntheticMark));
  for (const auto& row : volunteers.rows) BOOST_TEST(row[column(volunteers, "备注")] == kSyntheticMark);
  for (const auto& row : courses.table.rows) BOOST_TEST(contains(row[column(courses.table, "课程简介")], kSyntheticMark));
  for (const auto& row : projects.table.rows) BOOST_TEST(contains(row[column(projects.table, "项目简介")], kSyntheticMark));

  // Every town, every category; the local specialties.
  std::set<std::string> towns, categories, titles;
  for (const auto& row : courses.table.rows) {
    towns.insert(row[column(courses.table, "所属镇街")]);
    categories.insert(row[column(courses.table, "课程类别")]);
    titles.insert(row[column(courses.table, "课程名称")]);
  }
  BOOST_TEST(towns.size() == network().towns.size());
  BOOST_TEST(categories == std::set<std::string>({"健康", "道德", "技能", "文化", "休闲", "本土特色"}));
  for (const std::string local : {"粤剧欣赏", "广绣", "沙湾飘色", "番禺鳌鱼舞"}) {
    bool found = false;
    for (const auto& t : titles) found = found || t.rfind(local, 0) == 0;
    BOOST_TEST(found, local);
  }
  BOOST_TEST(courses.published.size() > 300u);
  for (const auto& c : courses.published) {
    BOOST_TEST((c.sessions.size() >= 2u && c.sessions.size() <= 4u));
  }

  // ≥ 10 activity brands end up established (approved and later, not withdrawn).
  int brands = 0;
  for (std::size_t i = 0; i < projects.table.rows.size(); ++i) {
    const auto& steps = projects.steps[i].steps;
    if (projects.table.rows[i][column(projects.table, "项目类型")] == "活动品牌" && !steps.empty() &&
        steps.front() == "approved") {
      ++brands;
    }
  }
  BOOST_TEST(brands >= 10, brands);
}

BOOST_AUTO_TEST_CASE(the_evaluation_plan_is_deterministic_spread_and_gated) {
  // id, kind, fact, weight, min, from, to, target, evidence
  const std::vector<DemoLeaf> station = {{"station_head", "yes_no", "", 4, 0, 0, 0, 0, true},
                                         {"annual_plan", "manual", "", 4, 0, 0, 0, 0, true},
                                         {"courses_held", "ramp", "courses_held", 8, 0, 6, 24, 0, false}};
  const std::vector<DemoLeaf> town = {{"school_transform", "yes_no", "", 4, 0, 0, 0, 0, false},
                                      {"funding_per_resident", "ratio", "funding_per_resident", 10, 0, 0, 0, 400, false}};
  const EvaluationPlan a = evaluation_plan(network(), station, town), b = evaluation_plan(network(), station, town);
  BOOST_TEST(a.year == 2020);
  BOOST_TEST(a.organisations.size() == 112u);
  BOOST_TEST(a.station_members.size() == 336u);
  BOOST_REQUIRE(a.stations.evaluations.size() == 336u);
  BOOST_REQUIRE(a.towns.evaluations.size() == 16u);
  BOOST_TEST(contains(a.stations.name, kSyntheticMark));
  for (const auto& o : a.organisations) BOOST_TEST(o.note == kSyntheticMark);
  for (const DemoRound* r : {&a.stations, &a.towns}) {
    std::int64_t sum = 0;
    for (const auto& [role, w] : r->weights) sum += w;
    BOOST_TEST(sum == 100);
  }

  std::map<std::string, std::pair<int, int>> per_town;  // rated, stations
  int rated = 0;
  for (std::size_t i = 0; i < 336; ++i) {
    const DemoEvaluation& e = a.stations.evaluations[i];
    BOOST_TEST(e.meant_rated == b.stations.evaluations[i].meant_rated);
    BOOST_REQUIRE(e.parts.size() == 4u);
    bool head_everywhere = true;
    for (const DemoPart& p : e.parts) {
      if (p.evaluator == "residents") continue;
      head_everywhere = head_everywhere && p.values.at("station_head").flag;
      // The district leaves the automatic leaf to the service; self and town report it,
      // at or above full marks when the station is meant to be rated.
      BOOST_TEST(p.values.count("courses_held") == (p.evaluator == "district" ? 0u : 1u));
      if (e.meant_rated && p.evaluator != "district") BOOST_TEST(p.values.at("courses_held").number >= 24);
    }
    BOOST_TEST(head_everywhere == e.meant_rated, e.network_id);  // the gate decides
    per_town[e.town].first += e.meant_rated ? 1 : 0;
    per_town[e.town].second += 1;
    rated += e.meant_rated ? 1 : 0;
  }
  int above = 0, below = 0;
  for (const auto& [t, n] : per_town) (n.first * 100 >= 20 * n.second ? above : below) += 1;
  BOOST_TEST(above > 0);
  BOOST_TEST(below > 0);
  BOOST_TEST((rated > 336 / 10 && rated < 336 * 3 / 10), rated);
  int candidates = 0;
  for (const DemoEvaluation& e : a.towns.evaluations) candidates += e.meant_rated ? 1 : 0;
  BOOST_TEST(candidates == 9);

  auto meant = [&](const DemoRound& r, const std::string& id) {
    for (const DemoEvaluation& e : r.evaluations) {
      if (e.network_id == id) return e.meant_rated;
    }
    BOOST_FAIL("no " << id);
    return false;
  };
  BOOST_TEST(meant(a.stations, a.stations.objection_on));
  BOOST_TEST(!meant(a.stations, a.stations.rectification_on));
  BOOST_TEST(!meant(a.towns, a.towns.rectification_on));
}
