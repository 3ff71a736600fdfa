// ZapHandler: the ZeroMQ authentication handler (ZAP, RFC 27) of a context. libzmq asks it,
// for every new connection to a socket with a ZAP domain, whether to let the peer in; it
// accepts a CURVE client iff its public key is in the AccessList, and answers the key's
// principal as the User-Id, which the broker then stamps into every request. Everything
// else is refused. Without a handler libzmq would accept every CURVE key, so the handler
// must be running before any server socket of the context binds.
// Thread-safety: serves from a thread of its own; update() and the counters may be used
// from any thread.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <zmq.hpp>

#include "bus/security/access_list.h"
#include "common/result.h"

namespace cedu::security {

class ZapHandler {
 public:
  // Binds inproc://zeromq.zap.01 in `context` and starts serving ZAP requests for `domain`.
  // REQUIRES: `context` outlives the handler. Returns UNAVAILABLE iff another handler is
  // bound in the context.
  static Result<std::unique_ptr<ZapHandler>> start(zmq::context_t& context, std::string domain,
                                                   std::shared_ptr<const AccessList> acl);
  ~ZapHandler();
  ZapHandler(const ZapHandler&) = delete;
  ZapHandler& operator=(const ZapHandler&) = delete;

  // Replaces the access list; connections made from now on are judged by the new one.
  void update(std::shared_ptr<const AccessList> acl);
  std::shared_ptr<const AccessList> acl() const;

  std::uint64_t accepted() const { return accepted_.load(); }
  std::uint64_t refused() const { return refused_.load(); }

 private:
  ZapHandler(zmq::context_t& context, std::string domain, std::shared_ptr<const AccessList> acl);
  void serve();
  // Decides one request; returns {status code, status text, user id}.
  struct Verdict {
    std::string code;
    std::string text;
    std::string user_id;
  };
  Verdict judge(const std::vector<zmq::message_t>& request);

  zmq::socket_t socket_;
  std::string domain_;
  mutable std::mutex mutex_;
  std::shared_ptr<const AccessList> acl_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> accepted_{0};
  std::atomic<std::uint64_t> refused_{0};
  std::thread thread_;
};

}  // namespace cedu::security
