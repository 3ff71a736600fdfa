#include "tests/faults/fault_support.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>
#include <thread>

#include "common/msgpack/builder.h"
#include "common/msgpack/fields.h"
#include "common/sqlite/database.h"

namespace cedu::testing {

CliRun run_cedu(const std::vector<std::string>& args, const std::string& log,
                std::chrono::milliseconds timeout) {
  std::vector<std::string> argv{binary("cedu")};
  argv.insert(argv.end(), args.begin(), args.end());
  Process p = Process::spawn(argv, log);
  CliRun r;
  r.exit_code = p.wait(timeout).value_or(-1);
  r.output = read_file(log);
  return r;
}

std::string free_endpoint() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot bind a loopback port");
  }
  ::close(fd);
  return "tcp://127.0.0.1:" + std::to_string(ntohs(a.sin_port));
}

Process start_plain_broker(const std::string& endpoint, const std::string& events_db,
                           const std::string& dir, int heartbeat_ms, std::string& bound) {
  static int started = 0;
  const std::string n = std::to_string(++started);
  const std::string endpoint_file = dir + "/broker-endpoint-" + n;
  Process p = Process::spawn({binary("cedu-bus"), "--insecure", "--endpoint", endpoint,
                              "--endpoint-file", endpoint_file, "--events-db", events_db,
                              "--heartbeat-ms", std::to_string(heartbeat_ms)},
                             dir + "/cedu-bus-" + n + ".log");
  auto got = wait_for_file(endpoint_file, std::chrono::seconds(10));
  if (!got) throw std::runtime_error("cedu-bus did not come up (see " + dir + "/cedu-bus-" + n + ".log)");
  bound = *got;
  return p;
}

std::unique_ptr<Client> plain_client(const std::string& endpoint, int heartbeat_ms) {
  ClientOptions o;
  o.endpoint = endpoint;
  o.heartbeat_interval = std::chrono::milliseconds(heartbeat_ms);
  return std::move(Client::connect(o)).value();
}

std::int64_t wait_for_count(Client& client, const std::string& service,
                            std::chrono::milliseconds timeout) {
  mp::MapBuilder params;
  params.set("group_by", "town");
  CallOptions o;
  o.timeout = std::chrono::milliseconds(1000);
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    auto r = client.call(service, "count", params.bytes(), o);
    if (r.ok()) return mp::MapView::of(r->result()).value().int64("total").value();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return -1;
}

namespace {

sqlite::Database open_read_only(const std::string& db) {
  sqlite::OpenOptions o;
  o.read_only = true;
  o.create = false;
  auto opened = sqlite::Database::open(db, o);
  if (!opened.ok()) throw std::runtime_error(opened.status().to_string());
  return std::move(opened).value();
}

}  // namespace

std::int64_t sqlite_int(const std::string& db, const std::string& sql) {
  sqlite::Database d = open_read_only(db);
  auto st = d.prepare(sql);
  if (!st.ok()) throw std::runtime_error(st.status().to_string());
  auto row = st->step();
  if (!row.ok() || !*row) throw std::runtime_error(db + ": no row for " + sql);
  return st->int64(0);
}

std::string sqlite_integrity(const std::string& db) {
  sqlite::Database d = open_read_only(db);
  auto r = d.integrity_check();
  return r.ok() ? *r : r.status().to_string();
}

std::string sha256sum(const std::string& path) {
  const std::string out = path + ".sha256sum";
  Process p = Process::spawn({"/usr/bin/sha256sum", path}, out);
  if (p.wait(std::chrono::seconds(30)).value_or(-1) != 0) throw std::runtime_error("sha256sum " + path + " failed");
  const std::string line = read_file(out);
  std::remove(out.c_str());
  return line.substr(0, 64);
}

}  // namespace cedu::testing
