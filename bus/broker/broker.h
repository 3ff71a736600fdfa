// Broker: the cedu-bus message broker. One ROUTER socket serves clients, workers and
// subscribers (CEDU01, docs/protocol.md): named services with load balancing across
// workers, deadlines, heartbeats both ways, re-dispatch of idempotent requests whose worker
// died, the built-in `bus` service, and a durable event log with resumable subscriptions.
// Bad input of any kind is counted and dropped or answered; it never stops the broker.
// Thread-safety: run() owns the socket; everything runs on the calling thread. stop()
// only sets a flag and is safe from other threads and signal handlers.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <zmq.hpp>

#include "bus/broker/broker_options.h"
#include "bus/broker/broker_state.h"
#include "bus/broker/broker_stats.h"
#include "bus/broker/event_log.h"
#include "bus/broker/rate_limiter.h"
#include "bus/protocol/frames.h"
#include "bus/security/access_list.h"
#include "bus/security/zap_handler.h"
#include "common/msgpack/builder.h"
#include "common/result.h"

namespace cedu::bus {

class Broker {
 public:
  // Opens the event log, in secure mode loads the key pair and access list and starts the
  // ZAP handler, then binds the endpoint. Returns UNAVAILABLE when the endpoint cannot be
  // bound, INVALID_ARGUMENT (with file:line) for a bad access list, and the log's or the
  // keys' error otherwise.
  static Result<std::unique_ptr<Broker>> create(BrokerOptions options);
  ~Broker();

  // The endpoint actually bound (an ephemeral port resolved).
  const std::string& endpoint() const { return endpoint_; }

  // Serves until stop(); then answers everything pending with UNAVAILABLE.
  void run();
  void stop() { stopping_.store(true); }
  // Asks run() to reload the access list (SIGHUP). Safe from a signal handler.
  void request_reload() { reload_requested_.store(true); }
  // The broker's CURVE public key (Z85), empty when not secure.
  const std::string& public_key() const { return public_key_; }

 private:
  Broker(BrokerOptions options, std::unique_ptr<EventLog> log);

  // Message intake.
  void receive_batch();
  void handle(const std::string& peer, protocol::Message&& msg, Clock::time_point now);
  void refuse(const std::string& peer, const Status& status);

  // Requests and replies.
  void on_request(const std::string& peer, std::string_view principal,
                  protocol::Message&& msg, Clock::time_point now);
  void on_reply(const std::string& peer, protocol::Message&& msg, Clock::time_point now);
  void dispatch(ServiceEntry& service, Clock::time_point now);
  bool send_to_worker(Worker& worker, PendingRequest&& req, Clock::time_point now);
  // Answers a request the broker accepted (and releases its in-flight slot).
  void answer(const PendingRequest& req, const Status& status, std::string_view body = {});
  void release_slot(const std::string& client);
  void answer_raw(const std::string& client, std::uint64_t id, const Status& status,
                  zmq::message_t* body);
  void expire_requests(Clock::time_point now);

  // Workers.
  void on_ready(const std::string& peer, std::string_view principal, const protocol::Message& msg,
                Clock::time_point now);
  void on_worker_disconnect(Worker& worker, Clock::time_point now);
  void remove_worker(const std::string& routing_id, const Status& reason, Clock::time_point now);
  void expire_workers(Clock::time_point now);
  void send_heartbeats();
  ServiceEntry& service(const std::string& name);
  void forget_idle_services();

  // Events.
  void on_publish(const std::string& peer, std::string_view principal,
                  protocol::Message&& msg);
  void on_subscribe(const std::string& peer, std::string_view principal,
                    const protocol::Message& msg, Clock::time_point now);
  void on_unsubscribe(const std::string& peer, const protocol::Message& msg);
  // Commits the events staged by on_publish and sends them to live subscriptions.
  void flush_events();
  // Refuses the publishers of the staged events (UNAVAILABLE naming `why`) and forgets them.
  void fail_staged(const Status& why);
  void pump_subscriptions();
  bool catch_up(Subscriber& sub, Subscription& s);
  protocol::SendResult send_event(const Subscriber& sub, const Subscription& s,
                                  const StoredEvent& e);
  void expire_subscribers(Clock::time_point now);

  // The `bus` service.
  Result<std::string> bus_method(std::string_view method);
  std::string services_result() const;
  std::string stats_result() const;
  // Remembers a failure of the broker's own (the event log, the access list) for bus.stats.
  void note_error(const Status& status, std::string_view what);

  void shutdown();

  // Security (secure mode only; every check passes otherwise).
  Status start_security();
  // Reloads the access list; returns a summary (principals, keys, workers cut off), or the
  // list's error while the old list stays in force.
  Result<std::string> reload_acl();
  const security::Grant* grant_of(std::string_view principal) const;
  // The named rights of `principal`, comma-separated ("" for none or without CURVE).
  std::string rights_of(std::string_view principal) const;
  Status authorize_call(std::string_view principal, const std::string& service,
                        const std::string& method) const;

  BrokerOptions options_;
  std::unique_ptr<EventLog> log_;
  struct StagedEvent {
    std::string peer;  // the publisher, to refuse if the commit fails
    StoredEvent event;
  };
  std::vector<StagedEvent> staged_;  // published in this burst, not yet committed
  zmq::context_t context_;
  zmq::socket_t socket_;
  std::string endpoint_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> reload_requested_{false};
  // Declared after context_ so that it is destroyed first: its socket lives in context_.
  std::unique_ptr<security::ZapHandler> zap_;
  std::shared_ptr<const security::AccessList> acl_;
  std::string public_key_;

  // Random per broker run: lets peers see that the broker restarted (and lost their
  // subscriptions or registration) even when no heartbeat was missed.
  std::uint64_t epoch_ = 0;
  std::string heartbeat_header_;
  RateLimiter limiter_{0, 0};
  std::unordered_map<std::string, std::uint32_t> client_in_flight_;  // routing id → count
  std::uint64_t next_serial_ = 1;
  std::optional<protocol::LastError> last_error_;
  std::map<std::string, ServiceEntry> services_;
  std::unordered_map<std::string, std::unique_ptr<Worker>> workers_;
  std::unordered_map<std::uint64_t, InFlight> in_flight_;
  std::unordered_map<std::string, Subscriber> subscribers_;
  BrokerStats stats_;
  Clock::time_point started_;
  Clock::time_point next_heartbeat_;
  std::vector<zmq::message_t> frames_;
  msgpack::zone header_zone_{1024};  // reused for every header the broker parses
  mp::MapBuilder header_builder_;    // reused for every header the broker builds
  std::string header_buf_;
};

}  // namespace cedu::bus
