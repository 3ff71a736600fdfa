#include "bus/runtime/service.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>

#include <spdlog/spdlog.h>
#include <zmq.hpp>

#include "bus/protocol/frames.h"
#include "bus/protocol/last_error.h"
#include "bus/protocol/socket_options.h"
#include "common/msgpack/builder.h"
#include "common/signals.h"

namespace cedu {
namespace {

using protocol::Command;
using Clock = std::chrono::steady_clock;
namespace field = protocol::field;

std::atomic<bool> g_signalled{false};

void on_signal(int) { g_signalled.store(true); }

// Outbox message kinds, handler threads → I/O thread.
constexpr char kOutReply = 'R';
constexpr char kOutPublish = 'P';

struct Job {
  std::uint64_t id = 0;
  std::string method;
  std::string principal;
  std::vector<std::string> rights;
  std::optional<std::string> idempotency_key;
  std::uint32_t attempt = 1;
  Clock::time_point deadline;
  zmq::message_t params;
};

// The broker's `rights` stamp: an array of strings; anything else counts as no rights.
std::vector<std::string> rights_from(const mp::MapView& header) {
  std::vector<std::string> rights;
  const msgpack::object* o = header.find(protocol::field::kRights);
  if (o == nullptr || o->type != msgpack::type::ARRAY) return rights;
  for (std::uint32_t i = 0; i < o->via.array.size; ++i) {
    const msgpack::object& r = o->via.array.ptr[i];
    if (r.type == msgpack::type::STR) rights.emplace_back(r.via.str.ptr, r.via.str.size);
  }
  return rights;
}

std::string default_instance() {
  char host[256] = {0};
  gethostname(host, sizeof(host) - 1);
  return std::string(host) + ":" + std::to_string(getpid());
}

}  // namespace

struct Service::Impl {
  ServiceOptions options;
  std::map<std::string, Handler> handlers;
  std::set<std::string, std::less<>> inline_methods;  // Dispatch::kInline
  std::function<Status()> before_reply;                // see Service::before_reply
  zmq::context_t context{1};
  std::string outbox_endpoint;
  std::unique_ptr<zmq::socket_t> socket;  // DEALER to the broker; I/O thread only
  std::unique_ptr<zmq::socket_t> inbox;   // PULL; I/O thread only
  std::mutex outbox_mutex;                // guards `outbox`, used by any thread
  std::unique_ptr<zmq::socket_t> outbox;  // PUSH to `inbox`

  std::mutex jobs_mutex;
  std::condition_variable jobs_cv;
  std::deque<Job> jobs;
  bool closing = false;
  std::vector<std::thread> threads;

  std::atomic<bool> stop_requested{false};
  std::atomic<std::uint64_t> handled{0};
  std::set<std::uint64_t> in_flight;  // I/O thread only
  Clock::time_point started = Clock::now();
  const std::uint64_t started_ms = protocol::unix_now_ms();
  std::mutex last_error_mutex;  // guards last_error, set from any thread
  std::optional<protocol::LastError> last_error;
  Clock::time_point last_heard;
  Clock::time_point next_heartbeat;
  // After the broker says DISCONNECT the worker registers again, at once the first time and
  // then with a doubling delay while the broker keeps refusing it (a wrong key, say), so a
  // refused worker does not flood the broker.
  std::optional<Clock::time_point> reconnect_at;
  std::chrono::milliseconds backoff{0};
  std::vector<zmq::message_t> frames;

  std::chrono::milliseconds expiry() const {
    return options.heartbeat_interval * options.heartbeat_liveness;
  }

  void push_out(char kind, std::string_view header, std::string_view body) {
    std::lock_guard<std::mutex> lock(outbox_mutex);
    outbox->send(zmq::buffer(&kind, 1), zmq::send_flags::sndmore);
    outbox->send(zmq::buffer(header.data(), header.size()), zmq::send_flags::sndmore);
    outbox->send(zmq::buffer(body.data(), body.size()), zmq::send_flags::none);
  }

  void connect_broker() {
    socket = std::make_unique<zmq::socket_t>(context, zmq::socket_type::dealer);
    protocol::configure_dealer(*socket, protocol::SocketLimits{});
    if (options.curve) protocol::configure_curve_client(*socket, *options.curve);
    socket->connect(options.endpoint);
    mp::MapBuilder ready;
    ready.set(field::kService, options.name)
        .set(field::kCapacity, options.capacity)
        .set(field::kInstance, options.instance)
        .set(field::kVersion, options.version)
        .set(field::kPid, static_cast<std::uint64_t>(getpid()))
        .set(field::kStartedMs, started_ms);
    protocol::send(*socket, {}, Command::kReady, ready.bytes());
    const auto now = Clock::now();
    last_heard = now;
    next_heartbeat = now + options.heartbeat_interval;
    in_flight.clear();  // the old connection's requests died with it at the broker
  }

  // A worker silent for the broker's liveness × interval is declared dead: beat at least
  // as often as the broker says it does.
  void adopt_heartbeat(const mp::MapView& h) {
    auto hb = h.optional_uint64(field::kHeartbeatMs);
    if (!hb.ok() || !hb->has_value() || **hb == 0) return;
    const std::chrono::milliseconds broker_interval(**hb);
    if (broker_interval < options.heartbeat_interval) {
      spdlog::info("adopting the broker's heartbeat interval of {} ms", broker_interval.count());
      options.heartbeat_interval = broker_interval;
      next_heartbeat = std::min(next_heartbeat, Clock::now() + broker_interval);
    }
  }

  void send_heartbeat() {
    mp::MapBuilder h;
    h.set(field::kService, options.name);  // tells a restarted broker we are a worker
    protocol::send(*socket, {}, Command::kHeartbeat, h.bytes());
  }

  // Handler threads ------------------------------------------------------------------
  void worker_loop() {
    while (true) {
      Job job;
      {
        std::unique_lock<std::mutex> lock(jobs_mutex);
        jobs_cv.wait(lock, [&] { return closing || !jobs.empty(); });
        if (jobs.empty()) return;  // closing and nothing left
        job = std::move(jobs.front());
        jobs.pop_front();
      }
      run_job(job);
    }
  }

  void run_job(Job& job) {
    Result<std::string> result = Status::internal("not run");
    if (Clock::now() >= job.deadline) {
      result = Status::deadline_exceeded("deadline passed before the handler started");
    } else {
      result = invoke(job);
    }
    if (before_reply) {
      if (Status s = before_reply(); !s.is_ok()) {
        spdlog::error("{}.{}: {}", options.name, job.method, s.to_string());
        if (result.ok()) result = std::move(s);
      }
    }
    handled.fetch_add(1);
    fit_reply(job, result);
    const Status status = result.status();
    note(status, job.method);
    push_out(kOutReply, protocol::reply_header(job.id, status),
             status.is_ok() ? std::string_view(*result) : protocol::nil_body());
  }

  // Remembers the newest failure of this process's own for `health` (protocol/last_error.h).
  void note(const Status& status, const std::string& method) {
    if (status.is_ok() || !protocol::is_own_failure(status.code())) return;
    std::lock_guard<std::mutex> lock(last_error_mutex);
    last_error = protocol::last_error_of(status, options.name + "." + method);
  }

  // A result too big for the bus becomes an error the caller gets at once.
  void fit_reply(const Job& job, Result<std::string>& result) const {
    if (result.ok() && options.max_reply_bytes > 0 && result->size() > options.max_reply_bytes) {
      spdlog::warn("{}.{}: reply of {} bytes is above the bus's limit of {}", options.name,
                   job.method, result->size(), options.max_reply_bytes);
      result = Status::resource_exhausted(
          options.name + "." + job.method + ": the reply would be " +
          std::to_string(result->size()) + " bytes, above the bus's limit of " +
          std::to_string(options.max_reply_bytes) +
          " (bus.max_message_bytes); ask for less (filters, paging)");
    }
  }

  Result<std::string> invoke(Job& job) {
    auto it = handlers.find(job.method);
    if (it == handlers.end()) {
      return Status::not_found(options.name + " has no method '" + job.method + "'", "method");
    }
    std::string_view bytes(static_cast<const char*>(job.params.data()), job.params.size());
    auto handle = mp::unpack(bytes, "params");
    if (!handle.ok()) return handle.status();
    auto params = mp::MapView::of(handle->get(), "params");
    if (!params.ok()) return params.status();
    Request req{options.name, job.method, *params, job.principal, job.rights, job.deadline,
                job.idempotency_key, job.attempt};
    try {
      return it->second(req);
    } catch (const std::exception& e) {
      // The details go to the service's log, not to a caller who may be a third party.
      spdlog::error("{}.{} threw: {}", options.name, job.method, e.what());
      return Status::internal(options.name + "." + job.method +
                              " failed with an internal error (see the service log)");
    } catch (...) {
      spdlog::error("{}.{} threw a non-exception", options.name, job.method);
      return Status::internal(options.name + "." + job.method + " failed");
    }
  }

  // I/O thread -----------------------------------------------------------------------
  std::string health() {
    std::size_t queued = 0;
    {
      std::lock_guard<std::mutex> lock(jobs_mutex);
      queued = jobs.size();
    }
    mp::MapBuilder r;
    r.set("status", "ok")
        .set("service", options.name)
        .set("instance", options.instance)
        .set("version", options.version)
        .set("uptime_s", static_cast<std::uint64_t>(
                             std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - started)
                                 .count()))
        .set("in_flight", static_cast<std::uint64_t>(in_flight.size()))
        .set("handled", handled.load())
        .set("threads", options.threads)
        .set("pid", static_cast<std::uint64_t>(getpid()))
        .set("started_ms", started_ms)
        .set("queue", static_cast<std::uint64_t>(queued));
    std::lock_guard<std::mutex> lock(last_error_mutex);
    protocol::set_last_error(r, "last_error", last_error);
    return r.bytes();
  }

  void on_request(protocol::Message& m) {
    const mp::MapView h = m.header();
    auto id = h.uint64(field::kId);
    auto method = h.string(field::kMethod);
    if (!id.ok() || !method.ok()) {
      spdlog::warn("malformed REQUEST from broker ignored");
      return;
    }
    if (*method == "health") {
      handled.fetch_add(1);
      protocol::send(*socket, {}, Command::kReply, protocol::reply_header(*id, Status::ok()),
                     std::string_view(health()));
      return;
    }
    Job job;
    job.id = *id;
    job.method = std::move(*method);
    job.principal = h.optional_string(field::kPrincipal).value_or(std::nullopt).value_or("");
    job.rights = rights_from(h);
    job.idempotency_key = h.optional_string(field::kIdempotencyKey).value_or(std::nullopt);
    job.attempt = static_cast<std::uint32_t>(
        h.optional_uint64(field::kAttempt).value_or(std::nullopt).value_or(1));
    job.deadline = Clock::now() + std::chrono::milliseconds(
                                      h.optional_uint64(field::kDeadlineMs)
                                          .value_or(std::nullopt)
                                          .value_or(protocol::kDefaultTimeoutMs));
    job.params = std::move(m.body);
    if (inline_methods.count(job.method) > 0) {
      Result<std::string> result = Clock::now() >= job.deadline
                                       ? Result<std::string>(Status::deadline_exceeded(
                                             "deadline passed before the handler started"))
                                       : invoke(job);
      handled.fetch_add(1);
      fit_reply(job, result);
      const Status status = result.status();
      note(status, job.method);
      protocol::send(*socket, {}, Command::kReply, protocol::reply_header(job.id, status),
                     status.is_ok() ? std::string_view(*result) : protocol::nil_body());
      return;
    }
    in_flight.insert(job.id);
    {
      std::lock_guard<std::mutex> lock(jobs_mutex);
      jobs.push_back(std::move(job));
    }
    jobs_cv.notify_one();
  }

  void from_broker(const Clock::time_point now) {
    while (true) {
      frames.clear();
      auto got = zmq::recv_multipart(*socket, std::back_inserter(frames), zmq::recv_flags::dontwait);
      if (!got) return;
      last_heard = now;
      auto parsed = protocol::parse(frames, 0);
      auto* m = std::get_if<protocol::Message>(&parsed);
      if (m == nullptr) continue;
      switch (m->command) {
        case Command::kRequest:
          backoff = std::chrono::milliseconds(0);  // registered and served
          on_request(*m);
          break;
        case Command::kDisconnect:
          schedule_reconnect(now);
          return;
        case Command::kError: {
          auto msg = m->header().optional_string(field::kMessage);
          spdlog::error("broker refused a message: {}",
                        msg.ok() ? msg->value_or("") : std::string("(unreadable)"));
          break;
        }
        case Command::kHeartbeat:
          backoff = std::chrono::milliseconds(0);
          adopt_heartbeat(m->header());
          break;
        default: break;
      }
    }
  }

  void from_handlers() {
    while (true) {
      frames.clear();
      auto got = zmq::recv_multipart(*inbox, std::back_inserter(frames), zmq::recv_flags::dontwait);
      if (!got) return;
      if (frames.size() != 3 || frames[0].size() != 1) continue;
      const char kind = *static_cast<const char*>(frames[0].data());
      std::string_view header(static_cast<const char*>(frames[1].data()), frames[1].size());
      if (kind == kOutReply) {
        auto h = mp::unpack(header, "header");
        if (h.ok()) {
          auto id = mp::MapView::of(h->get()).value().uint64(field::kId);
          if (id.ok()) in_flight.erase(*id);
        }
        protocol::send(*socket, {}, Command::kReply, header, &frames[2]);
      } else if (kind == kOutPublish) {
        protocol::send(*socket, {}, Command::kPublish, header, &frames[2]);
      }
    }
  }

  bool poll(std::chrono::milliseconds wait) {
    zmq::pollitem_t items[] = {{socket->handle(), 0, ZMQ_POLLIN, 0},
                               {inbox->handle(), 0, ZMQ_POLLIN, 0}};
    try {
      zmq::poll(items, 2, wait);
    } catch (const zmq::error_t& e) {
      if (e.num() != EINTR) throw;
      return false;
    }
    const auto now = Clock::now();
    if (items[1].revents & ZMQ_POLLIN) from_handlers();
    if (items[0].revents & ZMQ_POLLIN) from_broker(now);
    return true;
  }

  void schedule_reconnect(Clock::time_point now) {
    if (reconnect_at) return;
    reconnect_at = now + backoff;
    spdlog::warn("broker asked {} to register again; reconnecting in {} ms", options.instance,
                 backoff.count());
    backoff = std::min(std::max(backoff * 2, std::chrono::milliseconds(100)),
                       std::chrono::milliseconds(5000));
  }

  void timers() {
    const auto now = Clock::now();
    if (reconnect_at) {
      if (now >= *reconnect_at) {
        reconnect_at.reset();
        connect_broker();
      }
      return;
    }
    if (now - last_heard > expiry()) {
      spdlog::warn("broker at {} silent for {} ms; reconnecting", options.endpoint,
                   std::chrono::duration_cast<std::chrono::milliseconds>(now - last_heard).count());
      connect_broker();
      return;
    }
    if (now >= next_heartbeat) {
      send_heartbeat();
      next_heartbeat = now + options.heartbeat_interval;
    }
  }

  bool should_stop() const { return stop_requested.load() || g_signalled.load(); }

  void drain() {
    spdlog::info("{} draining: {} requests in flight", options.instance, in_flight.size());
    protocol::send(*socket, {}, Command::kDisconnect, protocol::empty_header());
    const auto until = Clock::now() + options.drain_timeout;
    while (!in_flight.empty() && Clock::now() < until) {
      poll(std::chrono::milliseconds(20));
      // Keep the broker from declaring us dead while the last handlers finish.
      if (Clock::now() >= next_heartbeat) {
        send_heartbeat();
        next_heartbeat = Clock::now() + options.heartbeat_interval;
      }
    }
    if (!in_flight.empty()) {
      spdlog::warn("{} stopped with {} requests unfinished", options.instance, in_flight.size());
    }
  }
};

Service::Service(ServiceOptions options) : impl_(std::make_unique<Impl>()) {
  if (options.name.empty()) throw std::invalid_argument("service name is empty");
  if (options.threads == 0) options.threads = 1;
  if (options.capacity == 0) options.capacity = std::max<std::uint32_t>(32, 2 * options.threads);
  if (options.instance.empty()) options.instance = default_instance();
  impl_->options = std::move(options);
}

Service::~Service() {
  {
    std::lock_guard<std::mutex> lock(impl_->jobs_mutex);
    impl_->closing = true;
  }
  impl_->jobs_cv.notify_all();
  for (auto& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
}

void Service::before_reply(std::function<Status()> barrier) {
  impl_->before_reply = std::move(barrier);
}

void Service::handle(std::string method, Handler handler, Dispatch dispatch) {
  if (method.empty() || method == "health") {
    throw std::invalid_argument("method name '" + method + "' is reserved or empty");
  }
  if (!impl_->handlers.emplace(method, std::move(handler)).second) {
    throw std::invalid_argument("method '" + method + "' is registered twice");
  }
  if (dispatch == Dispatch::kInline) impl_->inline_methods.insert(method);
}

void Service::publish(std::string_view event, std::string payload) {
  mp::MapBuilder h;
  h.set(field::kTopic, impl_->options.name + "." + std::string(event));
  impl_->push_out(kOutPublish, h.bytes(), payload.empty() ? protocol::nil_body() : payload);
}

void Service::stop() { impl_->stop_requested.store(true); }

const ServiceOptions& Service::options() const { return impl_->options; }

int Service::run() {
  Impl& d = *impl_;
  if (d.options.handle_signals) {
    on_signals({SIGTERM, SIGINT}, on_signal);
    ignore_sigpipe();
    // A write past RLIMIT_FSIZE (a quota, systemd's LimitFSIZE=) must fail that write
    // with EFBIG, which SQLite reports, not kill the whole service.
    ::signal(SIGXFSZ, SIG_IGN);
  }
  try {
    d.outbox_endpoint = "inproc://cedu-runtime-" + std::to_string(reinterpret_cast<std::uintptr_t>(&d));
    d.inbox = std::make_unique<zmq::socket_t>(d.context, zmq::socket_type::pull);
    d.inbox->bind(d.outbox_endpoint);
    d.outbox = std::make_unique<zmq::socket_t>(d.context, zmq::socket_type::push);
    d.outbox->connect(d.outbox_endpoint);
    d.connect_broker();
  } catch (const zmq::error_t& e) {
    spdlog::critical("{}: cannot connect to {}: {}", d.options.name, d.options.endpoint, e.what());
    return 1;
  }
  for (std::uint32_t i = 0; i < d.options.threads; ++i) {
    d.threads.emplace_back([&d] { d.worker_loop(); });
  }
  spdlog::info("service '{}' ({}) serving via {} with {} threads", d.options.name,
               d.options.instance, d.options.endpoint, d.options.threads);
  while (!d.should_stop()) {
    d.poll(std::chrono::milliseconds(20));
    d.timers();
  }
  d.drain();
  {
    std::lock_guard<std::mutex> lock(d.jobs_mutex);
    d.closing = true;
  }
  d.jobs_cv.notify_all();
  for (auto& t : d.threads) t.join();
  d.threads.clear();
  d.socket->set(zmq::sockopt::linger, 1000);
  spdlog::info("service '{}' stopped", d.options.name);
  return 0;
}

}  // namespace cedu
