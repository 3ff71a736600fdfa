// plugin_bench: what a town-school plugin costs course.create through the bus, measured in
// the same run against the baseline without a plugin (DESIGN.md §7). Each round starts
// cedu-bus and cedu-course three times on fresh databases — no plugin; bench-validator
// (one cheap validator) in process; the same plugin isolated (isolate: true, in its
// cedu-plugin-host, asked over the bus) — and pipelines `--creates` course.create calls
// for Nancun, which enables it. Durable writes, as in production (group commit).
// Targets: in process ≥ 0.91 × the baseline's throughput (≤ 1.1 × its time); isolated
// reported. Results go to stdout as a Markdown table; docs/performance.md has the
// command and figures.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <thread>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "bench/bench_paths.h"
#include "bus/client/client.h"
#include "common/msgpack/builder.h"
#include "common/testing/temp_dir.h"
#include "tests/support/process.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
namespace fs = std::filesystem;
namespace mp = cedu::mp;

enum class Mode { kNone, kInProcess, kIsolated };
const char* name_of(Mode m) {
  return m == Mode::kNone ? "no plugin" : m == Mode::kInProcess ? "in process" : "isolated";
}

struct Stack {
  cedu::testing::Process bus, course;
  std::string endpoint;
};

// cedu-bus and cedu-course (4 handler threads, as configs/cedu.yaml) with the plugin set up
// for `mode`; waits until course (and an isolated plugin's host) answer.
std::optional<Stack> start_stack(const std::string& bin, cedu::testing::TempDir& dir, const std::string& tag,
                                 Mode mode, const std::string& network, const std::string& plugin_so) {
  const fs::path plugins = dir.path() / ("plugins-" + tag), towns = dir.path() / ("towns-" + tag);
  fs::create_directories(plugins);
  fs::create_directories(towns);
  if (mode != Mode::kNone) {
    fs::copy_file(plugin_so, plugins / "bench-validator.so");
    fs::permissions(plugins / "bench-validator.so", fs::perms(0644));
    std::ofstream(towns / "nancun.yaml") << "plugins:\n  - name: bench-validator\n"
                                         << (mode == Mode::kIsolated ? "    isolate: true\n" : "");
  }
  Stack s;
  const std::string ep_file = dir.file("bus-" + tag + ".ep");
  s.bus = cedu::testing::Process::spawn({bin + "/cedu-bus", "--insecure", "--endpoint", "tcp://127.0.0.1:0",
                                         "--endpoint-file", ep_file, "--events-db",
                                         dir.file("events-" + tag + ".db"), "--log-level", "warn"});
  auto ep = cedu::testing::wait_for_file(ep_file, 5s);
  if (!ep) return std::nullopt;
  s.endpoint = *ep;
  s.course = cedu::testing::Process::spawn(
      {bin + "/cedu-course", "--insecure", "--endpoint", s.endpoint, "--database", dir.file("course-" + tag + ".db"),
       "--network", network, "--threads", "4", "--log-level", "warn", "--plugin-dir", plugins.string(),
       "--towns-dir", towns.string()});
  cedu::ClientOptions o;
  o.endpoint = s.endpoint;
  auto c = cedu::Client::connect(o).value();
  std::vector<std::string> services = {"course"};
  if (mode == Mode::kIsolated) services.push_back("plugin-course-bench-validator");
  for (const auto& name : services) {
    bool up = false;
    for (int i = 0; i < 100 && !up; ++i) {
      cedu::CallOptions co;
      co.timeout = 200ms;
      up = c->call(name, "health", mp::empty_map(), co).ok();
      if (!up) std::this_thread::sleep_for(50ms);
    }
    if (!up) {
      std::cerr << name << " did not come up\n";
      return std::nullopt;
    }
  }
  return s;
}

// `calls` course.create for Nancun with `window` in flight; returns creates per second.
double creates_per_second(const std::string& endpoint, int calls, int window, const std::string& tag) {
  cedu::ClientOptions o;
  o.endpoint = endpoint;
  auto c = cedu::Client::connect(o).value();
  std::vector<std::string> bodies;
  for (int i = 0; i < calls; ++i) {
    mp::MapBuilder b;
    b.set("title", "长者智能手机课堂" + tag + "第" + std::to_string(i) + "期").set("town", "nancun")
        .set("category", "skills").set("hours", 12).set("audiences", std::vector<std::string>{"elderly"});
    bodies.push_back(b.bytes());
  }
  int sent = 0, done = 0, failed = 0;
  cedu::CallOptions co;
  co.timeout = 30s;
  auto send = [&] {
    c->call_async("course", "create", bodies[static_cast<std::size_t>(sent)],
                  [&](cedu::Result<cedu::Reply> r) {
                    ++done;
                    if (!r.ok() && failed++ == 0) std::cerr << "create: " << r.status().to_string() << "\n";
                  },
                  co);
    ++sent;
  };
  const auto t0 = Clock::now();
  while (sent < std::min(window, calls)) send();
  while (done < calls) {
    const int before = done;
    (void)c->poll(100ms);
    for (int k = before; k < done && sent < calls; ++k) send();
  }
  const double s = std::chrono::duration<double>(Clock::now() - t0).count();
  if (failed > 0) {
    std::cerr << failed << " creates failed\n";
    std::exit(1);
  }
  return calls / s;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"plugin_bench: course.create with a validator plugin in process and isolated vs none"};
  int rounds = 3, creates = 2000, window = 16;
  app.add_option("--rounds", rounds, "rounds; each measures the three set-ups once, best round counts");
  app.add_option("--creates", creates, "course.create calls per set-up and round");
  app.add_option("--window", window, "calls in flight");
  CLI11_PARSE(app, argc, argv);

  const std::string bin = cedu::bench::bin_dir();
  const std::string plugin_so = (fs::path(bin).parent_path() / "bench" / "plugins" / "bench-validator.so").string();
  const std::string network = cedu::bench::shipped_network(CEDU_BENCH_SOURCE_DIR);
  cedu::testing::TempDir dir("cedu-plugin-bench");

  const std::vector<Mode> modes = {Mode::kNone, Mode::kInProcess, Mode::kIsolated};
  std::vector<std::vector<double>> rates(modes.size());
  for (int round = 0; round < rounds; ++round) {
    for (std::size_t m = 0; m < modes.size(); ++m) {
      const std::string tag = std::to_string(round) + "-" + std::to_string(m);
      auto stack = start_stack(bin, dir, tag, modes[m], network, plugin_so);
      if (!stack) return 1;
      (void)creates_per_second(stack->endpoint, std::min(200, creates), window, tag + "w");  // warm-up
      rates[m].push_back(creates_per_second(stack->endpoint, creates, window, tag));
      stack->course.stop();
      stack->bus.stop();
      std::fprintf(stderr, "round %d: %s %.0f creates/s\n", round + 1, name_of(modes[m]), rates[m].back());
    }
  }
  auto best = [](const std::vector<double>& v) { return *std::max_element(v.begin(), v.end()); };
  const double base = best(rates[0]);
  std::printf("\n| course.create, %d calls, %d in flight | creates/s (best of %d) | ratio to no plugin | time ratio | target |\n",
              creates, window, rounds);
  std::printf("|---|---:|---:|---:|---:|\n");
  std::printf("| no plugin (baseline) | %.0f | 1.00 | 1.00 | — |\n", base);
  std::printf("| one validator in process | %.0f | %.2f | %.2f | ≥ 0.91 (≤ 1.1 × time) |\n", best(rates[1]),
              best(rates[1]) / base, base / best(rates[1]));
  std::printf("| one validator isolated (cedu-plugin-host) | %.0f | %.2f | %.2f | reported |\n", best(rates[2]),
              best(rates[2]) / base, base / best(rates[2]));
  return 0;
}
