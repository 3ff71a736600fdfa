// Broker: worker registration, heartbeats, drain and death.
#include <algorithm>
#include <regex>

#include <spdlog/spdlog.h>

#include "bus/broker/broker.h"

namespace cedu::bus {
namespace {

using protocol::Command;
namespace field = protocol::field;

bool valid_service_name(const std::string& name) {
  static const std::regex kName("[a-z][a-z0-9_-]{0,63}");
  return std::regex_match(name, kName);
}

}  // namespace

ServiceEntry& Broker::service(const std::string& name) {
  auto it = services_.find(name);
  if (it == services_.end()) {
    it = services_.emplace(name, ServiceEntry{}).first;
    it->second.name = name;
  }
  return it->second;
}

void Broker::on_ready(const std::string& peer, std::string_view principal,
                      const protocol::Message& msg, Clock::time_point now) {
  if (workers_.count(peer) != 0) {
    ++stats_.malformed;
    refuse(peer, Status::failed_precondition("READY sent twice on one connection"));
    protocol::send(socket_, peer, Command::kDisconnect, protocol::empty_header());
    remove_worker(peer, Status::unavailable("worker broke the protocol (second READY)"), now);
    return;
  }
  const mp::MapView h = msg.header();
  auto name = h.string(field::kService);
  auto capacity = h.optional_uint64(field::kCapacity);
  auto instance = h.optional_string(field::kInstance);
  auto version = h.optional_string(field::kVersion);
  auto pid = h.optional_uint64(field::kPid);
  auto started_ms = h.optional_uint64(field::kStartedMs);
  Status bad;
  for (const Status& s : {name.status(), capacity.status(), instance.status(), version.status(),
                          pid.status(), started_ms.status()}) {
    if (!s.is_ok() && bad.is_ok()) bad = s;
  }
  if (bad.is_ok() && !valid_service_name(*name)) {
    bad = Status::invalid_argument("must match [a-z][a-z0-9_-]{0,63}", "header.service");
  }
  if (bad.is_ok() && *name == protocol::kBusService) {
    bad = Status::invalid_argument("'bus' is the broker's own service", "header.service");
  }
  const std::uint64_t cap = bad.is_ok() ? capacity->value_or(1) : 1;
  if (bad.is_ok() && (cap < 1 || cap > 10000)) {
    bad = Status::invalid_argument("must be between 1 and 10000", "header.capacity");
  }
  if (!bad.is_ok()) {
    ++stats_.malformed;
    refuse(peer, bad.with_context("READY"));
    return;
  }
  // Only the service's own key may serve it: service:<name>.
  if (options_.secure() && (principal != "service:" + *name || grant_of(principal) == nullptr)) {
    spdlog::warn("{} may not serve '{}'", principal, *name);
    refuse(peer, Status::permission_denied(std::string(principal) + " may not serve '" + *name +
                                           "' (only service:" + *name + " may)"));
    protocol::send(socket_, peer, Command::kDisconnect, protocol::empty_header());
    return;
  }
  auto w = std::make_unique<Worker>();
  w->routing_id = peer;
  w->service = *name;
  w->principal = principal;
  w->instance = instance->value_or("");
  w->version = version->value_or("");
  w->pid = pid->value_or(0);
  w->started_ms = started_ms->value_or(0);
  w->capacity = static_cast<std::uint32_t>(cap);
  w->expiry = now + options_.expiry();
  Worker* raw = w.get();
  workers_.emplace(peer, std::move(w));
  ServiceEntry& svc = service(raw->service);
  raw->entry = &svc;
  svc.workers.push_back(raw);
  spdlog::info("worker {} ready for '{}' (capacity {}, {} workers now)", raw->instance,
               raw->service, raw->capacity, svc.workers.size());
  dispatch(svc, now);
}

void Broker::on_worker_disconnect(Worker& worker, Clock::time_point now) {
  spdlog::info("worker {} of '{}' draining ({} in flight)", worker.instance, worker.service,
               worker.in_flight);
  worker.draining = true;
  if (worker.in_flight == 0) remove_worker(worker.routing_id, Status::ok(), now);
}

void Broker::remove_worker(const std::string& routing_id, const Status& reason,
                           Clock::time_point now) {
  auto it = workers_.find(routing_id);
  if (it == workers_.end()) return;
  std::unique_ptr<Worker> worker = std::move(it->second);
  workers_.erase(it);
  ServiceEntry& svc = *worker->entry;
  std::erase(svc.workers, worker.get());

  // Its unanswered requests: re-dispatch the ones safe to run twice, fail the rest.
  // Never leave one hanging.
  std::vector<PendingRequest> retry;
  std::vector<std::uint64_t> serials;
  for (const auto& [serial, f] : in_flight_) {
    if (f.worker == worker.get()) serials.push_back(serial);
  }
  std::sort(serials.begin(), serials.end());  // re-dispatch in arrival order
  for (std::uint64_t serial : serials) {
    auto f = in_flight_.find(serial);
    InFlight flight = std::move(f->second);
    in_flight_.erase(f);
    if (flight.answered) continue;
    PendingRequest& req = flight.request;
    if (req.redispatchable() && req.deadline > now) {
      req.attempt = 2;
      req.params = std::move(flight.params_copy);
      ++stats_.redispatched;
      retry.push_back(std::move(req));
    } else {
      answer(req, Status::unavailable(
                      "worker " + worker->instance + " of '" + worker->service +
                      "' was lost while serving the request" +
                      (reason.is_ok() ? std::string() : " (" + reason.message() + ")")));
    }
  }
  for (auto r = retry.rbegin(); r != retry.rend(); ++r) svc.queue.push_front(std::move(*r));
  if (reason.is_ok()) {
    spdlog::info("worker {} of '{}' left", worker->instance, worker->service);
  } else {
    spdlog::warn("worker {} of '{}' removed: {}", worker->instance, worker->service,
                 reason.message());
  }
  dispatch(svc, now);
}

void Broker::expire_workers(Clock::time_point now) {
  std::vector<std::string> dead;
  for (const auto& [id, w] : workers_) {
    if (w->expiry <= now) dead.push_back(id);
  }
  for (const auto& id : dead) {
    ++stats_.workers_expired;
    remove_worker(id,
                  Status::unavailable("no heartbeat for " +
                                      std::to_string(options_.expiry().count()) + " ms"),
                  now);
  }
}

void Broker::send_heartbeats() {
  std::vector<std::string> gone;
  for (const auto& [id, w] : workers_) {
    if (protocol::send(socket_, id, Command::kHeartbeat, heartbeat_header_) ==
        protocol::SendResult::kUnroutable) {
      gone.push_back(id);
    }
  }
  for (const auto& id : gone) {
    ++stats_.unroutable;
    remove_worker(id, Status::unavailable("worker connection is gone"), Clock::now());
  }
}

void Broker::forget_idle_services() {
  // Services named by requests but never served are forgotten once nothing waits for them,
  // so random names cannot grow the table.
  std::erase_if(services_, [](const auto& kv) {
    return kv.second.workers.empty() && kv.second.queue.empty();
  });
}

}  // namespace cedu::bus
