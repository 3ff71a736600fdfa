// cedu-evaluation over the real bus with CURVE: it serves the shipped standards
// (evaluation.standards, list and one), scores values against them without storing
// (evaluation.preview: the town standard at full marks reaches the national demonstration
// level; refusals keep their code and field across the bus), and a bad standards file
// stops it at start with the file:line error.
#define BOOST_TEST_MODULE evaluation_bus
#include <boost/test/unit_test.hpp>

#include <fstream>

#include "tests/support/bus_fixture.h"
#include "tests/support/library_test_helpers.h"
#include "tests/support/process.h"

using namespace std::chrono_literals;
using cedu::StatusCode;
using namespace cedu::testing;
namespace mp = cedu::mp;

namespace {

const std::vector<GrantSpec> kGrants = {
    {"service:evaluation", {}, {}},
    {"town-admin:nancun", {"evaluation.standards"}, {}},
};

// Starts cedu-evaluation with its own key; `standards` is the directory it reads.
Process start_evaluation(BusFixture& bus, const std::string& standards) {
  const std::string config = bus.dir().file("service-evaluation.yaml");
  std::ofstream(config) << "bus:\n  keys_dir: " << bus.dir().file("keys") << "\n"
                        << "  heartbeat_interval_ms: " << bus.heartbeat_ms() << "\n";
  Process p = Process::spawn({binary("cedu-evaluation"), "--config", config, "--endpoint",
                              bus.endpoint(), "--standards", standards, "--log-level", "debug"},
                             bus.dir().file("cedu-evaluation.log"));
  BOOST_REQUIRE_MESSAGE(bus.wait_for_workers("evaluation", 1, 10000ms),
                        "cedu-evaluation did not register: " +
                            read_file(bus.dir().file("cedu-evaluation.log")));
  return p;
}

// Full marks on every leaf of the standard in `tree` (an evaluation.standards reply).
mp::MapBuilder full_marks(const msgpack::object* nodes) {
  mp::MapBuilder values;
  std::vector<const msgpack::object*> stack = {nodes};
  while (!stack.empty()) {
    const msgpack::object* list = stack.back();
    stack.pop_back();
    for (std::uint32_t i = 0; i < list->via.array.size; ++i) {
      mp::MapView ind = item(list, i);
      if (ind.has("children")) {
        stack.push_back(ind.array("children").value());
        continue;
      }
      mp::MapView rule = ind.map("rule").value();
      const std::string kind = rule.string("kind").value();
      mp::MapBuilder v;
      if (kind == "yes_no") v.set("value", true);
      if (kind == "manual") v.set("value", ind.int64("weight").value());
      if (kind == "threshold") v.set("value", rule.number("min").value());
      if (kind == "ramp") v.set("value", rule.number("to").value());
      if (kind == "ratio") v.set("value", rule.number("target").value());
      if (ind.boolean("evidence").value()) v.set("evidence", std::vector<std::string>{"台账.pdf"});
      values.set(ind.string("id").value(), v);
    }
  }
  return values;
}

}  // namespace

BOOST_AUTO_TEST_CASE(serves_standards_and_previews_scores) {
  BusFixture bus(kGrants);
  auto svc = start_evaluation(bus, source_path("configs/standards"));
  auto admin = bus.client();

  auto list = admin->call("evaluation", "standards", mp::empty_map());
  BOOST_REQUIRE_MESSAGE(list.ok(), list.status().to_string());
  BOOST_TEST(items_of(*list, "standards") >= 2u);
  bool station = false;
  for (std::uint32_t i = 0; i < items_of(*list, "standards"); ++i) {
    mp::MapView s = item(*list, "standards", i);
    if (s.string("id").value() == "station") {
      station = true;
      BOOST_TEST(s.string("name").value() == "番禺区星级村居社区教育辅导站评估标准");
      BOOST_TEST(s.int64("automatic").value() >= 5);
    }
  }
  BOOST_TEST(station);

  auto town = admin->call("evaluation", "standards",
                          mp::MapBuilder().set("standard", "town").set("version", 1).bytes());
  BOOST_REQUIRE_MESSAGE(town.ok(), town.status().to_string());
  mp::MapView standard = view(*town).map("standard").value();
  BOOST_TEST(standard.string("organisation").value() == "town");

  auto preview = admin->call(
      "evaluation", "preview",
      mp::MapBuilder()
          .set("standard", "town")
          .set("values", full_marks(standard.array("tree").value()))
          .bytes());
  BOOST_REQUIRE_MESSAGE(preview.ok(), preview.status().to_string());
  BOOST_TEST(view(*preview).number("total").value() == 100.0);
  BOOST_TEST(view(*preview).boolean("complete").value());
  const msgpack::object* scales = view(*preview).array("scales").value();
  BOOST_REQUIRE(scales->via.array.size == 2u);
  BOOST_TEST(item(scales, 0).map("reached").value().string("name").value() == "优秀");
  BOOST_TEST(item(scales, 1).map("reached").value().string("id").value() == "national");
  BOOST_TEST(item(scales, 1).map("reached").value().string("name").value() ==
             "全国社区教育示范镇街");

  // A refusal keeps its code and field across the bus.
  auto refused = admin->call(
      "evaluation", "preview",
      mp::MapBuilder()
          .set("standard", "town")
          .set("values", mp::MapBuilder().set("committee_set", true))
          .bytes());
  BOOST_TEST((refused.status().code() == StatusCode::kFailedPrecondition));
  BOOST_TEST(refused.status().field() == "params.values.committee_set.evidence");

  // The broker's access list applies: a town admin granted only standards.
  auto nancun = bus.client_as("town-admin:nancun");
  BOOST_TEST(nancun->call("evaluation", "standards", mp::empty_map()).ok());
  auto denied = nancun->call("evaluation", "preview",
                             mp::MapBuilder().set("standard", "town").bytes());
  BOOST_TEST((denied.status().code() == StatusCode::kPermissionDenied));
}

BOOST_AUTO_TEST_CASE(a_bad_standard_stops_start_up_with_file_and_line) {
  TempDir dir;
  std::ofstream(dir.file("broken.yaml")) << read_file(source_path("configs/standards/station-v1.yaml"))
                                         << "extra: 1\n";
  Process p = Process::spawn({binary("cedu-evaluation"), "--insecure", "--endpoint",
                              "tcp://127.0.0.1:1", "--standards", dir.path().string()},
                             dir.file("out.log"));
  auto code = p.wait(10000ms);
  BOOST_REQUIRE(code.has_value());
  BOOST_TEST(*code == 2);
  const std::string log = read_file(dir.file("out.log"));
  BOOST_TEST(log.find(dir.file("broken.yaml") + ":") != std::string::npos, log);
  BOOST_TEST(log.find("extra: unknown key") != std::string::npos, log);
}
