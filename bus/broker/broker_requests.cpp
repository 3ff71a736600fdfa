// Broker: accepting requests, dispatching them to workers, answering clients, deadlines.
#include <spdlog/spdlog.h>

#include "bus/broker/broker.h"
#include "common/msgpack/builder.h"

namespace cedu::bus {
namespace {

using protocol::Command;
namespace field = protocol::field;

std::uint64_t remaining_ms(Clock::time_point deadline, Clock::time_point now) {
  if (deadline <= now) return 0;
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count());
}

Status check_length(const std::string& value, std::size_t max, std::string_view name) {
  if (value.empty()) return Status::invalid_argument("must not be empty", std::string(name));
  if (value.size() > max) {
    return Status::invalid_argument("longer than " + std::to_string(max) + " bytes",
                                    std::string(name));
  }
  return Status::ok();
}

}  // namespace

void Broker::on_request(const std::string& peer, std::string_view principal,
                        protocol::Message&& msg, Clock::time_point now) {
  const mp::MapView h = msg.header();
  auto id = h.uint64(field::kId);
  if (!id.ok()) {
    ++stats_.malformed;
    refuse(peer, id.status().with_context("REQUEST header"));
    return;
  }
  ++stats_.requests;
  auto fail = [&](const Status& s) { answer_raw(peer, *id, s, nullptr); };

  auto svc = h.string(field::kService);
  auto method = h.string(field::kMethod);
  auto timeout = h.optional_uint64(field::kTimeoutMs);
  auto key = h.optional_string(field::kIdempotencyKey);
  auto idempotent = h.optional_boolean(field::kIdempotent);
  for (const Status& s : {svc.status(), method.status(), timeout.status(), key.status(),
                          idempotent.status()}) {
    if (!s.is_ok()) return fail(s);
  }
  if (Status s = check_length(*svc, 64, "header.service"); !s.is_ok()) return fail(s);
  if (Status s = check_length(*method, 128, "header.method"); !s.is_ok()) return fail(s);
  if (*key && (*key)->size() > 128) {
    return fail(Status::invalid_argument("longer than 128 bytes", "header.idempotency_key"));
  }
  std::uint64_t timeout_ms = timeout->value_or(0);
  if (timeout_ms > protocol::kMaxTimeoutMs) {
    return fail(Status::invalid_argument(
        "must be at most " + std::to_string(protocol::kMaxTimeoutMs), "header.timeout_ms"));
  }
  if (timeout_ms == 0) timeout_ms = static_cast<std::uint64_t>(options_.default_timeout.count());
  if (!protocol::looks_like_map(msg.body_view())) {
    return fail(Status::invalid_argument("params must be a MessagePack map", "params"));
  }

  if (Status allowed = authorize_call(principal, *svc, *method); !allowed.is_ok()) {
    spdlog::debug("denied: {}", allowed.message());
    return fail(allowed);
  }

  // A flooding principal is slowed down here, before its requests queue up in front of
  // everybody else's.
  const std::string_view rate_key = principal == "anonymous" ? std::string_view(peer) : principal;
  if (!limiter_.allow(rate_key, now)) {
    return fail(Status::resource_exhausted(
        std::string(principal) + " exceeded its rate limit of " +
        std::to_string(static_cast<long long>(options_.rate_limit_per_second)) + " requests/s"));
  }

  if (*svc == protocol::kBusService) {
    auto result = bus_method(*method);
    if (!result.ok()) return fail(result.status());
    zmq::message_t body(result->data(), result->size());
    answer_raw(peer, *id, Status::ok(), &body);
    return;
  }

  if (options_.max_in_flight_per_client > 0) {
    std::uint32_t& n = client_in_flight_[peer];
    if (n >= options_.max_in_flight_per_client) {
      return fail(Status::resource_exhausted(
          "this connection already has " + std::to_string(n) +
          " requests waiting or in flight (the cap is " +
          std::to_string(options_.max_in_flight_per_client) + ")"));
    }
    ++n;
  }

  PendingRequest req;
  req.serial = next_serial_++;
  req.client = peer;
  req.client_id = *id;
  req.service = std::move(*svc);
  req.method = std::move(*method);
  req.principal = principal;
  req.rights = rights_of(principal);
  req.idempotency_key = std::move(*key);
  req.idempotent = idempotent->value_or(false);
  req.deadline = now + std::chrono::milliseconds(timeout_ms);
  req.params = std::move(msg.body);
  ServiceEntry& entry = service(req.service);
  entry.queue.push_back(std::move(req));
  dispatch(entry, now);
}

void Broker::dispatch(ServiceEntry& svc, Clock::time_point now) {
  while (!svc.queue.empty()) {
    // The least loaded worker with room: balances across idle workers first.
    Worker* best = nullptr;
    for (Worker* w : svc.workers) {
      if (w->has_room() && (best == nullptr || w->in_flight < best->in_flight)) {
        best = w;
      }
    }
    if (best == nullptr) return;
    PendingRequest req = std::move(svc.queue.front());
    svc.queue.pop_front();
    if (req.deadline <= now) {  // expired requests are never dispatched
      answer(req, Status::deadline_exceeded("deadline passed while waiting for a worker"));
      continue;
    }
    if (!send_to_worker(*best, std::move(req), now)) return;
  }
}

bool Broker::send_to_worker(Worker& worker, PendingRequest&& req, Clock::time_point now) {
  mp::MapBuilder& h = header_builder_;
  h.clear();
  h.set(field::kId, req.serial)
      .set(field::kService, req.service)
      .set(field::kMethod, req.method)
      .set(field::kDeadlineMs, remaining_ms(req.deadline, now))
      .set(field::kPrincipal, req.principal)
      .set(field::kAttempt, req.attempt);
  if (!req.rights.empty()) {
    std::vector<std::string_view> rights;
    for (std::size_t at = 0; at <= req.rights.size();) {
      std::size_t comma = std::min(req.rights.find(',', at), req.rights.size());
      rights.push_back(std::string_view(req.rights).substr(at, comma - at));
      at = comma + 1;
    }
    h.set(field::kRights, rights);
  }
  if (req.idempotency_key) h.set(field::kIdempotencyKey, *req.idempotency_key);

  InFlight flight;
  if (req.redispatchable()) flight.params_copy.copy(req.params);
  h.bytes_into(header_buf_);
  const protocol::SendResult r =
      protocol::send(socket_, worker.routing_id, Command::kRequest, header_buf_, &req.params);
  if (r != protocol::SendResult::kSent) {
    // Nothing was queued (only a first frame can fail), so the params are intact: put the
    // request back and stop feeding this worker.
    worker.entry->queue.push_front(std::move(req));
    if (r == protocol::SendResult::kUnroutable) {
      ++stats_.unroutable;
      remove_worker(worker.routing_id, Status::unavailable("worker connection is gone"), now);
    }
    return false;
  }
  ++worker.in_flight;
  const std::uint64_t serial = req.serial;
  req.params = zmq::message_t();
  flight.request = std::move(req);
  flight.worker = &worker;
  in_flight_.emplace(serial, std::move(flight));
  return true;
}

void Broker::on_reply(const std::string& peer, protocol::Message&& msg, Clock::time_point now) {
  auto w = workers_.find(peer);
  if (w == workers_.end()) {
    // A reply from a worker this broker does not know (e.g. it restarted): drop it and
    // tell the worker to register again.
    ++stats_.late_replies;
    protocol::send(socket_, peer, Command::kDisconnect, protocol::empty_header());
    return;
  }
  Worker& worker = *w->second;
  const mp::MapView h = msg.header();
  auto id = h.uint64(field::kId);
  if (!id.ok()) {
    ++stats_.malformed;
    refuse(peer, id.status().with_context("REPLY header"));
    return;
  }
  auto it = in_flight_.find(*id);
  if (it == in_flight_.end() || it->second.worker != &worker) {
    ++stats_.late_replies;
    return;
  }
  InFlight flight = std::move(it->second);
  in_flight_.erase(it);
  --worker.in_flight;
  ++worker.served;

  if (flight.answered) {
    ++stats_.late_replies;  // the client already got DEADLINE_EXCEEDED
  } else {
    Status status = protocol::reply_status(h);
    if (status.code() == StatusCode::kInternal && status.message().rfind("malformed", 0) == 0) {
      ++stats_.malformed;
      status = Status::internal("worker " + worker.instance + " sent a " + status.message());
    }
    if (!status.is_ok() && protocol::is_own_failure(status.code())) {
      worker.last_error = protocol::last_error_of(status, flight.request.service + "." + flight.request.method);
    }
    release_slot(flight.request.client);
    answer_raw(flight.request.client, flight.request.client_id, status,
               status.is_ok() ? &msg.body : nullptr);
  }
  if (worker.draining && worker.in_flight == 0) {
    remove_worker(peer, Status::ok(), now);
    return;
  }
  dispatch(*worker.entry, now);
}

void Broker::release_slot(const std::string& client) {
  if (options_.max_in_flight_per_client == 0) return;
  auto it = client_in_flight_.find(client);
  if (it != client_in_flight_.end() && --it->second == 0) client_in_flight_.erase(it);
}

void Broker::answer(const PendingRequest& req, const Status& status, std::string_view body) {
  release_slot(req.client);
  zmq::message_t b(body.data(), body.size());
  answer_raw(req.client, req.client_id, status, body.empty() ? nullptr : &b);
}

void Broker::answer_raw(const std::string& client, std::uint64_t id, const Status& status,
                        zmq::message_t* body) {
  ++stats_.replies;
  if (!status.is_ok()) stats_.count_error(status.code());
  protocol::reply_header_into(header_buf_, id, status);
  const auto r = protocol::send(socket_, client, Command::kReply, header_buf_, body);
  if (r == protocol::SendResult::kUnroutable) ++stats_.unroutable;
  if (r == protocol::SendResult::kWouldBlock) {
    spdlog::warn("client's queue is full; reply {} dropped", id);
  }
}

void Broker::expire_requests(Clock::time_point now) {
  for (auto& [name, svc] : services_) {
    for (auto it = svc.queue.begin(); it != svc.queue.end();) {
      if (it->deadline > now) {
        ++it;
        continue;
      }
      bool alive = false;
      for (const Worker* w : svc.workers) alive = alive || !w->draining;
      answer(*it, alive ? Status::deadline_exceeded("no worker of '" + name +
                                                    "' became free before the deadline")
                        : Status::unavailable("no worker serves '" + name + "'"));
      it = svc.queue.erase(it);
    }
  }
  for (auto& [serial, f] : in_flight_) {
    if (!f.answered && f.request.deadline <= now) {
      const Status late = Status::deadline_exceeded(f.request.service + "." + f.request.method +
                                                    " did not answer before the deadline");
      answer(f.request, late);
      if (f.worker != nullptr) {
        f.worker->last_error = protocol::last_error_of(late, f.request.service + "." + f.request.method);
      }
      f.answered = true;
      f.params_copy = zmq::message_t();
    }
  }
}

}  // namespace cedu::bus
