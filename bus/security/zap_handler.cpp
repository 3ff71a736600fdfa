#include "bus/security/zap_handler.h"

#include <zmq_addon.hpp>

#include <spdlog/spdlog.h>

namespace cedu::security {
namespace {

constexpr const char* kZapEndpoint = "inproc://zeromq.zap.01";
constexpr std::string_view kZapVersion = "1.0";

std::string text(const zmq::message_t& m) { return std::string(m.to_string_view()); }

}  // namespace

Result<std::unique_ptr<ZapHandler>> ZapHandler::start(zmq::context_t& context,
                                                      std::string domain,
                                                      std::shared_ptr<const AccessList> acl) {
  std::unique_ptr<ZapHandler> h;
  try {
    h.reset(new ZapHandler(context, std::move(domain), std::move(acl)));
  } catch (const zmq::error_t& e) {
    return Status::unavailable(std::string("cannot bind the ZAP handler: ") + e.what());
  }
  h->thread_ = std::thread([raw = h.get()] { raw->serve(); });
  return h;
}

ZapHandler::ZapHandler(zmq::context_t& context, std::string domain,
                       std::shared_ptr<const AccessList> acl)
    : socket_(context, zmq::socket_type::rep), domain_(std::move(domain)), acl_(std::move(acl)) {
  socket_.set(zmq::sockopt::linger, 0);
  socket_.set(zmq::sockopt::rcvtimeo, 100);  // lets the thread notice stop
  socket_.bind(kZapEndpoint);
}

ZapHandler::~ZapHandler() {
  stopping_.store(true);
  if (thread_.joinable()) thread_.join();
}

void ZapHandler::update(std::shared_ptr<const AccessList> acl) {
  std::lock_guard<std::mutex> lock(mutex_);
  acl_ = std::move(acl);
}

std::shared_ptr<const AccessList> ZapHandler::acl() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return acl_;
}

ZapHandler::Verdict ZapHandler::judge(const std::vector<zmq::message_t>& r) {
  // Request: version, request id, domain, address, routing id, mechanism, credentials...
  if (r.size() < 6 || r[0].to_string_view() != kZapVersion) {
    return {"500", "malformed ZAP request", ""};
  }
  if (text(r[2]) != domain_) return {"400", "unknown ZAP domain", ""};
  const std::string mechanism = text(r[5]);
  if (mechanism != "CURVE" || r.size() != 7 || r[6].size() != 32) {
    return {"400", "only CURVE clients are accepted", ""};
  }
  char z85[41] = {0};
  if (zmq_z85_encode(z85, static_cast<const std::uint8_t*>(r[6].data()), 32) == nullptr) {
    return {"400", "malformed key", ""};
  }
  std::shared_ptr<const AccessList> acl = this->acl();
  const Grant* grant = acl ? acl->by_key(z85) : nullptr;
  if (grant == nullptr) {
    spdlog::warn("refused an unknown CURVE key {} from {}", z85, text(r[3]));
    return {"400", "unknown key", ""};
  }
  return {"200", "OK", grant->principal};
}

void ZapHandler::serve() {
  std::vector<zmq::message_t> request;
  while (!stopping_.load()) {
    request.clear();
    std::optional<std::size_t> got;
    try {
      got = zmq::recv_multipart(socket_, std::back_inserter(request));
    } catch (const zmq::error_t& e) {
      if (e.num() == ETERM) return;
      continue;
    }
    if (!got) continue;  // timeout: look at stopping_
    const Verdict v = judge(request);
    (v.code == "200" ? accepted_ : refused_).fetch_add(1);
    const std::string request_id = request.size() > 1 ? text(request[1]) : std::string();
    std::array<zmq::const_buffer, 6> reply = {
        zmq::buffer(kZapVersion), zmq::buffer(request_id), zmq::buffer(v.code),
        zmq::buffer(v.text),      zmq::buffer(v.user_id),   zmq::const_buffer()};
    try {
      zmq::send_multipart(socket_, reply);
    } catch (const zmq::error_t&) {
      // The requesting connection is gone; nothing to do.
    }
  }
}

}  // namespace cedu::security
