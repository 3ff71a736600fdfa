#include "bus/client/client.h"

#include <map>
#include <unordered_map>

#include <spdlog/spdlog.h>
#include <zmq.hpp>

#include "bus/protocol/frames.h"
#include "bus/protocol/socket_options.h"
#include "common/msgpack/builder.h"

namespace cedu {
namespace {

using protocol::Command;
using Clock = std::chrono::steady_clock;
namespace field = protocol::field;

// The broker answers at the deadline; the client waits this much longer before it gives
// up on its own.
constexpr std::chrono::milliseconds kGrace{500};

struct PendingCall {
  Client::Callback done;
  Clock::time_point deadline;  // local give-up time
  Clock::time_point sent;
};

struct SubscriptionState {
  Client::EventHandler handler;
  std::optional<std::uint64_t> after;  // last seq delivered (or acknowledged head)
  bool gap = false;
};

}  // namespace

struct Client::Impl {
  ClientOptions options;
  zmq::context_t context{1};
  std::unique_ptr<zmq::socket_t> socket;
  std::uint64_t next_id = 1;
  std::unordered_map<std::uint64_t, PendingCall> pending;
  std::map<std::string, SubscriptionState> subscriptions;
  Clock::time_point last_heard;
  Clock::time_point next_heartbeat;
  bool active = false;  // something awaits the broker: heartbeats flow
  std::uint64_t reconnects = 0;
  std::uint64_t broker_epoch = 0;  // 0 until the broker has told us
  bool needs_reconnect = false;
  std::vector<zmq::message_t> frames;

  Status open_socket() {
    try {
      socket = std::make_unique<zmq::socket_t>(context, zmq::socket_type::dealer);
      protocol::configure_dealer(*socket, protocol::SocketLimits{});
      if (options.curve) protocol::configure_curve_client(*socket, *options.curve);
      socket->connect(options.endpoint);
    } catch (const zmq::error_t& e) {
      socket.reset();
      return Status::invalid_argument("cannot connect to '" + options.endpoint + "': " + e.what(),
                                      "endpoint");
    }
    return Status::ok();
  }

  bool busy() const { return !pending.empty() || !subscriptions.empty(); }

  void mark_active(Clock::time_point now) {
    if (!active) {
      active = true;
      last_heard = now;
      next_heartbeat = now + options.heartbeat_interval;
    }
  }

  Status send(Command c, const std::string& header, std::string_view body = {}) {
    auto r = body.empty() && !protocol::has_body(c)
                 ? protocol::send(*socket, {}, c, header)
                 : protocol::send(*socket, {}, c, header, body);
    if (r == protocol::SendResult::kSent) return Status::ok();
    if (r == protocol::SendResult::kWouldBlock) {
      // No connection to queue on — libzmq gives up on a connection whose CURVE handshake
      // was refused — or the queue is full. Either way start over on a fresh socket, so a
      // key registered meanwhile gets in.
      needs_reconnect = true;
      return Status::unavailable("cannot queue the message for the broker at " +
                                 options.endpoint +
                                 " (no connection — is this client's key registered? — or "
                                 "its queue is full)");
    }
    return Status::unavailable("cannot send to the broker");
  }

  void send_subscribe(const std::string& prefix, const SubscriptionState& s) {
    mp::MapBuilder h;
    h.set(field::kPrefix, prefix);
    if (s.after) h.set(field::kFrom, *s.after);
    (void)send(Command::kSubscribe, h.bytes());
  }

  void complete(std::uint64_t id, Result<Reply> result) {
    auto it = pending.find(id);
    if (it == pending.end()) return;  // a late reply to a call already given up
    Callback done = std::move(it->second.done);
    pending.erase(it);
    if (done) done(std::move(result));
  }

  void on_reply(const protocol::Message& m) {
    const mp::MapView h = m.header();
    auto id = h.uint64(field::kId);
    if (!id.ok()) {
      spdlog::warn("client: REPLY without id from broker ignored");
      return;
    }
    const Status status = protocol::reply_status(h);
    if (!status.is_ok()) {
      complete(*id, status);
      return;
    }
    std::string body(m.body_view());
    auto handle = mp::unpack(body, "result");
    if (!handle.ok()) {
      complete(*id, Status::internal("service sent a reply that is not MessagePack"));
      return;
    }
    complete(*id, Reply(std::move(body), std::move(handle).value()));
  }

  void on_event(const protocol::Message& m) {
    const mp::MapView h = m.header();
    auto prefix = h.string(field::kPrefix);
    auto seq = h.uint64(field::kSeq);
    auto topic = h.string(field::kTopic);
    if (!prefix.ok() || !seq.ok() || !topic.ok()) return;
    auto it = subscriptions.find(*prefix);
    if (it == subscriptions.end()) return;
    SubscriptionState& s = it->second;
    if (s.after && *seq <= *s.after) return;  // never a duplicate, even across reconnects
    Event e;
    e.seq = *seq;
    e.topic = std::move(*topic);
    e.time_ms = h.optional_uint64(field::kTimeMs).value_or(std::nullopt).value_or(0);
    e.publisher = h.optional_string(field::kPublisher).value_or(std::nullopt).value_or("");
    e.payload = std::string(m.body_view());
    s.after = *seq;
    if (s.handler) s.handler(e);
  }

  void on_subscribed(const protocol::Message& m) {
    const mp::MapView h = m.header();
    auto prefix = h.string(field::kPrefix);
    if (!prefix.ok()) return;
    auto it = subscriptions.find(*prefix);
    if (it == subscriptions.end()) return;
    if (h.optional_boolean(field::kGap).value_or(std::nullopt).value_or(false)) {
      it->second.gap = true;
    }
    // A live-only subscription resumes after a reconnect from the head it started at.
    if (!it->second.after) {
      it->second.after = h.optional_uint64(field::kHead).value_or(std::nullopt).value_or(0);
    }
  }

  void handle(protocol::Message&& m) {
    switch (m.command) {
      case Command::kReply: on_reply(m); break;
      case Command::kEvent: on_event(m); break;
      case Command::kSubscribed: on_subscribed(m); break;
      case Command::kError: {
        auto msg = m.header().optional_string(field::kMessage);
        spdlog::warn("client: broker reported an error: {}",
                     msg.ok() ? msg->value_or("") : std::string("(unreadable)"));
        break;
      }
      default: break;
    }
    if (m.command == Command::kHeartbeat || m.command == Command::kSubscribed) {
      note_broker(m.header());
    }
  }

  // The broker states its heartbeat interval: a subscriber must beat at least that often
  // or the broker drops its subscriptions. A new epoch means the broker restarted without
  // us missing a heartbeat: it has lost our subscriptions, so renew them from the last
  // sequence delivered.
  void note_broker(const mp::MapView& h) {
    auto hb = h.optional_uint64(field::kHeartbeatMs);
    if (hb.ok() && hb->has_value() && **hb > 0) {
      const std::chrono::milliseconds broker_interval(**hb);
      if (broker_interval < options.heartbeat_interval) {
        options.heartbeat_interval = broker_interval;
        next_heartbeat = std::min(next_heartbeat, Clock::now() + broker_interval);
      }
    }
    auto epoch = h.optional_uint64(field::kEpoch);
    if (!epoch.ok() || !epoch->has_value()) return;
    const std::uint64_t e = **epoch;
    const bool restarted = broker_epoch != 0 && e != broker_epoch;
    broker_epoch = e;
    if (!restarted) return;
    spdlog::info("client: broker at {} restarted; renewing {} subscriptions", options.endpoint,
                 subscriptions.size());
    // The old broker took the calls sent to it along: say so now, not at their deadlines.
    fail_pending(Status::unavailable("the broker at " + options.endpoint +
                                     " restarted; the call was lost with it (retry a write "
                                     "with the same idempotency key)"));
    for (const auto& [prefix, s] : subscriptions) send_subscribe(prefix, s);
  }

  // Reads everything available without blocking.
  Status drain(Clock::time_point now) {
    while (true) {
      frames.clear();
      std::optional<std::size_t> got;
      try {
        got = zmq::recv_multipart(*socket, std::back_inserter(frames), zmq::recv_flags::dontwait);
      } catch (const zmq::error_t& e) {
        if (e.num() == EINTR) return Status::ok();
        return Status::unavailable(std::string("receive failed: ") + e.what());
      }
      if (!got) return Status::ok();
      last_heard = now;
      auto parsed = protocol::parse(frames, 0);
      if (auto* m = std::get_if<protocol::Message>(&parsed)) handle(std::move(*m));
    }
  }

  // Heartbeats, broker liveness, local deadlines.
  void timers(Clock::time_point now) {
    if (!busy()) {
      active = false;
      if (needs_reconnect) reconnect(now);
      return;
    }
    mark_active(now);
    if (needs_reconnect ||
        now - last_heard > options.heartbeat_interval * options.heartbeat_liveness) {
      reconnect(now);
      return;
    }
    if (now >= next_heartbeat) {
      (void)send(Command::kHeartbeat, protocol::empty_header());
      next_heartbeat = now + options.heartbeat_interval;
    }
    std::vector<std::uint64_t> late;
    for (const auto& [id, call] : pending) {
      if (call.deadline <= now) late.push_back(id);
    }
    for (auto id : late) {
      const bool heard = last_heard > pending[id].sent;
      complete(id, heard ? Status::deadline_exceeded("no reply before the deadline")
                         : Status::unavailable("the broker at " + options.endpoint +
                                               " did not answer"));
    }
  }

  // Completes every pending call with `why`.
  void fail_pending(const Status& why) {
    auto calls = std::move(pending);
    pending.clear();
    for (auto& [id, call] : calls) {
      if (call.done) call.done(why);
    }
  }

  void reconnect(Clock::time_point now) {
    ++reconnects;
    needs_reconnect = false;
    spdlog::warn("client: broker at {} silent for {} ms; reconnecting", options.endpoint,
                 std::chrono::duration_cast<std::chrono::milliseconds>(now - last_heard).count());
    fail_pending(Status::unavailable("lost the connection to the broker"));
    if (!open_socket().is_ok()) return;
    broker_epoch = 0;  // the SUBSCRIBEs below renew everything; a new epoch is no news
    last_heard = now;
    next_heartbeat = now;
    for (const auto& [prefix, s] : subscriptions) send_subscribe(prefix, s);
  }

  Status poll_once(std::chrono::milliseconds wait) {
    zmq::pollitem_t item{socket->handle(), 0, ZMQ_POLLIN, 0};
    try {
      zmq::poll(&item, 1, wait);
    } catch (const zmq::error_t& e) {
      if (e.num() != EINTR) return Status::unavailable(std::string("poll failed: ") + e.what());
    }
    const auto now = Clock::now();
    if (item.revents & ZMQ_POLLIN) CEDU_RETURN_IF_ERROR(drain(now));
    timers(now);
    return Status::ok();
  }
};

Result<std::unique_ptr<Client>> Client::connect(ClientOptions options) {
  if (options.heartbeat_liveness == 0 || options.heartbeat_interval.count() <= 0) {
    return Status::invalid_argument("heartbeat interval and liveness must be positive",
                                    "heartbeat");
  }
  auto impl = std::make_unique<Impl>();
  impl->options = std::move(options);
  CEDU_RETURN_IF_ERROR(impl->open_socket());
  return std::unique_ptr<Client>(new Client(std::move(impl)));
}

Client::Client(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Client::~Client() = default;

void Client::call_async(std::string_view service, std::string_view method,
                        std::string_view params, Callback done, const CallOptions& options) {
  Impl& d = *impl_;
  const auto now = Clock::now();
  const auto timeout = options.timeout.count() > 0 ? options.timeout : d.options.default_timeout;
  const std::uint64_t id = d.next_id++;
  mp::MapBuilder h;
  h.set(field::kId, id)
      .set(field::kService, service)
      .set(field::kMethod, method)
      .set(field::kTimeoutMs, static_cast<std::uint64_t>(timeout.count()));
  if (!options.idempotency_key.empty()) h.set(field::kIdempotencyKey, options.idempotency_key);
  if (options.idempotent) h.set(field::kIdempotent, true);
  const std::string empty = mp::empty_map();
  Status sent = d.send(Command::kRequest, h.bytes(), params.empty() ? std::string_view(empty) : params);
  if (!sent.is_ok()) {
    if (done) done(sent);
    return;
  }
  d.mark_active(now);
  d.pending.emplace(id, PendingCall{std::move(done), now + timeout + kGrace, now});
}

Result<Reply> Client::call(std::string_view service, std::string_view method,
                           std::string_view params, const CallOptions& options) {
  std::optional<Result<Reply>> out;
  call_async(service, method, params, [&out](Result<Reply> r) { out.emplace(std::move(r)); },
             options);
  while (!out) {
    Status s = impl_->poll_once(std::chrono::milliseconds(50));
    if (!s.is_ok()) return s;
  }
  return std::move(*out);
}

Status Client::poll(std::chrono::milliseconds timeout) {
  const auto until = Clock::now() + timeout;
  do {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now());
    auto step = std::min(left, std::chrono::milliseconds(50));
    if (step.count() < 0) step = std::chrono::milliseconds(0);
    CEDU_RETURN_IF_ERROR(impl_->poll_once(step));
    if (!impl_->busy()) return Status::ok();
  } while (Clock::now() < until);
  return Status::ok();
}

Status Client::wait_all(std::chrono::milliseconds timeout) {
  const auto until = Clock::now() + timeout;
  while (!impl_->pending.empty()) {
    if (Clock::now() >= until) {
      return Status::deadline_exceeded(std::to_string(impl_->pending.size()) +
                                       " calls still in flight");
    }
    CEDU_RETURN_IF_ERROR(impl_->poll_once(std::chrono::milliseconds(50)));
  }
  return Status::ok();
}

std::size_t Client::pending() const { return impl_->pending.size(); }

Status Client::subscribe(std::string prefix, std::optional<std::uint64_t> from_seq,
                         EventHandler handler) {
  Impl& d = *impl_;
  if (d.subscriptions.count(prefix) != 0) {
    return Status::failed_precondition("already subscribed to '" + prefix + "'", "prefix");
  }
  SubscriptionState s;
  s.handler = std::move(handler);
  s.after = from_seq;
  d.send_subscribe(prefix, s);
  d.subscriptions.emplace(std::move(prefix), std::move(s));
  d.mark_active(Clock::now());
  return Status::ok();
}

Status Client::unsubscribe(const std::string& prefix) {
  Impl& d = *impl_;
  if (d.subscriptions.erase(prefix) == 0) {
    return Status::not_found("not subscribed to '" + prefix + "'", "prefix");
  }
  mp::MapBuilder h;
  h.set(field::kPrefix, prefix);
  return d.send(Command::kUnsubscribe, h.bytes());
}

bool Client::gap_detected(const std::string& prefix) const {
  auto it = impl_->subscriptions.find(prefix);
  return it != impl_->subscriptions.end() && it->second.gap;
}

std::uint64_t Client::reconnects() const { return impl_->reconnects; }

}  // namespace cedu
