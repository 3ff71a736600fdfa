#define BOOST_TEST_MODULE config_reader
#include "common/config/reader.h"
#include "common/testing/config_errors.h"

#include <fstream>
#include <string>

#include <boost/test/unit_test.hpp>

#include "common/testing/temp_dir.h"

namespace cedu::config {
namespace {

// Runs `f` and returns the ConfigError's what(), or "no error".
template <typename F>
std::string error_of(F&& f) {
  return cedu::testing::config_error_of(std::forward<F>(f));
}

const char* kBus =
    "bus:\n"                                  // 1
    "  endpoint: tcp://127.0.0.1:5570\n"      // 2
    "  heartbeat_interval_ms: 1000\n"         // 3
    "  heartbeat_liveness: three\n"           // 4
    "  ratio: 0.5\n"                          // 5
    "  verbose: yes\n"                        // 6
    "  big: 18446744073709551615\n"           // 7
    "  negative: -12\n"                       // 8
    "  nested: {a: 1}\n"                      // 9
    "  empty:\n"                              // 10
    "  tags: [x, y]\n";                       // 11

BOOST_AUTO_TEST_CASE(reads_typed_values) {
  Reader root = Reader::from_string(kBus, "cedu.yaml");
  Reader bus = root.child("bus");
  BOOST_TEST(bus.required<std::string>("endpoint") == "tcp://127.0.0.1:5570");
  BOOST_TEST(bus.required<int>("heartbeat_interval_ms") == 1000);
  BOOST_TEST(bus.required<std::int64_t>("heartbeat_interval_ms") == 1000);
  BOOST_TEST(bus.required<std::uint32_t>("heartbeat_interval_ms") == 1000u);
  BOOST_TEST(bus.required<double>("ratio") == 0.5);
  BOOST_TEST(bus.required<double>("heartbeat_interval_ms") == 1000.0);
  BOOST_TEST(bus.required<bool>("verbose") == true);
  BOOST_TEST(bus.required<std::uint64_t>("big") == 18446744073709551615ull);
  BOOST_TEST(bus.required<int>("negative") == -12);
  BOOST_TEST(bus.required<std::string>("heartbeat_liveness") == "three");
  BOOST_TEST(bus.optional<int>("missing", 7) == 7);
  BOOST_TEST(bus.optional("missing", "dflt") == "dflt");
  BOOST_TEST(bus.optional<int>("empty", 9) == 9);  // null counts as absent
  BOOST_TEST(!bus.maybe<int>("missing").has_value());
  BOOST_TEST(!bus.maybe<std::string>("empty").has_value());
  BOOST_TEST(*bus.maybe<int>("negative") == -12);
  BOOST_TEST(bus.has("endpoint"));
  BOOST_TEST(!bus.has("empty"));
  BOOST_TEST(!bus.has("missing"));
  BOOST_TEST(bus.path() == "bus");
  BOOST_TEST(bus.line() == 1);
  BOOST_TEST(bus.line_of("ratio") == 5);
  BOOST_TEST(bus.line_of("empty") == 10);
  BOOST_TEST(bus.path_of("ratio") == "bus.ratio");
  BOOST_TEST(root.file() == "cedu.yaml");
}

BOOST_AUTO_TEST_CASE(wrong_types_name_file_line_key) {
  Reader bus = Reader::from_string(kBus, "cedu.yaml").child("bus");
  BOOST_TEST(error_of([&] { bus.required<std::uint32_t>("heartbeat_liveness"); }) ==
             "cedu.yaml:4: bus.heartbeat_liveness: expected unsigned integer, got \"three\"");
  BOOST_TEST(error_of([&] { bus.optional<int>("heartbeat_liveness", 3); }) ==
             "cedu.yaml:4: bus.heartbeat_liveness: expected integer, got \"three\"");
  BOOST_TEST(error_of([&] { bus.required<std::uint32_t>("negative"); }) ==
             "cedu.yaml:8: bus.negative: expected unsigned integer in 0..4294967295, got \"-12\"");
  BOOST_TEST(error_of([&] { bus.required<int>("big"); }) ==
             "cedu.yaml:7: bus.big: expected integer in -2147483648..2147483647, got "
             "\"18446744073709551615\"");
  BOOST_TEST(error_of([&] { bus.required<std::uint32_t>("big"); }) ==
             "cedu.yaml:7: bus.big: expected unsigned integer in 0..4294967295, got "
             "\"18446744073709551615\"");
  BOOST_TEST(error_of([&] { bus.required<int>("ratio"); }) ==
             "cedu.yaml:5: bus.ratio: expected integer, got \"0.5\"");
  BOOST_TEST(error_of([&] { bus.required<bool>("ratio"); }) ==
             "cedu.yaml:5: bus.ratio: expected boolean (true or false), got \"0.5\"");
  BOOST_TEST(error_of([&] { bus.required<double>("endpoint"); }) ==
             "cedu.yaml:2: bus.endpoint: expected number, got \"tcp://127.0.0.1:5570\"");
  BOOST_TEST(error_of([&] { bus.required<std::string>("nested"); }) ==
             "cedu.yaml:9: bus.nested: expected string, got a map");
  BOOST_TEST(error_of([&] { bus.required<std::string>("tags"); }) ==
             "cedu.yaml:11: bus.tags: expected string, got a sequence");
  BOOST_TEST(error_of([&] { bus.required<int>("empty"); }) ==
             "cedu.yaml:10: bus.empty: expected integer, got null");
}

BOOST_AUTO_TEST_CASE(strict_integers) {
  Reader r = Reader::from_string("a: 3x\nb: +5\nc: ' 4'\nd: -0\ne: 1e3\n", "t.yaml");
  BOOST_TEST(error_of([&] { r.required<int>("a"); }) == "t.yaml:1: a: expected integer, got \"3x\"");
  BOOST_TEST(r.required<int>("b") == 5);
  BOOST_TEST(error_of([&] { r.required<int>("c"); }) == "t.yaml:3: c: expected integer, got \" 4\"");
  BOOST_TEST(r.required<std::uint64_t>("d") == 0u);
  BOOST_TEST(r.required<double>("e") == 1000.0);
  BOOST_TEST(error_of([&] { r.required<std::int64_t>("e"); }) ==
             "t.yaml:5: e: expected integer, got \"1e3\"");
}

BOOST_AUTO_TEST_CASE(booleans) {
  Reader r = Reader::from_string("a: true\nb: False\nc: on\nd: NO\ne: 1\n", "t.yaml");
  BOOST_TEST(r.required<bool>("a"));
  BOOST_TEST(!r.required<bool>("b"));
  BOOST_TEST(r.required<bool>("c"));
  BOOST_TEST(!r.required<bool>("d"));
  BOOST_TEST(error_of([&] { r.required<bool>("e"); }) ==
             "t.yaml:5: e: expected boolean (true or false), got \"1\"");
}

BOOST_AUTO_TEST_CASE(missing_required_key_is_reported_at_the_map) {
  const char* text =
      "log:\n"             // 1
      "  level: info\n"    // 2
      "bus:\n"             // 3
      "  linger_ms: 5\n";  // 4
  Reader root = Reader::from_string(text, "cedu.yaml");
  BOOST_TEST(error_of([&] { root.child("bus").required<std::string>("endpoint"); }) ==
             "cedu.yaml:3: bus.endpoint: required key is missing");
  BOOST_TEST(error_of([&] { root.required<std::string>("data_dir"); }) ==
             "cedu.yaml:1: data_dir: required key is missing");
  BOOST_TEST(error_of([&] { root.child("services"); }) ==
             "cedu.yaml:1: services: required key is missing");
}

BOOST_AUTO_TEST_CASE(non_map_where_map_expected) {
  const char* text =
      "log: verbose\n"   // 1
      "bus:\n"           // 2
      "  - a\n"          // 3
      "empty:\n";        // 4
  Reader root = Reader::from_string(text, "cedu.yaml");
  BOOST_TEST(error_of([&] { root.child("log"); }) ==
             "cedu.yaml:1: log: expected a map, got \"verbose\"");
  BOOST_TEST(error_of([&] { root.maybe_child("bus"); }) ==
             "cedu.yaml:3: bus: expected a map, got a sequence");
  // `empty:` with nothing under it is an empty map.
  Reader empty = root.child("empty");
  BOOST_TEST(empty.keys().empty());
  BOOST_TEST(!empty.has("x"));
  BOOST_TEST(!root.maybe_child("absent").has_value());
}

BOOST_AUTO_TEST_CASE(top_level_must_be_a_map) {
  BOOST_TEST(error_of([] { Reader::from_string("- a\n- b\n", "x.yaml"); }) ==
             "x.yaml:1: expected a map at the top level, got a sequence");
  BOOST_TEST(error_of([] { Reader::from_string("just words\n", "x.yaml"); }) ==
             "x.yaml:1: expected a map at the top level, got \"just words\"");
  // An empty file (or only comments) is an empty map.
  Reader r = Reader::from_string("# nothing here\n", "x.yaml");
  BOOST_TEST(r.keys().empty());
  BOOST_TEST(r.optional<int>("a", 4) == 4);
  r.finish();
}

BOOST_AUTO_TEST_CASE(unknown_keys) {
  const char* text =
      "data_dir: var\n"        // 1
      "bus:\n"                 // 2
      "  endpoint: tcp://x\n"  // 3
      "  heartbeat_ms: 10\n"   // 4
      "  linger_ms: 5\n"       // 5
      "colour: blue\n";        // 6
  Reader root = Reader::from_string(text, "cedu.yaml");
  root.optional("data_dir", "var");
  Reader bus = root.child("bus");
  bus.optional("endpoint", "tcp://y");
  bus.optional<int>("heartbeat_interval_ms", 1000);
  bus.optional<int>("linger_ms", 1000);
  BOOST_TEST(error_of([&] { bus.finish(); }) ==
             "cedu.yaml:4: bus.heartbeat_ms: unknown key (allowed: endpoint, "
             "heartbeat_interval_ms, linger_ms)");
  BOOST_TEST(error_of([&] { root.finish(); }) ==
             "cedu.yaml:6: colour: unknown key (allowed: data_dir, bus)");
  // A map nobody asked anything of.
  Reader other = Reader::from_string("a: 1\n", "o.yaml");
  BOOST_TEST(error_of([&] { other.finish(); }) == "o.yaml:1: a: unknown key (no keys are allowed here)");
}

BOOST_AUTO_TEST_CASE(has_and_copies_count_as_asked) {
  Reader r = Reader::from_string("a: 1\nb: 2\n", "t.yaml");
  Reader copy = r;
  BOOST_TEST(copy.has("a"));
  copy.required<int>("b");
  r.finish();  // asked through the copy
}

BOOST_AUTO_TEST_CASE(unknown_keys_in_list_items) {
  const char* text =
      "towns:\n"                 // 1
      "  - name: nancun\n"       // 2
      "    display: 南村镇\n"    // 3
      "  - name: shiqiao\n"      // 4
      "    dispaly: 市桥街\n";   // 5
  Reader root = Reader::from_string(text, "network.yaml");
  std::vector<Reader> towns = root.list("towns");
  BOOST_REQUIRE(towns.size() == 2u);
  BOOST_TEST(towns[0].required<std::string>("display") == "南村镇");
  towns[0].required<std::string>("name");
  towns[0].finish();
  BOOST_TEST(towns[1].path() == "towns[1]");
  BOOST_TEST(towns[1].line() == 4);
  towns[1].required<std::string>("name");
  BOOST_TEST(error_of([&] { towns[1].required<std::string>("display"); }) ==
             "network.yaml:4: towns[1].display: required key is missing");
  BOOST_TEST(error_of([&] { towns[1].finish(); }) ==
             "network.yaml:5: towns[1].dispaly: unknown key (allowed: name, display)");
  root.finish();
}

BOOST_AUTO_TEST_CASE(lists) {
  const char* text =
      "a: [x, y, z]\n"   // 1
      "b: 3\n"           // 2
      "c:\n"             // 3
      "  - p\n"          // 4
      "  - {k: v}\n"     // 5
      "d:\n"             // 6
      "  - 1\n"          // 7
      "  - plain\n";     // 8
  Reader r = Reader::from_string(text, "l.yaml");
  BOOST_TEST((r.string_list("a") == std::vector<std::string>{"x", "y", "z"}));
  BOOST_TEST(r.string_list("absent").empty());
  BOOST_TEST(r.list("absent").empty());
  BOOST_TEST(error_of([&] { r.string_list("b"); }) == "l.yaml:2: b: expected a sequence, got \"3\"");
  BOOST_TEST(error_of([&] { r.string_list("c"); }) == "l.yaml:5: c[1]: expected string, got a map");
  BOOST_TEST(error_of([&] { r.list("b"); }) == "l.yaml:2: b: expected a sequence, got \"3\"");
  BOOST_TEST(error_of([&] { r.list("d"); }) == "l.yaml:7: d[0]: expected a map, got \"1\"");
}

BOOST_AUTO_TEST_CASE(entries_iterate_a_map_of_maps_in_file_order) {
  const char* text =
      "services:\n"           // 1
      "  volunteer:\n"        // 2
      "    instances: 2\n"    // 3
      "  teacher:\n"          // 4
      "  course: {threads: 4}\n"  // 5
      "  bad: 7\n";           // 6
  Reader root = Reader::from_string(text, "cedu.yaml");
  Reader services = root.child("services");
  BOOST_TEST(error_of([&] { services.entries(); }) == "cedu.yaml:6: services.bad: expected a map, got \"7\"");

  Reader ok = Reader::from_string(
      "services:\n  volunteer:\n    instances: 2\n  teacher:\n  course: {threads: 4}\n", "c.yaml");
  auto entries = ok.child("services").entries();
  BOOST_REQUIRE(entries.size() == 3u);
  BOOST_TEST(entries[0].first == "volunteer");
  BOOST_TEST(entries[1].first == "teacher");
  BOOST_TEST(entries[2].first == "course");
  BOOST_TEST(entries[0].second.required<int>("instances") == 2);
  BOOST_TEST(entries[1].second.keys().empty());
  BOOST_TEST(entries[2].second.path() == "services.course");
  BOOST_TEST(error_of([&] { entries[2].second.finish(); }) ==
             "c.yaml:5: services.course.threads: unknown key (no keys are allowed here)");
  ok.child("services").finish();  // entries() read every key
}

BOOST_AUTO_TEST_CASE(duplicate_keys_are_errors) {
  BOOST_TEST(error_of([] { Reader::from_string("a: 1\nb: 2\na: 3\n", "d.yaml"); }) ==
             "d.yaml:3: a: duplicate key (first at line 1)");
  Reader r = Reader::from_string("m:\n  x: 1\n  x: 2\n", "d.yaml");
  BOOST_TEST(error_of([&] { r.child("m"); }) == "d.yaml:3: m.x: duplicate key (first at line 2)");
}

BOOST_AUTO_TEST_CASE(range_checks_and_fail) {
  const char* text =
      "bus:\n"                            // 1
      "  heartbeat_interval_ms: 0\n"      // 2
      "  heartbeat_liveness: 3\n"         // 3
      "  synchronous: LOUD\n";            // 4
  Reader bus = Reader::from_string(text, "cedu.yaml").child("bus");
  BOOST_TEST(error_of([&] { bus.optional_between<std::int64_t>("heartbeat_interval_ms", 1000, 10, 60000); }) ==
             "cedu.yaml:2: bus.heartbeat_interval_ms: must be between 10 and 60000");
  BOOST_TEST(error_of([&] { bus.required_between("heartbeat_liveness", 4, 100); }) ==
             "cedu.yaml:3: bus.heartbeat_liveness: must be between 4 and 100");
  BOOST_TEST(bus.required_between("heartbeat_liveness", 1, 100) == 3);
  BOOST_TEST(bus.optional_between("absent", 5, 1, 10) == 5);
  BOOST_TEST(bus.optional_between("ratio", 0.5, 0.0, 1.0) == 0.5);
  BOOST_TEST(error_of([&] { bus.optional_choice("synchronous", "FULL", {"OFF", "NORMAL", "FULL", "EXTRA"}); }) ==
             "cedu.yaml:4: bus.synchronous: must be one of OFF, NORMAL, FULL, EXTRA, got \"LOUD\"");
  BOOST_TEST(bus.optional_choice("absent", "FULL", {"FULL"}) == "FULL");
  BOOST_TEST(error_of([&] { bus.fail("heartbeat_liveness", "must be between 1 and 60000"); }) ==
             "cedu.yaml:3: bus.heartbeat_liveness: must be between 1 and 60000");
  BOOST_TEST(error_of([&] { bus.fail("absent", "needed when x is set"); }) ==
             "cedu.yaml:1: bus.absent: needed when x is set");
  BOOST_TEST(error_of([&] { bus.fail("", "is inconsistent"); }) == "cedu.yaml:1: bus: is inconsistent");
}

BOOST_AUTO_TEST_CASE(error_parts) {
  try {
    Reader::from_string("a: x\n", "p.yaml").required<int>("a");
    BOOST_FAIL("no error");
  } catch (const ConfigError& e) {
    BOOST_TEST(e.file() == "p.yaml");
    BOOST_TEST(e.line() == 1);
    BOOST_TEST(e.key() == "a");
    BOOST_TEST(e.problem() == "expected integer, got \"x\"");
  }
}

BOOST_AUTO_TEST_CASE(yaml_syntax_error) {
  const char* text =
      "a: 1\n"          // 1
      "b: [1, 2\n"      // 2
      "c: 3\n";         // 3
  BOOST_TEST(error_of([&] { Reader::from_string(text, "bad.yaml"); }) ==
             "bad.yaml:3: yaml: end of sequence flow not found");
  BOOST_TEST(error_of([] { Reader::from_string("a: 1\n  b: 2\n", "bad.yaml"); }) ==
             "bad.yaml:2: yaml: illegal map value");
}

BOOST_AUTO_TEST_CASE(files) {
  testing::TempDir dir;
  BOOST_TEST(error_of([&] { Reader::load_file(dir.file("nope.yaml")); }) ==
             dir.file("nope.yaml") + ": cannot open: No such file or directory");
  BOOST_TEST(error_of([&] { Reader::load_file(dir.path().string()); }) ==
             dir.path().string() + ": cannot open: is a directory");
  {
    std::ofstream out(dir.file("ok.yaml"));
    out << "# comment\nname: x\ncount: nine\n";
  }
  Reader r = Reader::load_file(dir.file("ok.yaml"));
  BOOST_TEST(r.required<std::string>("name") == "x");
  BOOST_TEST(error_of([&] { r.required<int>("count"); }) ==
             dir.file("ok.yaml") + ":3: count: expected integer, got \"nine\"");
}

}  // namespace
}  // namespace cedu::config
