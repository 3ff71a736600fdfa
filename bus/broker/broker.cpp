#include "bus/broker/broker.h"

#include <random>

#include <spdlog/spdlog.h>

#include "bus/protocol/socket_options.h"
#include "common/msgpack/builder.h"

namespace cedu::bus {
namespace {

using protocol::Command;

// How often deadlines, expiries and catching-up subscribers are looked at.
constexpr std::chrono::milliseconds kTick{10};
// Messages handled before timers get a turn, so a flood cannot starve them.
constexpr int kBatch = 1000;

std::string_view peer_principal(const zmq::message_t& frame) {
  // With CURVE and a ZAP handler, ZAP's User-Id names the principal; without, the peer is
  // anonymous. Clients cannot influence this stamp.
  const char* uid = zmq_msg_gets(const_cast<zmq_msg_t*>(frame.handle()), "User-Id");
  if (uid == nullptr || *uid == '\0') return "anonymous";
  return uid;
}

}  // namespace

Result<std::unique_ptr<Broker>> Broker::create(BrokerOptions options) {
  auto log = EventLog::open(options.events_path, options.events_retain,
                            options.events_synchronous);
  if (!log.ok()) return log.status().with_context("event log " + options.events_path);
  std::unique_ptr<Broker> b(new Broker(std::move(options), std::move(log).value()));
  if (b->options_.secure()) CEDU_RETURN_IF_ERROR(b->start_security());
  try {
    b->endpoint_ = protocol::bind_endpoint(b->socket_, b->options_.endpoint);
  } catch (const zmq::error_t& e) {
    return Status::unavailable("cannot bind " + b->options_.endpoint + ": " + e.what());
  }
  return b;
}

Broker::Broker(BrokerOptions options, std::unique_ptr<EventLog> log)
    : options_(std::move(options)),
      log_(std::move(log)),
      context_(1),
      socket_(context_, zmq::socket_type::router) {
  protocol::SocketLimits limits;
  limits.linger = options_.linger;
  limits.high_water_mark = options_.high_water_mark;
  limits.max_frame_bytes = static_cast<std::int64_t>(options_.max_message_bytes * 2);
  protocol::configure_router(socket_, limits);
  socket_.set(zmq::sockopt::rcvtimeo, static_cast<int>(kTick.count()));
  limiter_ = RateLimiter(options_.rate_limit_per_second,
                         options_.rate_limit_burst > 0 ? options_.rate_limit_burst
                                                       : options_.rate_limit_per_second);
  std::random_device rd;
  epoch_ = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  mp::MapBuilder hb;
  hb.set(protocol::field::kEpoch, epoch_)
      .set(protocol::field::kHeartbeatMs,
           static_cast<std::uint64_t>(options_.heartbeat_interval.count()));
  heartbeat_header_ = hb.bytes();
  started_ = Clock::now();
  next_heartbeat_ = started_ + options_.heartbeat_interval;
  frames_.reserve(8);
  in_flight_.reserve(1024);
}

Broker::~Broker() = default;

void Broker::run() {
  spdlog::info("cedu-bus {} listening on {} (heartbeat {} ms x {}, events {} retained at {})",
               options_.version, endpoint_, options_.heartbeat_interval.count(),
               options_.heartbeat_liveness, options_.events_retain, options_.events_path);
  Clock::time_point next_tick = Clock::now() + kTick;
  while (!stopping_.load()) {
    receive_batch();
    flush_events();
    if (reload_requested_.exchange(false)) (void)reload_acl();
    const auto now = Clock::now();
    if (now >= next_tick) {
      expire_requests(now);
      expire_workers(now);
      expire_subscribers(now);
      if (now >= next_heartbeat_) {
        send_heartbeats();
        forget_idle_services();
        limiter_.forget_idle(now);
        next_heartbeat_ = now + options_.heartbeat_interval;
      }
      pump_subscriptions();
      next_tick = now + kTick;
    }
  }
  shutdown();
}

void Broker::receive_batch() {
  // The first receive waits up to one tick (ZMQ_RCVTIMEO); the rest only drain what is
  // queued. A blocking receive is cheaper than zmq_poll on the hot path.
  Clock::time_point now;
  for (int i = 0; i < kBatch; ++i) {
    frames_.clear();
    std::optional<std::size_t> got;
    try {
      got = zmq::recv_multipart(socket_, std::back_inserter(frames_),
                                i == 0 ? zmq::recv_flags::none : zmq::recv_flags::dontwait);
    } catch (const zmq::error_t& e) {
      if (e.num() != EINTR) spdlog::warn("receive failed: {}", e.what());
      return;
    }
    if (!got) return;  // timed out or drained
    if (i == 0 || i % 64 == 0) now = Clock::now();
    if (frames_.size() < 2) {  // a ROUTER always gives the routing id first
      ++stats_.dropped_frames;
      continue;
    }
    std::string peer(static_cast<const char*>(frames_[0].data()), frames_[0].size());
    std::size_t total = 0;
    for (std::size_t f = 1; f < frames_.size(); ++f) total += frames_[f].size();
    auto parsed = protocol::parse(frames_, 1, &header_zone_);
    if (auto* err = std::get_if<protocol::ParseError>(&parsed)) {
      if (err->kind == protocol::ParseFailure::kForeign) {
        ++stats_.dropped_frames;
      } else {
        ++stats_.malformed;
        refuse(peer, err->status);
      }
      continue;
    }
    auto& msg = std::get<protocol::Message>(parsed);
    if (total > options_.max_message_bytes) {
      ++stats_.oversized;
      Status too_big = Status::resource_exhausted(
          "message of " + std::to_string(total) + " bytes exceeds the limit of " +
              std::to_string(options_.max_message_bytes),
          msg.command == Command::kRequest ? "params" : "message");
      auto id = msg.header().optional_uint64(protocol::field::kId);
      if (msg.command == Command::kRequest && id.ok() && id->has_value()) {
        ++stats_.requests;
        answer_raw(peer, **id, too_big, nullptr);
      } else {
        refuse(peer, too_big);
      }
      continue;
    }
    handle(peer, std::move(msg), now);
  }
}

void Broker::handle(const std::string& peer, protocol::Message&& msg, Clock::time_point now) {
  // Any message is a sign of life.
  auto w = workers_.find(peer);
  if (w != workers_.end()) w->second->expiry = now + options_.expiry();
  auto s = subscribers_.find(peer);
  if (s != subscribers_.end()) s->second.expiry = now + options_.expiry();

  switch (msg.command) {
    case Command::kRequest: on_request(peer, peer_principal(frames_[1]), std::move(msg), now); return;
    case Command::kReply: on_reply(peer, std::move(msg), now); return;
    case Command::kReady: on_ready(peer, peer_principal(frames_[1]), msg, now); return;
    case Command::kHeartbeat:
      if (w != workers_.end()) return;
      if (msg.header().has(protocol::field::kService)) {
        // A worker this broker does not know (it restarted): tell it to start over.
        protocol::send(socket_, peer, Command::kDisconnect, protocol::empty_header());
        return;
      }
      protocol::send(socket_, peer, Command::kHeartbeat, heartbeat_header_);
      return;
    case Command::kDisconnect:
      if (w != workers_.end()) {
        on_worker_disconnect(*w->second, now);
      } else {
        subscribers_.erase(peer);
      }
      return;
    case Command::kPublish: on_publish(peer, peer_principal(frames_[1]), std::move(msg)); return;
    case Command::kSubscribe: on_subscribe(peer, peer_principal(frames_[1]), msg, now); return;
    case Command::kUnsubscribe: on_unsubscribe(peer, msg); return;
    case Command::kEvent:
    case Command::kSubscribed:
    case Command::kError:
      ++stats_.malformed;
      refuse(peer, Status::invalid_argument(
                       std::string(protocol::command_name(msg.command)) +
                           " is sent by the broker only",
                       "frame0"));
      return;
  }
}

void Broker::refuse(const std::string& peer, const Status& status) {
  stats_.count_error(status.code());
  if (protocol::send(socket_, peer, Command::kError, protocol::error_header(status)) ==
      protocol::SendResult::kUnroutable) {
    ++stats_.unroutable;
  }
}

void Broker::shutdown() {
  flush_events();
  spdlog::info("cedu-bus stopping: answering {} in-flight and queued requests",
               in_flight_.size());
  const Status bye = Status::unavailable("broker is shutting down");
  for (auto& [serial, f] : in_flight_) {
    if (!f.answered) answer(f.request, bye);
  }
  in_flight_.clear();
  for (auto& [name, svc] : services_) {
    for (auto& req : svc.queue) answer(req, bye);
    svc.queue.clear();
  }
  for (auto& [id, worker] : workers_) {
    protocol::send(socket_, id, Command::kDisconnect, protocol::empty_header());
  }
}

}  // namespace cedu::bus
