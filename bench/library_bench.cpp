// library_bench: the resource libraries against their baselines, measured in the same run
// (DESIGN.md §7). With `--courses` courses and `--volunteers` volunteers loaded:
//   1. course.get pipelined through cedu-bus + cedu-course vs raw SQLite point reads of the
//      same file and vs the minimal ZeroMQ proxy echoing a reply of the same size
//      (target ≥ 0.4 × the proxy);
//   2. course.search, two-character and longer queries: p50 and p99;
//   3. CSV import of the volunteers (the library's import, in process) vs raw SQLite
//      batched inserts of the same rows, best of `--rounds` each (target ≥ 0.1 ×);
//   4. durable volunteer.log_hours through the bus vs raw SQLite autocommit inserts with
//      synchronous=FULL on the same file system (target ≥ 0.5 ×).
// Results go to stdout as a Markdown table; docs/performance.md has the command and figures.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <iostream>
#include <random>
#include <thread>

#include <CLI/CLI.hpp>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "bench/bench_health.h"
#include "bench/bench_paths.h"
#include "bench/minimal_proxy.h"
#include "bus/client/client.h"
#include "bus/protocol/frames.h"
#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"
#include "common/sqlite/database.h"
#include "common/sqlite/statement.h"
#include "common/sqlite/transaction.h"
#include "common/testing/temp_dir.h"
#include "services/course/course_spec.h"
#include "services/library/library.h"
#include "services/library/library_main.h"
#include "services/volunteer/volunteer_spec.h"
#include "tests/support/process.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
namespace mp = cedu::mp;
namespace lib = cedu::library;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

double percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
}

// Deterministic synthetic rows (a fixed-seed generator with our own mapping to ranges).
struct Rng {
  std::mt19937_64 g{20161231};
  std::uint64_t below(std::uint64_t n) { return g() % n; }
};

const std::vector<std::string> kTowns = {"shiqiao", "nancun", "zhongcun", "dashi", "shawan",
                                         "shiji",   "hualong", "shilou", "xinzao", "dalong"};
const std::vector<std::string> kTopics = {"书法", "粤剧", "中医养生", "太极拳", "摄影", "茶艺",
                                          "广绣", "烹饪", "英语口语", "智能手机", "插花", "舞蹈"};
const std::vector<std::string> kLevels = {"入门", "进阶", "提高", "欣赏", "实践", "讲座"};
const std::vector<std::string> kCategories = {"健康", "道德", "技能", "文化", "休闲", "本土特色"};

std::string course_csv(std::size_t n) {
  Rng r;
  std::string csv = "课程名称,所属镇街,课程类别,容量,课程简介\n";
  for (std::size_t i = 0; i < n; ++i) {
    csv += kTopics[r.below(kTopics.size())] + kLevels[r.below(kLevels.size())] + "第" +
           std::to_string(i) + "期," + kTowns[i % kTowns.size()] + "," +
           kCategories[r.below(kCategories.size())] + "," + std::to_string(20 + r.below(40)) +
           ",面向社区居民的" + kTopics[r.below(kTopics.size())] + "课程（演示数据）\n";
  }
  return csv;
}

std::string phone_of(std::size_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "13%09zu", i % 1000000000);
  return buf;
}

std::string volunteer_csv(std::size_t n) {
  std::string csv = "姓名,性别,手机号码,所属镇街,技能特长\n";
  static const std::vector<std::string> kFamily = {"陈", "黄", "李", "梁", "何", "张", "林", "罗"};
  static const std::vector<std::string> kGiven = {"志强", "美玲", "家豪", "丽华", "伟明", "秀英"};
  Rng r;
  for (std::size_t i = 0; i < n; ++i) {
    csv += kFamily[r.below(kFamily.size())] + kGiven[r.below(kGiven.size())] + "," +
           (r.below(2) ? "男" : "女") + "," + phone_of(i) + "," + kTowns[i % kTowns.size()] +
           "," + kTopics[r.below(kTopics.size())] + "\n";
  }
  return csv;
}

lib::Places open_places() {
  lib::Places p;  // the bench's towns are real slugs; no station checks needed
  p.check = [](const std::string&, const std::string&) { return cedu::Status::ok(); };
  p.town = [](std::string_view t) { return std::optional<std::string>(std::string(t)); };
  p.station = [](const std::string&, std::string_view s) { return std::optional<std::string>(std::string(s)); };
  p.town_name = [](const std::string& t) { return t; };
  p.station_name = [](const std::string& s) { return s; };
  return p;
}

// Imports `csv` into a fresh library database at `path` in process; returns the seconds.
double import_into(const std::string& path, const lib::LibrarySpec& spec, const std::string& csv) {
  auto db = cedu::sqlite::Database::open(path).value();
  lib::LibraryServiceDef def;
  def.spec = &spec;
  if (auto s = lib::RecordStore::migrate(db, spec, def.migrations); !s.is_ok()) {
    std::cerr << s.to_string() << "\n";
    std::exit(1);
  }
  lib::Library library(spec, lib::RecordStore(std::move(db), spec), open_places());
  mp::MapBuilder params;
  params.set("data", msgpack::type::raw_ref(csv.data(), static_cast<std::uint32_t>(csv.size())))
      .set("mode", "valid-rows");
  auto handle = mp::unpack(params.bytes(), "params").value();
  auto view = mp::MapView::of(handle.get()).value();
  cedu::Request req{spec.name, "import", view, "district-admin", {"pii"},
                    Clock::now() + 1h, std::nullopt, 1};
  auto t0 = Clock::now();
  auto reply = library.invoke("import", req);
  const double s = seconds_since(t0);
  if (!reply.ok()) {
    std::cerr << "import failed: " << reply.status().to_string() << "\n";
    std::exit(1);
  }
  auto r = mp::unpack(*reply, "reply").value();
  auto created = mp::MapView::of(r.get()).value().int64("created").value();
  std::fprintf(stderr, "imported %lld %s records in %.2f s\n", static_cast<long long>(created),
               spec.name.c_str(), s);
  return s;
}

// Raw baseline: the same rows, already split, inserted in one transaction.
double raw_batched_insert(const std::string& path, std::size_t n) {
  auto db = cedu::sqlite::Database::open(path).value();
  (void)db.exec("CREATE TABLE v(id INTEGER PRIMARY KEY, phone TEXT UNIQUE, town TEXT, body TEXT)");
  std::vector<std::string> phones, bodies;
  for (std::size_t i = 0; i < n; ++i) {
    phones.push_back(phone_of(i));
    bodies.push_back("{\"name\":\"陈志强\",\"gender\":\"male\",\"phone\":\"" + phones.back() +
                     "\",\"skills\":\"书法\"}");
  }
  auto t0 = Clock::now();
  auto tx = cedu::sqlite::Transaction::begin(db).value();
  auto st = db.prepare("INSERT INTO v(phone, town, body) VALUES(?,?,?)").value();
  for (std::size_t i = 0; i < n; ++i) {
    (void)st.bind_text(1, phones[i]);
    (void)st.bind_text(2, kTowns[i % kTowns.size()]);
    (void)st.bind_text(3, bodies[i]);
    (void)st.run();
    st.reset();
  }
  (void)tx.commit();
  return seconds_since(t0);
}

std::vector<std::string> lines(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < s.size()) {
    auto end = s.find('\n', start);
    if (end == std::string::npos) end = s.size();
    out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

struct Stack {
  cedu::testing::Process bus;
  std::string endpoint;
  std::vector<cedu::testing::Process> services;
};

std::optional<Stack> start_stack(const std::string& bin, cedu::testing::TempDir& dir, int round,
                                 const std::vector<std::pair<std::string, std::string>>& services,
                                 const std::string& network) {
  Stack s;
  const std::string ep_file = dir.file("bus-" + std::to_string(round) + ".ep");
  s.bus = cedu::testing::Process::spawn({bin + "/cedu-bus", "--insecure", "--endpoint",
                                         "tcp://127.0.0.1:0", "--endpoint-file", ep_file,
                                         "--events-db", dir.file("events.db"), "--log-level", "warn"});
  auto ep = cedu::testing::wait_for_file(ep_file, 5s);
  if (!ep) return std::nullopt;
  s.endpoint = *ep;
  for (const auto& [name, db] : services) {
    s.services.push_back(cedu::testing::Process::spawn(
        {bin + "/cedu-" + name, "--insecure", "--endpoint", s.endpoint, "--database", db,
         "--network", network, "--threads", "4", "--log-level", "warn"}));  // as configs/cedu.yaml
  }
  // Wait until every service answers.
  cedu::ClientOptions o;
  o.endpoint = s.endpoint;
  auto c = cedu::Client::connect(o).value();
  for (const auto& [name, db] : services) {
    if (!cedu::bench::answers_health(*c, name)) {
      std::cerr << "cedu-" << name << " did not come up\n";
      return std::nullopt;
    }
  }
  return s;
}

// Pipelined calls with `window` in flight from a raw CEDU01 DEALER — as lean a client as
// the proxy's, so that the figure is the bus's and the service's; returns calls per second.
double pipelined(const std::string& endpoint, const std::string& service, const std::string& method,
                 int calls, int window, const std::function<std::string(int)>& params) {
  zmq::context_t ctx(1);
  zmq::socket_t s(ctx, zmq::socket_type::dealer);
  s.set(zmq::sockopt::linger, 0);
  s.connect(endpoint);
  std::vector<std::string> bodies;
  bodies.reserve(static_cast<std::size_t>(calls));
  for (int i = 0; i < calls; ++i) bodies.push_back(params(i));
  int sent = 0, done = 0, failed = 0;
  auto send = [&] {
    mp::MapBuilder h;
    h.set("id", static_cast<std::uint64_t>(sent)).set("service", service).set("method", method)
        .set("timeout_ms", 30000u);
    (void)cedu::protocol::send(s, {}, cedu::protocol::Command::kRequest, h.bytes(),
                               std::string_view(bodies[static_cast<std::size_t>(sent)]));
    ++sent;
  };
  std::vector<zmq::message_t> frames;
  auto t0 = Clock::now();
  while (sent < std::min(window, calls)) send();
  while (done < calls) {
    frames.clear();
    (void)zmq::recv_multipart(s, std::back_inserter(frames));
    auto parsed = cedu::protocol::parse(frames, 0);
    const auto* m = std::get_if<cedu::protocol::Message>(&parsed);
    if (m == nullptr || !m->header().boolean("ok").value_or(false)) {
      if (failed++ == 0 && m != nullptr) {
        std::cerr << method << ": " << m->header().optional_string("message").value().value_or("?") << "\n";
      }
    }
    ++done;
    if (sent < calls) send();
  }
  const double rate = calls / seconds_since(t0);
  if (failed > 0) std::cerr << failed << " " << method << " calls failed\n";
  return rate;
}

void proxy_echo_worker(zmq::context_t& ctx, const std::string& ep, const std::string& reply,
                       std::atomic<bool>& stop) {
  zmq::socket_t s(ctx, zmq::socket_type::dealer);
  s.set(zmq::sockopt::rcvtimeo, 100);
  s.connect(ep);
  s.send(zmq::str_buffer("hello"), zmq::send_flags::none);
  std::vector<zmq::message_t> frames;
  while (!stop) {
    frames.clear();
    if (!zmq::recv_multipart(s, std::back_inserter(frames))) continue;
    s.send(frames[0], zmq::send_flags::sndmore);
    s.send(zmq::buffer(reply), zmq::send_flags::none);
  }
}

double proxy_throughput(const std::string& self, cedu::testing::TempDir& dir, int round,
                        const std::string& request, const std::string& reply, int calls,
                        int window) {
  const std::string file = dir.file("proxy-" + std::to_string(round));
  auto proxy = cedu::testing::Process::spawn({self, "--run-proxy", file});
  auto eps = cedu::testing::wait_for_file(file, 5s);
  if (!eps) std::exit(1);
  auto ep = lines(*eps);
  zmq::context_t ctx(1);
  std::atomic<bool> stop{false};
  std::thread w(proxy_echo_worker, std::ref(ctx), ep.at(1), std::cref(reply), std::ref(stop));
  std::this_thread::sleep_for(100ms);
  double rate = 0;
  {
    zmq::socket_t s(ctx, zmq::socket_type::dealer);
    s.set(zmq::sockopt::linger, 0);
    s.connect(ep.at(0));
    zmq::message_t m;
    for (int i = 0; i < 200; ++i) {  // warm-up
      s.send(zmq::buffer(request), zmq::send_flags::none);
      (void)s.recv(m);
    }
    int sent = 0, done = 0;
    auto t0 = Clock::now();
    while (sent < std::min(window, calls)) {
      s.send(zmq::buffer(request), zmq::send_flags::none);
      ++sent;
    }
    while (done < calls) {
      (void)s.recv(m);
      ++done;
      if (sent < calls) {
        s.send(zmq::buffer(request), zmq::send_flags::none);
        ++sent;
      }
    }
    rate = calls / seconds_since(t0);
  }
  stop = true;
  w.join();
  proxy.stop();
  return rate;
}

double raw_point_reads(const std::string& path, int reads, std::size_t records) {
  cedu::sqlite::OpenOptions o;
  o.read_only = true;
  o.create = false;
  auto db = cedu::sqlite::Database::open(path, o).value();
  auto st = db.prepare("SELECT id, town, station, owner, status, version, created_by, created_at,"
                       " updated_by, updated_at, body FROM records WHERE id = ?").value();
  Rng r;
  std::size_t bytes = 0;
  auto t0 = Clock::now();
  for (int i = 0; i < reads; ++i) {
    (void)st.bind(1, static_cast<std::int64_t>(1 + r.below(records)));
    if (st.step().value()) bytes += st.text(10).size();
    st.reset();
  }
  const double rate = reads / seconds_since(t0);
  if (bytes == 0) std::cerr << "raw reads found nothing\n";
  return rate;
}

double raw_autocommit_inserts(const std::string& path, int n) {
  auto db = cedu::sqlite::Database::open(path).value();  // WAL, synchronous=FULL
  (void)db.exec("CREATE TABLE hours(id INTEGER PRIMARY KEY, volunteer_id INTEGER, activity TEXT,"
                " date TEXT, minutes INTEGER, status TEXT)");
  auto st = db.prepare("INSERT INTO hours(volunteer_id, activity, date, minutes, status)"
                       " VALUES(1, '社区讲座服务', '2026-03-07', 120, 'reported')").value();
  auto t0 = Clock::now();
  for (int i = 0; i < n; ++i) {
    (void)st.run();
    st.reset();
  }
  return n / seconds_since(t0);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"library_bench: the resource libraries against raw SQLite and a minimal proxy"};
  std::string proxy_file;
  std::size_t courses = 100000, volunteers = 100000;
  int rounds = 3, gets = 50000, searches = 300, hours = 2000, window = 64;
  bool import_only = false;
  app.add_option("--run-proxy", proxy_file, "internal: run the baseline proxy")->group("");
  app.add_option("--courses", courses, "courses loaded");
  app.add_option("--volunteers", volunteers, "volunteers imported");
  app.add_option("--rounds", rounds, "rounds of the import, get and log_hours measurements");
  app.add_option("--gets", gets, "pipelined course.get calls per round");
  app.add_option("--searches", searches, "course.search calls per query");
  app.add_option("--hours", hours, "volunteer.log_hours calls per round");
  app.add_option("--window", window, "calls in flight when pipelining");
  app.add_flag("--import-only", import_only, "measure only the import against raw inserts");
  CLI11_PARSE(app, argc, argv);
  if (!proxy_file.empty()) return cedu::bench::run_minimal_proxy(proxy_file);

  const std::string self = cedu::bench::this_program();
  const std::string bin = cedu::bench::bin_dir();
  const std::string network = cedu::bench::shipped_network(CEDU_BENCH_SOURCE_DIR);
  cedu::testing::TempDir dir("cedu-library-bench");

  // --- 3. import vs raw batched inserts, each round into fresh files -----------------------
  const std::string vcsv = volunteer_csv(volunteers);
  std::vector<double> import_rates, raw_insert_rates;
  for (int round = 0; round < rounds; ++round) {
    const std::string n = std::to_string(round);
    const double import_s = import_into(dir.file("volunteer-" + n + ".db"),
                                        cedu::volunteer::volunteer_spec(), vcsv);
    const double raw_s = raw_batched_insert(dir.file("raw-volunteers-" + n + ".db"), volunteers);
    import_rates.push_back(static_cast<double>(volunteers) / import_s);
    raw_insert_rates.push_back(static_cast<double>(volunteers) / raw_s);
    std::fprintf(stderr, "round %d: import %.0f rows/s, raw inserts %.0f rows/s (%.3f)\n",
                 round + 1, import_rates.back(), raw_insert_rates.back(), raw_s / import_s);
  }
  auto best = [](const std::vector<double>& v) { return *std::max_element(v.begin(), v.end()); };
  if (import_only) {
    std::printf("| import %zu volunteers (rows/s) vs raw batched inserts | %.0f | %.0f | %.3f | ≥ 0.10 |\n",
                volunteers, best(import_rates), best(raw_insert_rates),
                best(import_rates) / best(raw_insert_rates));
    return 0;
  }

  // --- load -------------------------------------------------------------------------------
  const std::string course_db = dir.file("course.db");
  std::fprintf(stderr, "loading %zu courses...\n", courses);
  (void)import_into(course_db, cedu::course::course_spec(), course_csv(courses));

  // --- 1. course.get ------------------------------------------------------------------------
  std::vector<double> bus_rates, proxy_rates, raw_rates, hours_rates, raw_hours_rates;
  std::string sample_reply;
  std::vector<double> search_p50, search_p99;
  const std::vector<std::string> queries = {"书法", "粤剧", "养生", "中医养生", "太极拳入门", "第1234期"};
  std::map<std::string, std::pair<double, double>> search_figures;
  for (int round = 0; round < rounds; ++round) {
    raw_rates.push_back(raw_point_reads(course_db, gets, courses));
    auto stack = start_stack(bin, dir, round, {{"course", course_db}}, network);
    if (!stack) return 1;
    cedu::ClientOptions o;
    o.endpoint = stack->endpoint;
    auto c = cedu::Client::connect(o).value();
    Rng r;
    auto get_params = [&](int) {
      mp::MapBuilder b;
      b.set("id", static_cast<std::int64_t>(1 + r.below(courses)));
      return b.bytes();
    };
    if (sample_reply.empty()) sample_reply = c->call("course", "get", get_params(0)).value().bytes();
    (void)pipelined(stack->endpoint, "course", "get", 2000, window, get_params);  // warm-up
    bus_rates.push_back(pipelined(stack->endpoint, "course", "get", gets, window, get_params));
    if (round == 0) {
      for (const auto& q : queries) {
        std::vector<double> us;
        mp::MapBuilder b;
        b.set("q", q).set("limit", 20);
        const std::string p = b.bytes();
        for (int i = 0; i < searches; ++i) {
          auto t0 = Clock::now();
          auto reply = c->call("course", "search", p);
          if (!reply.ok()) {
            std::cerr << "search " << q << ": " << reply.status().to_string() << "\n";
            return 1;
          }
          us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
        }
        search_figures[q] = {percentile(us, 0.5), percentile(us, 0.99)};
      }
    }
    for (auto& s : stack->services) s.stop();
    stack->bus.stop();
    mp::MapBuilder get;
    get.set("id", 1);
    proxy_rates.push_back(proxy_throughput(self, dir, round, get.bytes(), sample_reply, gets, window));
    std::fprintf(stderr, "round %d: course.get bus %.0f/s, proxy %.0f/s, raw %.0f/s\n", round + 1,
                 bus_rates.back(), proxy_rates.back(), raw_rates.back());
  }

  // --- 4. durable log_hours -----------------------------------------------------------------
  for (int round = 0; round < rounds; ++round) {
    const std::string vdb = dir.file("hours-" + std::to_string(round) + ".db");
    (void)import_into(vdb, cedu::volunteer::volunteer_spec(), volunteer_csv(10));
    raw_hours_rates.push_back(raw_autocommit_inserts(dir.file("raw-hours-" + std::to_string(round) + ".db"), hours));
    auto stack = start_stack(bin, dir, 100 + round, {{"volunteer", vdb}}, network);
    if (!stack) return 1;
    auto params = [](int i) {
      // Ten volunteers, two hours a day each, spread over the days of 2025.
      char date[16];
      std::snprintf(date, sizeof date, "2025-%02d-%02d", 1 + (i / 10) / 28 % 12, 1 + (i / 10) % 28);
      mp::MapBuilder b;
      b.set("volunteer_id", 1 + i % 10).set("activity", "社区讲座服务").set("date", std::string(date))
          .set("hours", 2);
      return b.bytes();
    };
    hours_rates.push_back(pipelined(stack->endpoint, "volunteer", "log_hours", hours, 16, params));
    for (auto& s : stack->services) s.stop();
    stack->bus.stop();
    std::fprintf(stderr, "round %d: log_hours bus %.0f/s, raw autocommit %.0f/s\n", round + 1,
                 hours_rates.back(), raw_hours_rates.back());
  }

  std::printf("\n| measurement | cedu | baseline | ratio | target |\n|---|---:|---:|---:|---:|\n");
  std::printf("| course.get pipelined (calls/s) vs minimal proxy | %.0f | %.0f | %.2f | ≥ 0.40 |\n",
              best(bus_rates), best(proxy_rates), best(bus_rates) / best(proxy_rates));
  std::printf("| course.get pipelined (calls/s) vs raw SQLite point reads | %.0f | %.0f | %.3f | — |\n",
              best(bus_rates), best(raw_rates), best(bus_rates) / best(raw_rates));
  std::printf("| import %zu volunteers (rows/s) vs raw batched inserts | %.0f | %.0f | %.3f | ≥ 0.10 |\n",
              volunteers, best(import_rates), best(raw_insert_rates),
              best(import_rates) / best(raw_insert_rates));
  std::printf("| volunteer.log_hours durable (writes/s) vs raw autocommit FULL | %.0f | %.0f | %.2f | ≥ 0.50 |\n",
              best(hours_rates), best(raw_hours_rates), best(hours_rates) / best(raw_hours_rates));
  std::printf("\n| course.search query | p50 (µs) | p99 (µs) |\n|---|---:|---:|\n");
  for (const auto& q : queries) {
    std::printf("| %s | %.0f | %.0f |\n", q.c_str(), search_figures[q].first, search_figures[q].second);
  }
  return 0;
}
