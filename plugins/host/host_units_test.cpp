// The plugin host's pure parts: semver, the file owner/mode rule, YAML → MessagePack with
// line lookup, and configs/towns/<town>.yaml validation with file:line errors.
#define BOOST_TEST_MODULE plugin_host_units
#include <boost/test/unit_test.hpp>

#include <msgpack.hpp>

#include "common/config/error.h"
#include "plugins/host/plugin_file.h"
#include "plugins/host/semver.h"
#include "plugins/host/towns_config.h"
#include "plugins/host/yaml_msgpack.h"

using namespace cedu::plugins;

namespace {

bool is_town(std::string_view slug) { return slug == "shawan" || slug == "nancun"; }

// The ConfigError message of parsing `text` as configs/towns/`file`.
std::string error_of(const std::string& text, const std::string& file = "configs/towns/shawan.yaml") {
  try {
    parse_town_file(text, file, is_town);
  } catch (const cedu::config::ConfigError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

BOOST_AUTO_TEST_CASE(semver_parses_releases_only_and_orders) {
  BOOST_TEST(Semver::parse("1.2.3").has_value());
  BOOST_TEST(Semver::parse("10.0.12")->to_string() == "10.0.12");
  for (const char* bad : {"1.2", "v1.2.3", "1.2.3-rc1", "01.2.3", "1..3", "", "1.2.3.4"}) {
    BOOST_TEST(!Semver::parse(bad).has_value(), bad);
  }
  BOOST_TEST((*Semver::parse("1.10.0") > *Semver::parse("1.9.9")));
  BOOST_TEST((*Semver::parse("2.0.0") > *Semver::parse("1.99.99")));
}

BOOST_AUTO_TEST_CASE(plugin_files_must_be_the_services_and_not_writable_by_others) {
  struct stat st {};
  st.st_mode = S_IFREG | 0644;
  st.st_uid = 1000;
  BOOST_TEST(check_owner_and_mode(st, 1000, "a.so").is_ok());
  st.st_uid = 0;  // installed by a package
  BOOST_TEST(check_owner_and_mode(st, 1000, "a.so").is_ok());
  st.st_uid = 1001;
  auto other = check_owner_and_mode(st, 1000, "a.so");
  BOOST_TEST(other.code() == cedu::StatusCode::kPermissionDenied);
  BOOST_TEST(other.message().find("uid 1001") != std::string::npos, other.message());
  st.st_uid = 1000;
  st.st_mode = S_IFREG | 0664;
  BOOST_TEST(check_owner_and_mode(st, 1000, "a.so").message().find("mode 0664") != std::string::npos);
  st.st_mode = S_IFREG | 0646;
  BOOST_TEST(!check_owner_and_mode(st, 1000, "a.so").is_ok());
  st.st_mode = S_IFDIR | 0755;
  BOOST_TEST(!check_owner_and_mode(st, 1000, "a.so").is_ok());
}

BOOST_AUTO_TEST_CASE(yaml_becomes_msgpack_with_types_and_lines) {
  YAML::Node node = YAML::Load("items: [沙湾飘色, \"42\", 42, 1.5, true, ~]\nnested:\n  deep:\n    - a\n    - b\n");
  const std::string bytes = yaml_to_msgpack(node);
  auto h = msgpack::unpack(bytes.data(), bytes.size());
  auto map = h.get().as<std::map<std::string, msgpack::object>>();
  const auto& items = map.at("items").via.array;
  BOOST_TEST(items.ptr[0].as<std::string>() == "沙湾飘色");
  BOOST_TEST(items.ptr[1].as<std::string>() == "42");  // quoted: a string
  BOOST_TEST(items.ptr[2].as<std::int64_t>() == 42);
  BOOST_TEST(items.ptr[3].as<double>() == 1.5);
  BOOST_TEST(items.ptr[4].as<bool>() == true);
  BOOST_TEST(items.ptr[5].is_nil());
  BOOST_TEST(line_of_path(node, "nested.deep[1]", 1) == 5);
  BOOST_TEST(line_of_path(node, "nested", 1) == 3);
  BOOST_TEST(line_of_path(node, "nested.missing", 1) == 3);
  // The lookup does not change the document (yaml-cpp assignment writes through).
  BOOST_TEST(YAML::Dump(node) == YAML::Dump(YAML::Load(YAML::Dump(node))));
  BOOST_TEST(node["items"].size() == 6u);
  BOOST_TEST(yaml_to_msgpack(YAML::Node()) == std::string(1, '\x80'));
}

BOOST_AUTO_TEST_CASE(a_town_file_lists_plugins_with_their_config) {
  auto entries = parse_town_file(
      "# 沙湾镇\nplugins:\n  - name: shawan-heritage\n    config:\n      heritage_items: [醒狮]\n"
      "  - name: other\n    enabled: false\n",
      "configs/towns/shawan.yaml", is_town);
  BOOST_REQUIRE_EQUAL(entries.size(), 2u);
  BOOST_TEST(entries[0].town == "shawan");
  BOOST_TEST(entries[0].plugin == "shawan-heritage");
  BOOST_TEST(entries[0].enabled);
  BOOST_TEST(entries[0].key_path == "plugins[0].config");
  BOOST_TEST(entries[0].line == 5);  // the block itself
  BOOST_TEST(line_of_path(entries[0].config_node, "heritage_items", entries[0].line) == 5);
  BOOST_TEST(!entries[1].enabled);
  BOOST_TEST(entries[1].config == std::string(1, '\x80'));
}

BOOST_AUTO_TEST_CASE(bad_town_files_stop_with_file_and_line) {
  BOOST_TEST(error_of("plugins:\n  - name: a\n    colour: red\n") ==
             "configs/towns/shawan.yaml:3: plugins[0].colour: unknown key (allowed: name, enabled, isolate, config)");
  BOOST_TEST(error_of("plugins:\n  - name: Bad_Name\n").find("configs/towns/shawan.yaml:2: plugins[0].name:") == 0);
  BOOST_TEST(error_of("plugins:\n  - name: a\n  - name: a\n").find("listed twice") != std::string::npos);
  BOOST_TEST(error_of("plugins:\n  - enabled: true\n").find("configs/towns/shawan.yaml:2:") == 0);
  BOOST_TEST(error_of("plugins:\n  - name: a\n    config: [1]\n").find("configs/towns/shawan.yaml:3:") == 0);
  BOOST_TEST(error_of("plugin:\n  - name: a\n").find("configs/towns/shawan.yaml:1: plugin: unknown key") == 0);
  BOOST_TEST(error_of("plugins: []\n", "configs/towns/atlantis.yaml")
                 .find("configs/towns/atlantis.yaml:1: 'atlantis' is not a town") == 0);
}

BOOST_AUTO_TEST_CASE(isolate_is_read_and_must_be_alike_in_every_town) {
  const auto is_town = [](std::string_view) { return true; };
  TownsConfig towns;
  towns.entries = parse_town_file("plugins:\n  - name: a\n    isolate: true\n  - name: b\n",
                                  "configs/towns/nancun.yaml", is_town);
  BOOST_TEST(towns.entries[0].isolate);
  BOOST_TEST(towns.entries[0].isolate_line == 3);
  BOOST_TEST(!towns.entries[1].isolate);
  BOOST_TEST((isolated_plugins(towns) == std::set<std::string>{"a"}));
  BOOST_TEST(error_of("plugins:\n  - name: a\n    isolate: maybe\n").find("configs/towns/shawan.yaml:3: plugins[0].isolate:") == 0);

  // Marked in one town, not in another: the second is wrong, naming the first.
  auto other = parse_town_file("plugins:\n  - name: b\n  - name: a\n    isolate: false\n",
                               "configs/towns/shiqiao.yaml", is_town);
  towns.entries.insert(towns.entries.end(), other.begin(), other.end());
  try {
    isolated_plugins(towns);
    BOOST_FAIL("a plugin isolated in one town and not in another was accepted");
  } catch (const cedu::config::ConfigError& e) {
    BOOST_TEST(std::string(e.what()) ==
               "configs/towns/shiqiao.yaml:4: plugins[1].isolate: plugin a is isolate: true in "
               "configs/towns/nancun.yaml:3; one process runs it for every town, so mark it alike in "
               "every town's file");
  }
}
