// evaluation_bench: scoring a full round of the 336 stations of configs/network.yaml on real
// services over the bus (cedu-bus, cedu-teacher, cedu-volunteer, cedu-course, cedu-project,
// cedu-evaluation), automatic indicators included, against its parts measured in the same
// run (DESIGN.md §7):
//   total    every station's district part entered with evaluation.round_score, leaving
//            the six automatic leaves to be gathered (4 bus calls a station, one batch);
//   bus      the same bus calls made by the benchmark itself, one pipelined batch a station
//            (the baseline of the gathering);
//   scoring  the same parts entered into a second round with the automatic values given,
//            so nothing is gathered (the baseline of scoring and storing);
// each the best of five, and the ratio total / (bus + scoring): what the gathering adds
// beyond the calls it must make. Also evaluation.round_facts: the whole round's facts in one
// batch.
// Results go to stdout as a Markdown table; docs/performance.md has the command and figures.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>

#include <CLI/CLI.hpp>

#include "bench/bench_health.h"
#include "bench/bench_paths.h"
#include "bus/client/client.h"
#include "common/config/network.h"
#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"
#include "common/testing/temp_dir.h"
#include "tests/support/process.h"
#include "tests/support/standard_tree.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
namespace mp = cedu::mp;
using cedu::testing::Process;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// One call that must succeed; the benchmark stops otherwise.
mp::MapView must(cedu::Client& c, const std::string& service, const std::string& method,
                 const std::string& params, std::vector<cedu::Reply>& keep) {
  auto r = c.call(service, method, params);
  if (!r.ok()) {
    std::cerr << service << "." << method << ": " << r.status().to_string() << "\n";
    std::exit(1);
  }
  keep.push_back(std::move(r).value());
  return mp::MapView::of(keep.back().result()).value();
}

struct Suite {
  Process bus;
  std::vector<Process> services;
  std::string endpoint;
};

// The broker and the five services, insecure on an ephemeral port, four threads each as
// configs/cedu.yaml (evaluation two).
std::optional<Suite> start_suite(cedu::testing::TempDir& dir, const std::string& network,
                                 const std::string& standards) {
  const std::string bin = cedu::bench::bin_dir();
  Suite s;
  const std::string ep_file = dir.file("bus.ep");
  s.bus = Process::spawn({bin + "/cedu-bus", "--insecure", "--endpoint", "tcp://127.0.0.1:0",
                          "--endpoint-file", ep_file, "--events-db", dir.file("events.db"),
                          "--log-level", "warn"});
  auto ep = cedu::testing::wait_for_file(ep_file, 5s);
  if (!ep) return std::nullopt;
  s.endpoint = ep->substr(0, ep->find('\n'));
  for (const char* name : {"teacher", "volunteer", "course", "project", "evaluation"}) {
    std::vector<std::string> argv = {bin + "/cedu-" + name, "--insecure", "--endpoint", s.endpoint,
                                     "--database", dir.file(std::string(name) + ".db"),
                                     "--network", network, "--log-level", "warn", "--threads",
                                     std::string(name) == "evaluation" ? "2" : "4"};
    if (std::string(name) == "evaluation") argv.insert(argv.end(), {"--standards", standards});
    s.services.push_back(Process::spawn(argv, dir.file(std::string(name) + ".log")));
  }
  cedu::ClientOptions o;
  o.endpoint = s.endpoint;
  auto c = cedu::Client::connect(o).value();
  for (const char* name : {"teacher", "volunteer", "course", "project", "evaluation"}) {
    if (!cedu::bench::answers_health(*c, name)) {
      std::cerr << "cedu-" << name << " did not come up (" << dir.file(std::string(name) + ".log")
                << ")\n";
      return std::nullopt;
    }
  }
  return s;
}

std::string phone(int i, int kind) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "13%d%08d", kind, i);
  return buf;
}

// Per station: a teacher, a volunteer, a published course held there with two sessions and
// one enrolled resident; the station's members (its residents) set.
void seed(cedu::Client& c, const cedu::config::Network& network, int year,
          const std::map<std::string, std::int64_t>& station_orgs) {
  std::vector<cedu::Reply> keep;
  int i = 0;
  for (const cedu::config::Town& town : network.towns) {
    for (const cedu::config::Station& st : town.stations) {
      ++i;
      must(c, "teacher", "create", mp::MapBuilder().set("name", "教师" + std::to_string(i))
               .set("town", town.slug).set("station", st.id).set("kind", "part-time")
               .set("phone", phone(i, 0)).bytes(), keep);
      must(c, "volunteer", "create", mp::MapBuilder().set("name", "志愿者" + std::to_string(i))
               .set("town", town.slug).set("station", st.id).set("phone", phone(i, 1)).bytes(), keep);
      const auto course = must(c, "course", "create",
                               mp::MapBuilder().set("title", st.name + "粤剧欣赏")
                                   .set("town", town.slug).set("station", st.id)
                                   .set("category", "local").set("hours", 8).bytes(), keep)
                              .int64("id").value();
      must(c, "course", "publish", mp::MapBuilder().set("id", course).set("version", 1).bytes(), keep);
      for (int day : {10, 17}) {
        const std::string d = std::to_string(year) + "-03-" + std::to_string(day);
        must(c, "course", "add_session", mp::MapBuilder().set("course_id", course)
                 .set("starts_at", d + "T09:00").set("ends_at", d + "T11:00")
                 .set("venue", st.name + "活动室").bytes(), keep);
      }
      must(c, "course", "enrol", mp::MapBuilder().set("course_id", course).set("name", "居民")
               .set("phone", phone(i, 2)).set("town", town.slug).set("station", st.id)
               .set("birth_year", 1950).bytes(), keep);
      const std::int64_t org = station_orgs.at(st.id);
      const std::int64_t version = must(c, "evaluation", "org_get",
                                        mp::MapBuilder().set("id", org).bytes(), keep)
                                       .map("organisation").value().int64("version").value();
      must(c, "evaluation", "org_update", mp::MapBuilder().set("id", org).set("version", version)
               .set("members", 1500 + i).bytes(), keep);
      keep.clear();
    }
  }
}

// The values of the station standard's leaves the evaluator enters: nothing earned (0 or
// "no", no evidence needed); the six automatic leaves are left to the service.
mp::MapBuilder station_manual_values(cedu::Client& c) {
  std::vector<cedu::Reply> keep;
  mp::MapView standard = must(c, "evaluation", "standards",
                              mp::MapBuilder().set("standard", "station").bytes(), keep)
                             .map("standard").value();
  return cedu::testing::nothing_earned(standard.array("tree").value());
}

std::int64_t create_round(cedu::Client& c, const std::string& name, int year) {
  std::vector<cedu::Reply> keep;
  return must(c, "evaluation", "round_create",
              mp::MapBuilder().set("name", name).set("year", year).set("type", "station")
                  .set("standard", "station").set("evaluators", mp::MapBuilder().set("district", 100))
                  .set("deadline", std::to_string(year + 1) + "-12-31").bytes(), keep)
      .int64("id").value();
}

// The four calls the evaluation makes for a station's six automatic leaves.
std::vector<std::pair<std::string, std::string>> station_calls(const std::string& town,
                                                               const std::string& station, int year) {
  auto place = [&] { return mp::MapBuilder().set("town", town).set("station", station); };
  return {{"teacher.count", place().set("group_by", "status").bytes()},
          {"volunteer.yearly", place().set("year", year).bytes()},
          {"course.activity", place().set("year", year).bytes()},
          {"course.participants", place().set("year", year).bytes()}};
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"evaluation_bench: a station round for the whole district vs its bus calls"};
  std::string network_path = cedu::bench::shipped_network(CEDU_BENCH_SOURCE_DIR);
  std::string standards = std::string(CEDU_BENCH_SOURCE_DIR) + "/configs/standards";
  app.add_option("--network", network_path, "district network")->capture_default_str();
  app.add_option("--standards", standards, "evaluation standards")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  const cedu::config::Network network = cedu::config::load_network(network_path);
  const int year = 2026;

  cedu::testing::TempDir dir{"cedu-evaluation-bench"};
  auto suite = start_suite(dir, network_path, standards);
  if (!suite) return 1;
  cedu::ClientOptions o;
  o.endpoint = suite->endpoint;
  o.default_timeout = 30s;
  auto c = cedu::Client::connect(o).value();

  std::vector<cedu::Reply> keep;
  std::map<std::string, std::int64_t> station_orgs;
  const msgpack::object* orgs = must(*c, "evaluation", "org_list",
                                     mp::MapBuilder().set("type", "station").set("limit", 1000).bytes(), keep)
                                    .array("items").value();
  for (std::uint32_t i = 0; i < orgs->via.array.size; ++i) {
    mp::MapView org = mp::MapView::of(orgs->via.array.ptr[i]).value();
    station_orgs[org.string("station").value()] = org.int64("id").value();
  }
  std::fprintf(stderr, "seeding %zu stations...\n", station_orgs.size());
  auto t_seed = Clock::now();
  seed(*c, network, year, station_orgs);
  std::fprintf(stderr, "seeded in %.1f s\n", seconds_since(t_seed));
  const mp::MapBuilder manual = station_manual_values(*c);

  // Each measure five times, alternating (entering a part again replaces it); the best of
  // each counts, as the machine is shared.
  const std::int64_t round = create_round(*c, "基准测试轮次（自动指标）", year);
  const std::int64_t given_round = create_round(*c, "基准测试轮次（手工录入）", year);
  std::map<std::string, std::map<std::string, double>> gathered;  // station → leaf → value
  std::size_t incomplete = 0, calls = 0, failed = 0;
  double total = 1e9, bus = 1e9, scoring = 1e9;
  for (int rep = 0; rep < 5; ++rep) {
    // 1. total: the district part of every station, automatic leaves gathered.
    incomplete = 0;
    auto t0 = Clock::now();
    for (const cedu::config::Town& town : network.towns) {
      for (const cedu::config::Station& st : town.stations) {
        mp::MapView e = must(*c, "evaluation", "round_score",
                             mp::MapBuilder().set("round_id", round)
                                 .set("organisation_id", station_orgs.at(st.id))
                                 .set("evaluator", "district").set("values", manual).bytes(), keep);
        if (!e.boolean("complete").value()) ++incomplete;
        const msgpack::object* facts = e.array("facts").value();
        for (std::uint32_t i = 0; i < facts->via.array.size; ++i) {
          mp::MapView f = mp::MapView::of(facts->via.array.ptr[i]).value();
          gathered[st.id][f.string("id").value()] = f.number("value").value();
        }
        keep.clear();
      }
    }
    total = std::min(total, seconds_since(t0));

    // 2. bus: the same calls, one pipelined batch a station, as the service sends them.
    calls = 0;
    t0 = Clock::now();
    for (const cedu::config::Town& town : network.towns) {
      for (const cedu::config::Station& st : town.stations) {
        for (const auto& [name, params] : station_calls(town.slug, st.id, year)) {
          const std::size_t dot = name.find('.');
          c->call_async(name.substr(0, dot), name.substr(dot + 1), params,
                        [&failed](cedu::Result<cedu::Reply> r) { failed += !r.ok(); });
          ++calls;
        }
        (void)c->wait_all(10s);
      }
    }
    bus = std::min(bus, seconds_since(t0));

    // 3. scoring: the same parts with the automatic values given (nothing gathered).
    t0 = Clock::now();
    for (const cedu::config::Town& town : network.towns) {
      for (const cedu::config::Station& st : town.stations) {
        mp::MapBuilder values = manual;
        for (const auto& [leaf, value] : gathered[st.id]) values.set(leaf, value);
        must(*c, "evaluation", "round_score",
             mp::MapBuilder().set("round_id", given_round).set("organisation_id", station_orgs.at(st.id))
                 .set("evaluator", "district").set("values", values).bytes(), keep);
        keep.clear();
      }
    }
    scoring = std::min(scoring, seconds_since(t0));
  }

  // 4. The whole round's facts in one batch.
  const auto t1 = Clock::now();
  mp::MapView batch = must(*c, "evaluation", "round_facts",
                           mp::MapBuilder().set("round_id", round).bytes(), keep);
  const double one_batch = seconds_since(t1);

  const double n = static_cast<double>(station_orgs.size());
  std::printf("| measure (%zu stations, %zu bus calls) | total s | per station ms |\n",
              station_orgs.size(), calls);
  std::printf("| --- | ---: | ---: |\n");
  std::printf("| total: round_score with 6 automatic leaves gathered | %.3f | %.2f |\n", total,
              total * 1000 / n);
  std::printf("| bus: the same 4 calls a station, pipelined, by the benchmark | %.3f | %.2f |\n",
              bus, bus * 1000 / n);
  std::printf("| scoring/storing: round_score with the values given | %.3f | %.2f |\n", scoring,
              scoring * 1000 / n);
  std::printf("| total − bus − scoring (the gathering's own cost) | %.3f | %.2f |\n",
              total - bus - scoring, (total - bus - scoring) * 1000 / n);
  std::printf("| round_facts: every station's facts in one batch (gather_ms %lld) | %.3f | %.2f |\n",
              static_cast<long long>(batch.int64("gather_ms").value()), one_batch,
              one_batch * 1000 / n);
  std::printf("\nratio total / (bus + scoring) = %.2f; bus share of total = %.2f; incomplete parts: "
              "%zu; failed calls: %zu; unavailable facts in round_facts: %lld\n",
              total / (bus + scoring), bus / total, incomplete, failed,
              static_cast<long long>(batch.int64("unavailable_count").value()));
  return incomplete == 0 && failed == 0 ? 0 : 1;
}
