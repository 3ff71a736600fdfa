// bus_bench: cedu-bus against a minimal hand-written ZeroMQ proxy, measured in the same run
// on the same machine (DESIGN.md §7). Same 200-byte payload, one client, one worker:
//   - pipelined throughput, window 64;
//   - synchronous round-trip latency, p50 and p99.
// Both brokers run as their own processes; client and worker are threads of this process
// written the same way for both. Rounds alternate (proxy, bus, proxy, bus, ...). Throughput
// is the best round of each broker: on a shared machine interference only ever slows a
// round down, so the best round is the steadiest estimate of what each can do (the medians
// are printed too). Latency is the median of the rounds' percentiles.
// A third row measures the full SDK path (cedu::Client + cedu::Service) for information.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "bench/bench_paths.h"
#include "bench/minimal_proxy.h"
#include "bus/client/client.h"
#include "bus/protocol/frames.h"
#include "bus/protocol/socket_options.h"
#include "bus/runtime/service.h"
#include "bus/security/curve_keys.h"
#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"
#include "common/testing/temp_dir.h"
#include "tests/support/process.h"

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
namespace protocol = cedu::protocol;
namespace mp = cedu::mp;

struct Figures {
  double throughput = 0;  // round trips per second
  double p50_us = 0;
  double p99_us = 0;
};

// The 200-byte payload: a MessagePack map, so the same bytes are valid params for cedu-bus.
std::string payload() {
  mp::MapBuilder b;
  b.set("data", std::string(193, 'x'));
  std::string p = b.bytes();
  return p;  // 1 (map) + 5 ("data") + 2 (str8 header) + 193 = 201 bytes
}

double percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
}

// A transport: how the client sends one request and receives one reply.
struct ClientSide {
  virtual ~ClientSide() = default;
  virtual void send(std::uint64_t id) = 0;
  virtual void recv() = 0;
};

Figures measure(ClientSide& c, int messages, int round_trips, int window) {
  Figures f;
  // Warm-up.
  for (int i = 0; i < 200; ++i) {
    c.send(i);
    c.recv();
  }
  // Pipelined throughput.
  std::uint64_t next = 1000;
  auto t0 = Clock::now();
  int in_flight = 0, done = 0;
  while (in_flight < window && next - 1000 < static_cast<std::uint64_t>(messages)) {
    c.send(next++);
    ++in_flight;
  }
  while (done < messages) {
    c.recv();
    ++done;
    --in_flight;
    if (next - 1000 < static_cast<std::uint64_t>(messages)) {
      c.send(next++);
      ++in_flight;
    }
  }
  f.throughput = messages / std::chrono::duration<double>(Clock::now() - t0).count();
  // Synchronous latency.
  std::vector<double> us;
  us.reserve(static_cast<std::size_t>(round_trips));
  for (int i = 0; i < round_trips; ++i) {
    auto s = Clock::now();
    c.send(next++);
    c.recv();
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - s).count());
  }
  f.p50_us = percentile(us, 0.50);
  f.p99_us = percentile(us, 0.99);
  return f;
}

// --- Baseline: minimal proxy -----------------------------------------------------------

struct ProxyClient : ClientSide {
  zmq::socket_t s;
  std::string body = payload();
  ProxyClient(zmq::context_t& ctx, const std::string& ep) : s(ctx, zmq::socket_type::dealer) {
    s.connect(ep);
  }
  void send(std::uint64_t) override { s.send(zmq::buffer(body), zmq::send_flags::none); }
  void recv() override {
    zmq::message_t m;
    (void)s.recv(m);
  }
};

void proxy_worker(zmq::context_t& ctx, const std::string& ep, std::atomic<bool>& stop) {
  zmq::socket_t s(ctx, zmq::socket_type::dealer);
  s.set(zmq::sockopt::rcvtimeo, 100);
  s.connect(ep);
  s.send(zmq::str_buffer("hello"), zmq::send_flags::none);
  std::vector<zmq::message_t> frames;
  while (!stop) {
    frames.clear();
    if (!zmq::recv_multipart(s, std::back_inserter(frames))) continue;
    s.send(frames[0], zmq::send_flags::sndmore);  // client routing id
    s.send(frames[1], zmq::send_flags::none);     // payload, echoed
  }
}

// --- cedu-bus, raw CEDU01 peers --------------------------------------------------------

struct BusClient : ClientSide {
  zmq::socket_t s;
  std::string body = payload();
  std::string header;  // packed once; only the id's 8 bytes change per request
  std::size_t id_offset = 0;
  std::vector<zmq::message_t> frames;
  BusClient(zmq::context_t& ctx, const std::string& ep,
            const std::optional<cedu::CurveCredentials>& curve = std::nullopt)
      : s(ctx, zmq::socket_type::dealer) {
    if (curve) protocol::configure_curve_client(s, *curve);
    s.connect(ep);
    mp::MapBuilder h;
    h.set("service", "bench").set("method", "echo").set("timeout_ms", 10000u);
    header = h.bytes();
    header[0] = static_cast<char>(0x84);  // fixmap of 4: the id follows
    header += mp::pack("id");
    id_offset = header.size();
    header += std::string("\xcf", 1) + std::string(8, '\0');  // uint64, big-endian
  }
  void send(std::uint64_t id) override {
    for (int i = 0; i < 8; ++i) {
      header[id_offset + 1 + static_cast<std::size_t>(i)] = static_cast<char>(id >> (56 - 8 * i));
    }
    while (protocol::send(s, {}, protocol::Command::kRequest, header, std::string_view(body)) ==
           protocol::SendResult::kWouldBlock) {
    }
  }
  void recv() override {
    frames.clear();
    (void)zmq::recv_multipart(s, std::back_inserter(frames));
  }
};

void bus_worker(zmq::context_t& ctx, const std::string& ep, std::atomic<bool>& stop,
                std::optional<cedu::CurveCredentials> curve) {
  // Same shape as proxy_worker: a blocking receive with a timeout, then echo.
  zmq::socket_t s(ctx, zmq::socket_type::dealer);
  s.set(zmq::sockopt::rcvtimeo, 100);
  if (curve) protocol::configure_curve_client(s, *curve);
  s.connect(ep);
  mp::MapBuilder ready;
  ready.set("service", "bench").set("capacity", 64u).set("instance", "bench-worker");
  protocol::send(s, {}, protocol::Command::kReady, ready.bytes());
  mp::MapBuilder hb;
  hb.set("service", "bench");
  const std::string heartbeat = hb.bytes();
  auto next_hb = Clock::now() + 500ms;
  std::vector<zmq::message_t> frames;
  msgpack::zone zone(1024);
  std::uint64_t handled = 0;
  while (!stop) {
    if (++handled % 256 == 0 && Clock::now() >= next_hb) {
      protocol::send(s, {}, protocol::Command::kHeartbeat, heartbeat);
      next_hb = Clock::now() + 500ms;
    }
    frames.clear();
    if (!zmq::recv_multipart(s, std::back_inserter(frames))) {
      handled = 255;  // idle: check the heartbeat clock now
      continue;
    }
    auto parsed = protocol::parse(frames, 0, &zone);
    auto* m = std::get_if<protocol::Message>(&parsed);
    if (m == nullptr || m->command != protocol::Command::kRequest) continue;
    const std::uint64_t id = m->header().uint64("id").value_or(0);
    protocol::send(s, {}, protocol::Command::kReply, protocol::reply_header(id, cedu::Status::ok()),
                   &m->body);
  }
}

// --- cedu SDK: Client + Service ---------------------------------------------------------

struct SdkClient : ClientSide {
  std::unique_ptr<cedu::Client> c;
  std::string body = payload();
  int received = 0;  // replies arrived (several may arrive in one poll)
  int consumed = 0;  // replies recv() has handed out
  explicit SdkClient(const std::string& ep) {
    cedu::ClientOptions o;
    o.endpoint = ep;
    c = cedu::Client::connect(o).value();
  }
  void send(std::uint64_t) override {
    c->call_async("bench", "echo", body, [this](cedu::Result<cedu::Reply>) { ++received; });
  }
  void recv() override {
    while (received <= consumed) c->poll(1ms);
    ++consumed;
  }
};

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

// Starts cedu-bus on an ephemeral port with `extra` arguments; returns the process and the
// endpoint it bound, or nullopt (after saying so) when it did not start.
std::optional<std::pair<cedu::testing::Process, std::string>> start_bus(
    const std::string& bin_dir, const std::string& endpoint_file, const std::string& events_db,
    const std::vector<std::string>& extra) {
  std::vector<std::string> argv{bin_dir + "/cedu-bus", "--endpoint", "tcp://127.0.0.1:0",
                                "--endpoint-file", endpoint_file, "--events-db", events_db,
                                "--log-level", "warn"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  auto bus = cedu::testing::Process::spawn(argv);
  auto ep = cedu::testing::wait_for_file(endpoint_file, 5s);
  if (!ep) {
    std::cerr << "cedu-bus did not start (" << endpoint_file << ")\n";
    return std::nullopt;
  }
  return std::make_pair(std::move(bus), *ep);
}

// Best throughput; median p50 and p99.
Figures summary(std::vector<Figures> v) {
  auto pick = [&](auto member) {
    std::vector<double> x;
    for (auto& f : v) x.push_back(f.*member);
    std::sort(x.begin(), x.end());
    return x[x.size() / 2];
  };
  double best = 0;
  for (auto& f : v) best = std::max(best, f.throughput);
  return {best, pick(&Figures::p50_us), pick(&Figures::p99_us)};
}

void print_row(const char* name, const Figures& f) {
  std::printf("| %-28s | %12.0f | %9.1f | %9.1f |\n", name, f.throughput, f.p50_us, f.p99_us);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"bus_bench: cedu-bus vs a minimal ZeroMQ proxy, same run"};
  std::string proxy_file;
  int messages = 100000, round_trips = 10000, rounds = 5, window = 64;
  bool sdk = true;
  bool skip_proxy = false;
  bool curve = true;
  app.add_option("--run-proxy", proxy_file, "internal: run the baseline proxy")->group("");
  app.add_option("--messages", messages, "pipelined round trips per throughput measurement");
  app.add_option("--round-trips", round_trips, "synchronous round trips per latency measurement");
  app.add_option("--rounds", rounds, "alternating rounds per broker");
  app.add_option("--window", window, "requests in flight for the throughput measurement");
  app.add_flag("!--no-sdk", sdk, "skip the Client+Service row");
  app.add_flag("--skip-proxy", skip_proxy, "measure cedu-bus only (for profiling; no ratios)");
  app.add_flag("!--no-curve", curve, "skip the cedu-bus-with-CURVE row");
  CLI11_PARSE(app, argc, argv);
  if (!proxy_file.empty()) return cedu::bench::run_minimal_proxy(proxy_file);

  const std::string self = cedu::bench::this_program();
  const std::string bin_dir = cedu::bench::bin_dir();
  cedu::testing::TempDir dir("cedu-bench");

  // CURVE: keys for the broker, the client (district-admin) and the worker (service:bench).
  const std::string keys = dir.file("keys");
  const auto client_keys = cedu::security::generate_keypair().value();
  const auto worker_keys = cedu::security::generate_keypair().value();
  const auto broker_keys = cedu::security::load_or_create_keypair(keys, "cedu-bus").value();
  std::ofstream(dir.file("acl.yaml"))
      << "principals:\n  - principal: district-admin\n    keys: [\"" << client_keys.public_key
      << "\"]\n    methods: [\"bench.*\"]\n  - principal: service:bench\n    keys: [\""
      << worker_keys.public_key << "\"]\n";
  const cedu::CurveCredentials client_curve{broker_keys.public_key, client_keys.public_key,
                                            client_keys.secret_key};
  const cedu::CurveCredentials worker_curve{broker_keys.public_key, worker_keys.public_key,
                                            worker_keys.secret_key};

  std::vector<Figures> proxy_runs, bus_runs, sdk_runs, curve_runs;
  for (int round = 0; round < rounds; ++round) {
    if (!skip_proxy) {  // baseline
      const std::string file = dir.file("proxy-" + std::to_string(round));
      auto proxy = cedu::testing::Process::spawn({self, "--run-proxy", file});
      auto eps = cedu::testing::wait_for_file(file, 5s);
      if (!eps) return 1;
      auto ep = lines(*eps);
      zmq::context_t ctx(1);
      std::atomic<bool> stop{false};
      std::thread w(proxy_worker, std::ref(ctx), ep.at(1), std::ref(stop));
      std::this_thread::sleep_for(100ms);
      {
        ProxyClient c(ctx, ep.at(0));
        c.s.set(zmq::sockopt::linger, 0);
        proxy_runs.push_back(measure(c, messages, round_trips, window));
      }
      stop = true;
      w.join();
      proxy.stop();
    }
    {  // cedu-bus
      auto started = start_bus(bin_dir, dir.file("bus-" + std::to_string(round)),
                               dir.file("events.db"), {"--insecure"});
      if (!started) return 1;
      auto& [bus, endpoint] = *started;
      zmq::context_t ctx(1);
      std::atomic<bool> stop{false};
      std::thread w(bus_worker, std::ref(ctx), endpoint, std::ref(stop), std::nullopt);
      std::this_thread::sleep_for(100ms);
      {
        BusClient c(ctx, endpoint);
        c.s.set(zmq::sockopt::linger, 0);
        bus_runs.push_back(measure(c, messages, round_trips, window));
      }
      if (sdk) {
        cedu::ServiceOptions so;
        so.name = "bench";
        so.endpoint = endpoint;
        so.handle_signals = false;
        so.capacity = 64;
        cedu::Service svc(so);
        svc.handle("echo", [](const cedu::Request& r) -> cedu::Result<std::string> {
          return mp::pack(r.params.object());
        });
        stop = true;  // retire the raw worker; the SDK service takes over
        w.join();
        std::thread st([&svc] { svc.run(); });
        std::this_thread::sleep_for(300ms);
        {
          SdkClient c(endpoint);
          sdk_runs.push_back(measure(c, messages / 2, round_trips / 2, window));
        }
        svc.stop();
        st.join();
      } else {
        stop = true;
        w.join();
      }
      bus.stop();
    }
    if (curve) {  // cedu-bus with CURVE and an access list
      auto started = start_bus(bin_dir, dir.file("curve-" + std::to_string(round)),
                               dir.file("events.db"),
                               {"--curve-keys", keys, "--acl", dir.file("acl.yaml")});
      if (!started) return 1;
      auto& [bus, endpoint] = *started;
      zmq::context_t ctx(1);
      std::atomic<bool> stop{false};
      std::thread w(bus_worker, std::ref(ctx), endpoint, std::ref(stop), worker_curve);
      std::this_thread::sleep_for(200ms);
      {
        BusClient c(ctx, endpoint, client_curve);
        c.s.set(zmq::sockopt::linger, 0);
        curve_runs.push_back(measure(c, messages, round_trips, window));
      }
      stop = true;
      w.join();
      bus.stop();
    }
    if (!skip_proxy) {
      std::fprintf(stderr, "round %d/%d: proxy %.0f/s p50 %.1f us | cedu-bus %.0f/s p50 %.1f us\n",
                   round + 1, rounds, proxy_runs.back().throughput, proxy_runs.back().p50_us,
                   bus_runs.back().throughput, bus_runs.back().p50_us);
    }
  }

  if (skip_proxy) proxy_runs = bus_runs;  // no baseline: ratios below read 1.00
  const Figures p = summary(proxy_runs), b = summary(bus_runs);
  auto median_throughput = [](std::vector<Figures> v) {
    std::sort(v.begin(), v.end(),
              [](const Figures& x, const Figures& y) { return x.throughput < y.throughput; });
    return v[v.size() / 2].throughput;
  };
  std::printf("payload %zu bytes, window %d, %d pipelined + %d synchronous round trips, "
              "%d rounds: best throughput, median latency\n\n",
              payload().size(), window, messages, round_trips, rounds);
  std::printf("| %-28s | %12s | %9s | %9s |\n", "path", "round trips/s", "p50 µs", "p99 µs");
  std::printf("|------------------------------|--------------|-----------|-----------|\n");
  print_row("minimal proxy (baseline)", p);
  print_row("cedu-bus", b);
  if (sdk) print_row("cedu-bus via Client+Service", summary(sdk_runs));
  if (curve) print_row("cedu-bus with CURVE", summary(curve_runs));
  const double tput_ratio = b.throughput / p.throughput;
  const double median_ratio = median_throughput(bus_runs) / median_throughput(proxy_runs);
  const double p50_ratio = b.p50_us / p.p50_us;
  std::printf("\nthroughput ratio cedu-bus/proxy: %.2f (target >= 0.80) %s\n", tput_ratio,
              tput_ratio >= 0.8 ? "MET" : "MISSED");
  std::printf("  (ratio of median rounds, for reference: %.2f)\n", median_ratio);
  std::printf("p50 latency ratio cedu-bus/proxy: %.2f (target <= 1.25) %s\n", p50_ratio,
              p50_ratio <= 1.25 ? "MET" : "MISSED");
  if (curve) {
    const double curve_ratio = summary(curve_runs).throughput / b.throughput;
    std::printf("throughput ratio CURVE/plain cedu-bus: %.2f (target >= 0.70) %s\n", curve_ratio,
                curve_ratio >= 0.7 ? "MET" : "MISSED");
  }
  return 0;
}
