// Broker: the built-in `bus` service (bus.ping, bus.services, bus.stats).
#include "bus/broker/broker.h"

#include <unistd.h>

#include "common/msgpack/builder.h"

namespace cedu::bus {

Result<std::string> Broker::bus_method(std::string_view method) {
  if (method == "ping") {
    mp::MapBuilder r;
    r.set("pong", true)
        .set("time_ms", static_cast<std::uint64_t>(
                            std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch())
                                .count()))
        .set("version", options_.version);
    return r.bytes();
  }
  if (method == "services") return services_result();
  if (method == "stats") return stats_result();
  if (method == "reload_acl") return reload_acl();
  return Status::not_found("bus has no method '" + std::string(method) +
                               "' (ping, services, stats, reload_acl)",
                           "method");
}

std::string Broker::services_result() const {
  mp::ArrayBuilder list;
  for (const auto& [name, svc] : services_) {
    if (svc.workers.empty() && svc.queue.empty()) continue;
    mp::ArrayBuilder workers;
    std::uint64_t in_flight = 0;
    for (const Worker* w : svc.workers) {
      in_flight += w->in_flight;
      mp::MapBuilder wm;
      wm.set("instance", w->instance)
          .set("version", w->version)
          .set("capacity", w->capacity)
          .set("in_flight", static_cast<std::uint64_t>(w->in_flight))
          .set("served", w->served)
          .set("draining", w->draining)
          .set("pid", w->pid)
          .set("started_ms", w->started_ms);
      protocol::set_last_error(wm, "last_error", w->last_error);
      workers.add(wm);
    }
    mp::MapBuilder s;
    s.set("name", name)
        .set("queue", static_cast<std::uint64_t>(svc.queue.size()))
        .set("in_flight", in_flight)
        .set("workers", workers);
    list.add(s);
  }
  mp::MapBuilder r;
  r.set("services", list);
  return r.bytes();
}

std::string Broker::stats_result() const {
  mp::MapBuilder errors;
  for (std::size_t i = 1; i < stats_.errors.size(); ++i) {
    if (stats_.errors[i] != 0) {
      errors.set(code_name(static_cast<StatusCode>(i)), stats_.errors[i]);
    }
  }
  std::uint64_t subscriptions = 0;
  for (const auto& [id, sub] : subscribers_) subscriptions += sub.subscriptions.size();
  mp::MapBuilder r;
  r.set("uptime_s", static_cast<std::uint64_t>(
                        std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - started_)
                            .count()))
      .set("requests", stats_.requests)
      .set("replies", stats_.replies)
      .set("errors", errors)
      .set("dropped_frames", stats_.dropped_frames)
      .set("malformed", stats_.malformed)
      .set("oversized", stats_.oversized)
      .set("unroutable", stats_.unroutable)
      .set("late_replies", stats_.late_replies)
      .set("redispatched", stats_.redispatched)
      .set("workers_expired", stats_.workers_expired)
      .set("events_published", stats_.events_published)
      .set("event_head", log_->head())
      .set("workers", static_cast<std::uint64_t>(workers_.size()))
      .set("subscribers", static_cast<std::uint64_t>(subscribers_.size()))
      .set("subscriptions", subscriptions)
      .set("in_flight", static_cast<std::uint64_t>(in_flight_.size()))
      .set("version", options_.version)
      .set("pid", static_cast<std::uint64_t>(getpid()));
  protocol::set_last_error(r, "last_error", last_error_);
  return r.bytes();
}

void Broker::note_error(const Status& status, std::string_view what) {
  last_error_ = protocol::last_error_of(status, what);
}

}  // namespace cedu::bus
