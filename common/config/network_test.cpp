#define BOOST_TEST_MODULE config_network
#include "common/config/network.h"
#include "common/testing/config_errors.h"

#include <cstdlib>
#include <fstream>
#include <set>
#include <string>

#include <boost/test/unit_test.hpp>

#include "common/testing/temp_dir.h"

namespace cedu::config {
namespace {

std::string source_dir() {
  const char* dir = std::getenv("CEDU_SOURCE_DIR");
  return dir ? dir : CEDU_TEST_SOURCE_DIR;
}

template <typename F>
std::string error_of(F&& f) {
  return cedu::testing::config_error_of(std::forward<F>(f));
}

// A small valid network; the error cases below change one thing in it.
const std::string kBase =
    "district: {slug: panyu, name: 番禺区}\n"                       // 1
    "towns:\n"                                                       // 2
    "  - slug: nancun\n"                                             // 3
    "    name: 南村镇\n"                                             // 4
    "    kind: town\n"                                               // 5
    "    population: 1000\n"                                         // 6
    "    elderly_population: 100\n"                                 // 7
    "    stations:\n"                                                // 8
    "      - {id: nancun-01, name: 南村村, kind: village}\n"         // 9
    "      - {id: nancun-02, name: 坑头村, kind: village}\n"         // 10
    "  - slug: shiqiao\n"                                            // 11
    "    name: 市桥街\n"                                             // 12
    "    kind: street\n"                                             // 13
    "    population: 2000\n"                                         // 14
    "    elderly_population: 300\n"                                 // 15
    "    stations:\n"                                                // 16
    "      - {id: shiqiao-01, name: 先锋社区, kind: community}\n";   // 17

// kBase with the first occurrence of `from` replaced by `to`.
std::string with(const std::string& from, const std::string& to, std::string text = kBase) {
  return cedu::testing::replace_first(std::move(text), from, to);
}

std::string error_of_text(const std::string& text) {
  return error_of([&] { parse_network(Reader::from_string(text, "network.yaml")); });
}

BOOST_AUTO_TEST_CASE(shipped_network_file_loads) {
  const std::string path = source_dir() + "/configs/network.yaml";
  Network n = load_network(path);
  BOOST_TEST(n.source == path);
  BOOST_TEST(n.district_slug == "panyu");
  BOOST_TEST(n.district_name == "番禺区");
  BOOST_TEST(n.towns.size() == 16u);
  BOOST_TEST(n.station_count() == 336u);

  const std::vector<std::pair<std::string, std::string>> expected = {
      {"shiqiao", "市桥街"}, {"shatou", "沙头街"},  {"donghuan", "东环街"},
      {"qiaonan", "桥南街"}, {"xiaoguwei", "小谷围街"}, {"dashi", "大石街"},
      {"luopu", "洛浦街"},   {"shibi", "石壁街"},   {"zhongcun", "钟村街"},
      {"dalong", "大龙街"},  {"nancun", "南村镇"},  {"xinzao", "新造镇"},
      {"hualong", "化龙镇"}, {"shilou", "石楼镇"},  {"shawan", "沙湾镇"},
      {"shiji", "石碁镇"}};
  int streets = 0;
  std::set<std::string> station_names;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Town& t = n.towns[i];
    BOOST_TEST(t.slug == expected[i].first);
    BOOST_TEST(t.name == expected[i].second);
    // 镇 are towns, 街 are streets.
    BOOST_TEST((t.kind == TownKind::kStreet) == t.name.ends_with("街"), t.slug);
    streets += t.kind == TownKind::kStreet;
    BOOST_TEST(t.population > 0);
    BOOST_TEST(t.elderly_population > 0);
    BOOST_TEST(t.elderly_population < t.population / 4);
    BOOST_TEST(!t.stations.empty());
    for (const Station& s : t.stations) {
      BOOST_TEST(s.town == t.slug);
      BOOST_TEST(s.id.starts_with(t.slug + "-"));
      const bool village = s.kind == StationKind::kVillage;
      BOOST_TEST((village ? s.name.ends_with("村") : s.name.ends_with("社区")), s.id);
      station_names.insert(s.name);
    }
  }
  BOOST_TEST(streets == 10);
  BOOST_TEST(station_names.size() == 336u);  // no two stations share a name
  // About Panyu's 1.77 million residents (synthetic figures).
  BOOST_TEST(n.population() > 1700000);
  BOOST_TEST(n.population() < 1850000);
  BOOST_TEST(n.elderly_population() > n.population() / 20);

  const Town* nancun = n.town("nancun");
  BOOST_REQUIRE(nancun != nullptr);
  BOOST_TEST(nancun->name == "南村镇");
  BOOST_TEST((nancun->kind == TownKind::kTown));
  BOOST_TEST(n.town("panyu") == nullptr);
  BOOST_TEST(n.town("") == nullptr);
  const Station* s = n.station("nancun-01");
  BOOST_REQUIRE(s != nullptr);
  BOOST_TEST(s == &nancun->stations.front());
  BOOST_TEST(n.station(n.towns.back().stations.back().id) == &n.towns.back().stations.back());
  BOOST_TEST(n.station("nancun-99") == nullptr);
  BOOST_TEST(n.station("nancun") == nullptr);
  BOOST_TEST(n.station("nancun-") == nullptr);
  BOOST_TEST(n.station("") == nullptr);
  BOOST_TEST(n.station_in_town("nancun-01", "nancun"));
  BOOST_TEST(!n.station_in_town("nancun-01", "shiqiao"));
  BOOST_TEST(!n.station_in_town("nancun-99", "nancun"));
}

BOOST_AUTO_TEST_CASE(small_network_parses) {
  Network n = parse_network(Reader::from_string(kBase, "network.yaml"));
  BOOST_REQUIRE(n.towns.size() == 2u);
  BOOST_TEST(n.towns[1].slug == "shiqiao");
  BOOST_TEST((n.towns[1].kind == TownKind::kStreet));
  BOOST_TEST(kind_name(n.towns[1].kind) == "street");
  BOOST_TEST(kind_name(n.towns[1].stations[0].kind) == "community");
  BOOST_TEST(n.station("nancun-02")->name == "坑头村");
  BOOST_TEST(n.station_count() == 3u);
  BOOST_TEST(n.population() == 3000);
  BOOST_TEST(n.elderly_population() == 400);
}

BOOST_AUTO_TEST_CASE(unknown_keys_are_rejected_everywhere) {
  BOOST_TEST(error_of_text(kBase + "district_name: x\n") ==
             "network.yaml:18: district_name: unknown key (allowed: district, towns)");
  BOOST_TEST(error_of_text(with("name: 番禺区}", "name: 番禺区, code: 440113}")) ==
             "network.yaml:1: district.code: unknown key (allowed: slug, name)");
  BOOST_TEST(error_of_text(with("    population: 1000\n", "    populaton: 1000\n")) ==
             "network.yaml:3: towns[0].population: required key is missing");
  BOOST_TEST(error_of_text(with("    elderly_population: 100\n",
                                "    elderly_population: 100\n    star: true\n")) ==
             "network.yaml:8: towns[0].star: unknown key (allowed: slug, name, kind, "
             "population, elderly_population, stations)");
  BOOST_TEST(error_of_text(with("kind: village}", "kind: village, star: 3}")) ==
             "network.yaml:9: towns[0].stations[0].star: unknown key (allowed: id, name, kind)");
}

BOOST_AUTO_TEST_CASE(duplicates_are_rejected) {
  BOOST_TEST(error_of_text(with("  - slug: shiqiao", "  - slug: nancun")) ==
             "network.yaml:11: towns[1].slug: duplicate town \"nancun\" (first at line 3)");
  BOOST_TEST(error_of_text(with("id: nancun-02", "id: nancun-01")) ==
             "network.yaml:10: towns[0].stations[1].id: duplicate station id \"nancun-01\" "
             "(first at line 9)");
  // Town "nan" and town "nan-cun" could both claim station "nan-cun-01".
  std::string prefixes = with("slug: nancun", "slug: nan");
  prefixes = with("nancun-01", "nan-cun-01", prefixes);
  prefixes = with("nancun-02", "nan-02", prefixes);
  prefixes = with("slug: shiqiao", "slug: nan-cun", prefixes);
  prefixes = with("shiqiao-01", "nan-cun-01", prefixes);
  BOOST_TEST(error_of_text(prefixes) ==
             "network.yaml:17: towns[1].stations[0].id: duplicate station id \"nan-cun-01\" "
             "(first at line 9)");
  BOOST_TEST(error_of_text(with("name: 坑头村", "name: 南村村")) ==
             "network.yaml:10: towns[0].stations[1].name: duplicate station name in town "
             "nancun: \"南村村\" (first at line 9)");
}

BOOST_AUTO_TEST_CASE(slugs_and_ids_are_checked) {
  BOOST_TEST(error_of_text(with("slug: panyu", "slug: Panyu")) ==
             "network.yaml:1: district.slug: \"Panyu\" must match [a-z][a-z0-9-]*");
  BOOST_TEST(error_of_text(with("slug: nancun", "slug: nan_cun")) ==
             "network.yaml:3: towns[0].slug: \"nan_cun\" must match [a-z][a-z0-9-]*");
  BOOST_TEST(error_of_text(with("slug: nancun", "slug: 1nancun")) ==
             "network.yaml:3: towns[0].slug: \"1nancun\" must match [a-z][a-z0-9-]*");
  BOOST_TEST(error_of_text(with("id: nancun-02", "id: zhongcun-02")) ==
             "network.yaml:10: towns[0].stations[1].id: \"zhongcun-02\" must start with its "
             "town's slug and a dash (\"nancun-\")");
  BOOST_TEST(error_of_text(with("id: nancun-02", "id: nancun02")) ==
             "network.yaml:10: towns[0].stations[1].id: \"nancun02\" must start with its "
             "town's slug and a dash (\"nancun-\")");
  BOOST_TEST(error_of_text(with("id: nancun-02", "id: nancun-")) ==
             "network.yaml:10: towns[0].stations[1].id: \"nancun-\" must start with its "
             "town's slug and a dash (\"nancun-\")");
  BOOST_TEST(error_of_text(with("id: nancun-02", "id: Nancun-02")) ==
             "network.yaml:10: towns[0].stations[1].id: \"Nancun-02\" must match "
             "[a-z][a-z0-9-]*");
  BOOST_TEST(error_of_text(with("id: nancun-02, ", "")) ==
             "network.yaml:10: towns[0].stations[1].id: required key is missing");
  BOOST_TEST(valid_slug("nancun"));
  BOOST_TEST(valid_slug("nancun-01"));
  BOOST_TEST(valid_slug("a"));
  BOOST_TEST(!valid_slug(""));
  BOOST_TEST(!valid_slug("-a"));
  BOOST_TEST(!valid_slug("a_b"));
  BOOST_TEST(!valid_slug("南村"));
}

BOOST_AUTO_TEST_CASE(populations_are_checked) {
  BOOST_TEST(error_of_text(with("population: 1000", "population: 0")) ==
             "network.yaml:6: towns[0].population: must be positive");
  BOOST_TEST(error_of_text(with("population: 1000", "population: -5")) ==
             "network.yaml:6: towns[0].population: must be positive");
  BOOST_TEST(error_of_text(with("population: 1000", "population: many")) ==
             "network.yaml:6: towns[0].population: expected integer, got \"many\"");
  BOOST_TEST(error_of_text(with("elderly_population: 100", "elderly_population: -1")) ==
             "network.yaml:7: towns[0].elderly_population: must not be negative");
  BOOST_TEST(error_of_text(with("elderly_population: 100", "elderly_population: 1001")) ==
             "network.yaml:7: towns[0].elderly_population: must not exceed population (1000)");
  // Equal is possible (a retirement community), if unusual.
  BOOST_TEST(error_of_text(with("elderly_population: 100", "elderly_population: 1000")) ==
             "no error");
}

BOOST_AUTO_TEST_CASE(kinds_names_and_shape) {
  BOOST_TEST(error_of_text(with("kind: town", "kind: city")) ==
             "network.yaml:5: towns[0].kind: must be one of town, street, got \"city\"");
  BOOST_TEST(error_of_text(with("kind: village}", "kind: 村}")) ==
             "network.yaml:9: towns[0].stations[0].kind: must be one of village, community, "
             "got \"村\"");
  BOOST_TEST(error_of_text(with("name: 南村镇", "name: ''")) ==
             "network.yaml:4: towns[0].name: must not be empty");
  BOOST_TEST(error_of_text(with("    stations:\n      - {id: shiqiao-01, name: 先锋社区, "
                                "kind: community}\n",
                                "    stations: []\n")) ==
             "network.yaml:16: towns[1].stations: a town needs at least one station");
  BOOST_TEST(error_of_text("district: {slug: panyu, name: 番禺区}\ntowns: []\n") ==
             "network.yaml:2: towns: the network needs at least one town");
  BOOST_TEST(error_of_text("towns: []\n") ==
             "network.yaml:1: district: required key is missing");
  BOOST_TEST(error_of_text("district: {slug: panyu, name: 番禺区}\ntowns: {nancun: {}}\n") ==
             "network.yaml:2: towns: expected a sequence, got a map");
}

BOOST_AUTO_TEST_CASE(load_errors_name_the_file) {
  testing::TempDir dir;
  const std::string path = dir.file("network.yaml");
  BOOST_TEST(error_of([&] { load_network(path); }) ==
             path + ": cannot open: No such file or directory");
  {
    std::ofstream out(path);
    out << with("elderly_population: 300", "elderly_population: 2001");
  }
  BOOST_TEST(error_of([&] { load_network(path); }) ==
             path + ":15: towns[1].elderly_population: must not exceed population (2000)");
}

}  // namespace
}  // namespace cedu::config
