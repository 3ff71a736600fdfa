// Broker: event publishing into the durable log and resumable subscriptions.
#include <spdlog/spdlog.h>

#include "bus/broker/broker.h"
#include "common/msgpack/builder.h"

namespace cedu::bus {
namespace {

using protocol::Command;
namespace field = protocol::field;

// Events read from the log per subscription and pump, so one subscriber catching up
// cannot stall the broker.
constexpr std::size_t kCatchUpBatch = 256;

Status check_topic(const std::string& topic) {
  if (topic.empty() || topic.size() > 128) {
    return Status::invalid_argument("must be 1 to 128 bytes", "header.topic");
  }
  if (topic.find('.') == std::string::npos || topic.front() == '.' || topic.back() == '.') {
    return Status::invalid_argument("must look like <service>.<event>", "header.topic");
  }
  for (char c : topic) {
    if (static_cast<unsigned char>(c) <= ' ') {
      return Status::invalid_argument("must not contain spaces or control characters", "header.topic");
    }
  }
  return Status::ok();
}

std::uint64_t unix_ms() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count());
}

bool matches(const std::string& prefix, const std::string& topic) {
  return topic.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

void Broker::on_publish(const std::string& peer, std::string_view principal,
                        protocol::Message&& msg) {
  auto topic = msg.header().string(field::kTopic);
  Status bad = topic.status();
  if (bad.is_ok()) bad = check_topic(*topic);
  if (bad.is_ok()) bad = mp::unpack(msg.body_view(), "payload").status();
  if (!bad.is_ok()) {
    ++stats_.malformed;
    refuse(peer, bad.with_context("PUBLISH"));
    return;
  }
  auto w = workers_.find(peer);
  if (options_.secure() &&
      (w == workers_.end() || topic->rfind(w->second->service + ".", 0) != 0)) {
    refuse(peer, Status::permission_denied(std::string(principal) + " may not publish " + *topic +
                                           " (a worker publishes its own service's events)"));
    return;
  }
  const std::string publisher =
      w != workers_.end() ? w->second->service : std::string(principal);
  const std::uint64_t now_ms = unix_ms();
  auto seq = log_->stage(*topic, publisher, now_ms, msg.body_view());
  if (!seq.ok()) {
    fail_staged(seq.status());  // a failed stage drops everything staged with it
    spdlog::error("event {} not stored: {}", *topic, seq.status().to_string());
    refuse(peer, Status::unavailable("event log: " + seq.status().message()));
    return;
  }
  staged_.push_back({peer, StoredEvent{*seq, std::move(*topic), publisher, now_ms,
                                       std::string(msg.body_view())}});
}

// Group commit: the events of a burst of messages become durable together, then go out to
// the live subscriptions in sequence order. Replies in the same burst were routed as they
// came; no subscriber ever sees an event the log could still lose.
void Broker::flush_events() {
  if (staged_.empty()) return;
  if (Status s = log_->commit_staged(); !s.is_ok()) {
    spdlog::error("{} events not stored: {}", staged_.size(), s.to_string());
    fail_staged(s);
    return;
  }
  stats_.events_published += staged_.size();
  for (const auto& staged : staged_) {
    const StoredEvent& e = staged.event;
    for (auto& [id, sub] : subscribers_) {
      for (auto& s : sub.subscriptions) {
        if (!s.live || e.seq <= s.after || !matches(s.prefix, e.topic)) continue;
        const auto r = send_event(sub, s, e);
        if (r == protocol::SendResult::kSent) {
          s.after = e.seq;
        } else {
          s.live = false;  // catch up from the log once the subscriber drains its queue
        }
      }
    }
  }
  staged_.clear();
}

void Broker::fail_staged(const Status& why) {
  note_error(why, "event log");
  for (const auto& staged : staged_) {
    refuse(staged.peer, Status::unavailable("event log: " + why.message()));
  }
  staged_.clear();
}

void Broker::on_subscribe(const std::string& peer, std::string_view principal,
                          const protocol::Message& msg, Clock::time_point now) {
  const mp::MapView h = msg.header();
  auto prefix = h.string(field::kPrefix);
  auto from = h.optional_uint64(field::kFrom);
  Status bad = prefix.ok() ? from.status() : prefix.status();
  if (bad.is_ok() && prefix->size() > 128) {
    bad = Status::invalid_argument("longer than 128 bytes", "header.prefix");
  }
  if (!bad.is_ok()) {
    ++stats_.malformed;
    refuse(peer, bad.with_context("SUBSCRIBE"));
    return;
  }
  if (options_.secure() && grant_of(principal) == nullptr) {
    refuse(peer, Status::permission_denied(std::string(principal) + " is not registered"));
    return;
  }
  flush_events();  // the subscription starts after every event published so far
  Subscriber& sub = subscribers_[peer];
  sub.routing_id = peer;
  sub.principal = principal;
  sub.expiry = now + options_.expiry();
  std::erase_if(sub.subscriptions, [&](const Subscription& s) { return s.prefix == *prefix; });

  Subscription s;
  s.prefix = *prefix;
  s.after = from->has_value() ? **from : log_->head();
  // A gap: events the subscriber has not seen were already pruned.
  const bool gap = from->has_value() && log_->oldest() > 0 && **from + 1 < log_->oldest();
  mp::MapBuilder ack;
  ack.set(field::kPrefix, s.prefix)
      .set(field::kHead, log_->head())
      .set(field::kOldest, log_->oldest())
      .set(field::kGap, gap)
      .set(field::kEpoch, epoch_)
      .set(field::kHeartbeatMs, static_cast<std::uint64_t>(options_.heartbeat_interval.count()));
  protocol::send(socket_, peer, Command::kSubscribed, ack.bytes());
  sub.subscriptions.push_back(std::move(s));
  catch_up(sub, sub.subscriptions.back());
}

void Broker::on_unsubscribe(const std::string& peer, const protocol::Message& msg) {
  auto prefix = msg.header().string(field::kPrefix);
  if (!prefix.ok()) {
    ++stats_.malformed;
    refuse(peer, prefix.status().with_context("UNSUBSCRIBE"));
    return;
  }
  auto it = subscribers_.find(peer);
  if (it == subscribers_.end()) return;
  std::erase_if(it->second.subscriptions,
                [&](const Subscription& s) { return s.prefix == *prefix; });
  if (it->second.subscriptions.empty()) subscribers_.erase(it);
}

protocol::SendResult Broker::send_event(const Subscriber& sub, const Subscription& s,
                                        const StoredEvent& e) {
  if (options_.secure()) {
    // Events the principal is not granted are skipped (counted as delivered: the
    // subscription moves past them).
    const security::Grant* grant = grant_of(sub.principal);
    if (grant == nullptr || !security::AccessList::may_receive(*grant, e.topic)) {
      return protocol::SendResult::kSent;
    }
  }
  const std::string& peer = sub.routing_id;
  mp::MapBuilder h;
  h.set(field::kSeq, e.seq)
      .set(field::kTopic, e.topic)
      .set(field::kTimeMs, e.time_ms)
      .set(field::kPublisher, e.publisher)
      .set(field::kPrefix, s.prefix);
  return protocol::send(socket_, peer, Command::kEvent, h.bytes(), std::string_view(e.payload));
}

bool Broker::catch_up(Subscriber& sub, Subscription& s) {
  // Reads the log after s.after and sends what it finds; the subscription turns live once
  // a read comes back short. Single-threaded, so no event can slip in between.
  while (!s.live) {
    bool blocked = false;
    auto n = log_->read_after(s.after, s.prefix, kCatchUpBatch, [&](StoredEvent&& e) {
      if (blocked) return;
      const auto r = send_event(sub, s, e);
      if (r == protocol::SendResult::kSent) {
        s.after = e.seq;
      } else {
        blocked = true;
      }
    });
    if (!n.ok()) {
      spdlog::error("event log read failed: {}", n.status().to_string());
      note_error(n.status(), "event log");
      return false;
    }
    if (blocked) return false;
    if (*n < kCatchUpBatch) s.live = true;
    else return false;  // more to send: continue on the next tick, let others run
  }
  return true;
}

void Broker::pump_subscriptions() {
  for (auto& [id, sub] : subscribers_) {
    for (auto& s : sub.subscriptions) {
      if (!s.live) catch_up(sub, s);
    }
  }
}

void Broker::expire_subscribers(Clock::time_point now) {
  std::erase_if(subscribers_, [&](const auto& kv) {
    if (kv.second.expiry > now) return false;
    spdlog::info("subscriber went silent; dropping {} subscriptions",
                 kv.second.subscriptions.size());
    return true;
  });
}

}  // namespace cedu::bus
