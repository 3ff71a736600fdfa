// Broker: CURVE, the access list and its reload, and authorisation of calls.
#include <spdlog/spdlog.h>

#include "bus/broker/broker.h"
#include "bus/security/curve_keys.h"
#include "common/msgpack/builder.h"

namespace cedu::bus {

Status Broker::start_security() {
  CEDU_ASSIGN_OR_RETURN(security::CurveKeyPair keys,
                        security::load_or_create_keypair(options_.curve_keys_dir, "cedu-bus"));
  auto acl = security::AccessList::reload(options_.acl_path);
  if (!acl.ok()) return acl.status();
  acl_ = *acl;
  // The handler must answer before the first CURVE connection: without one libzmq would
  // let every key in.
  CEDU_ASSIGN_OR_RETURN(zap_, security::ZapHandler::start(context_, "cedu", acl_));
  socket_.set(zmq::sockopt::zap_domain, "cedu");
  socket_.set(zmq::sockopt::curve_server, 1);
  socket_.set(zmq::sockopt::curve_secretkey, keys.secret_key);
  public_key_ = keys.public_key;
  spdlog::info("CURVE on: {} principals, {} keys from {}; broker key {}", acl_->principals(),
               acl_->keys(), options_.acl_path, public_key_);
  return Status::ok();
}

Result<std::string> Broker::reload_acl() {
  if (!options_.secure()) {
    return Status::failed_precondition("the broker runs without CURVE: there is no access list");
  }
  auto acl = security::AccessList::reload(options_.acl_path);
  if (!acl.ok()) {
    spdlog::error("access list not reloaded, keeping the current one: {}", acl.status().message());
    note_error(acl.status(), "access list");
    return acl.status();
  }
  acl_ = *acl;
  zap_->update(acl_);
  // Workers whose principal lost its grant are cut off now; clients and subscribers are
  // refused on their next request or event.
  std::vector<std::string> gone;
  for (const auto& [id, w] : workers_) {
    if (acl_->by_principal(w->principal) == nullptr) gone.push_back(id);
  }
  for (const auto& id : gone) {
    protocol::send(socket_, id, protocol::Command::kDisconnect, protocol::empty_header());
    remove_worker(id, Status::permission_denied("its key was revoked"), Clock::now());
  }
  std::erase_if(subscribers_, [this](const auto& kv) {
    if (acl_->by_principal(kv.second.principal) != nullptr) return false;
    refuse(kv.first, Status::permission_denied(kv.second.principal +
                                               " was removed from the access list; its "
                                               "subscriptions have ended"));
    return true;
  });
  spdlog::info("access list reloaded: {} principals, {} keys; {} workers cut off",
               acl_->principals(), acl_->keys(), gone.size());
  mp::MapBuilder r;
  r.set("principals", static_cast<std::uint64_t>(acl_->principals()))
      .set("keys", static_cast<std::uint64_t>(acl_->keys()))
      .set("workers_cut_off", static_cast<std::uint64_t>(gone.size()));
  return r.bytes();
}

const security::Grant* Broker::grant_of(std::string_view principal) const {
  return acl_ ? acl_->by_principal(principal) : nullptr;
}

std::string Broker::rights_of(std::string_view principal) const {
  const security::Grant* grant = grant_of(principal);
  std::string joined;
  if (grant == nullptr) return joined;
  for (const auto& right : grant->rights) joined += (joined.empty() ? "" : ",") + right;
  return joined;
}

Status Broker::authorize_call(std::string_view principal, const std::string& service,
                              const std::string& method) const {
  if (!options_.secure()) return Status::ok();
  const std::string full = service + "." + method;
  const security::Grant* grant = grant_of(principal);
  if (grant == nullptr) {
    return Status::permission_denied(std::string(principal) + " is not registered (key revoked?)"
                                     "; " + full + " refused");
  }
  if (!security::AccessList::may_call(*grant, full)) {
    return Status::permission_denied(std::string(principal) + " is not granted " + full);
  }
  return Status::ok();
}

}  // namespace cedu::bus
