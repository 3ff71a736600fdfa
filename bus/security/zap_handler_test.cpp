// The ZAP handler with real CURVE sockets over tcp loopback: a registered key gets in with
// its principal as User-Id; an unknown key, a revoked key and a client without CURVE do
// not get in at all.
#define BOOST_TEST_MODULE zap_handler
#include <boost/test/unit_test.hpp>

#include <fstream>

#include <zmq.hpp>
#include <zmq_addon.hpp>

#include "bus/security/access_list.h"
#include "bus/security/curve_keys.h"
#include "bus/security/zap_handler.h"
#include "common/testing/temp_dir.h"

using namespace cedu::security;

namespace {

struct Server {
  cedu::testing::TempDir dir;
  zmq::context_t ctx{1};
  CurveKeyPair keys = generate_keypair().value();
  CurveKeyPair org = generate_keypair().value();
  std::unique_ptr<ZapHandler> zap;
  zmq::socket_t router{ctx, zmq::socket_type::router};
  std::string endpoint;

  Server() {
    zap = ZapHandler::start(ctx, "cedu", acl_with(org.public_key)).value();
    router.set(zmq::sockopt::curve_server, 1);
    router.set(zmq::sockopt::curve_secretkey, keys.secret_key);
    router.set(zmq::sockopt::zap_domain, "cedu");
    router.set(zmq::sockopt::linger, 0);
    router.set(zmq::sockopt::rcvtimeo, 1500);
    router.bind("tcp://127.0.0.1:*");
    endpoint = router.get(zmq::sockopt::last_endpoint);
  }
  ~Server() { router.close(); }

  std::shared_ptr<const AccessList> acl_with(const std::string& key) {
    std::string yaml = "principals:\n";
    if (!key.empty()) {
      yaml += "  - principal: org:panyu-art-school\n    keys: [\"" + key +
              "\"]\n    methods: [\"course.*\"]\n";
    }
    const std::string path = dir.file("acl.yaml");
    std::ofstream(path) << yaml;
    return AccessList::reload(path).value();
  }

  // Returns the User-Id the server saw on a message from `client`, or "" if none arrived.
  std::string receive_user_id() {
    std::vector<zmq::message_t> frames;
    if (!zmq::recv_multipart(router, std::back_inserter(frames))) return "";
    const char* uid = zmq_msg_gets(frames.back().handle(), "User-Id");
    return uid ? uid : "(none)";
  }
};

zmq::socket_t curve_client(zmq::context_t& ctx, const std::string& server_public,
                           const CurveKeyPair& mine, const std::string& endpoint) {
  zmq::socket_t s(ctx, zmq::socket_type::dealer);
  s.set(zmq::sockopt::curve_serverkey, server_public);
  s.set(zmq::sockopt::curve_publickey, mine.public_key);
  s.set(zmq::sockopt::curve_secretkey, mine.secret_key);
  s.set(zmq::sockopt::linger, 0);
  s.connect(endpoint);
  return s;
}

}  // namespace

BOOST_AUTO_TEST_CASE(registered_key_gets_in_with_its_principal) {
  Server server;
  zmq::context_t ctx(1);
  auto client = curve_client(ctx, server.keys.public_key, server.org, server.endpoint);
  client.send(zmq::str_buffer("hello"), zmq::send_flags::none);
  BOOST_TEST(server.receive_user_id() == "org:panyu-art-school");
  BOOST_TEST(server.zap->accepted() == 1u);
}

BOOST_AUTO_TEST_CASE(unknown_key_is_refused) {
  Server server;
  zmq::context_t ctx(1);
  auto stranger = curve_client(ctx, server.keys.public_key, generate_keypair().value(),
                               server.endpoint);
  stranger.send(zmq::str_buffer("let me in"), zmq::send_flags::dontwait);
  BOOST_TEST(server.receive_user_id().empty());  // nothing arrives
  BOOST_TEST(server.zap->refused() >= 1u);
  BOOST_TEST(server.zap->accepted() == 0u);
}

BOOST_AUTO_TEST_CASE(client_without_curve_is_refused) {
  Server server;
  zmq::context_t ctx(1);
  zmq::socket_t plain(ctx, zmq::socket_type::dealer);
  plain.set(zmq::sockopt::linger, 0);
  plain.connect(server.endpoint);
  plain.send(zmq::str_buffer("plain"), zmq::send_flags::dontwait);
  BOOST_TEST(server.receive_user_id().empty());
}

BOOST_AUTO_TEST_CASE(revoked_key_is_refused_on_its_next_connection) {
  Server server;
  zmq::context_t ctx(1);
  {
    auto client = curve_client(ctx, server.keys.public_key, server.org, server.endpoint);
    client.send(zmq::str_buffer("before"), zmq::send_flags::none);
    BOOST_TEST(server.receive_user_id() == "org:panyu-art-school");
  }
  server.zap->update(server.acl_with(""));  // the key is revoked
  auto again = curve_client(ctx, server.keys.public_key, server.org, server.endpoint);
  again.send(zmq::str_buffer("after"), zmq::send_flags::dontwait);
  BOOST_TEST(server.receive_user_id().empty());
  BOOST_TEST(server.zap->refused() >= 1u);
}

BOOST_AUTO_TEST_CASE(a_second_handler_in_one_context_is_refused) {
  Server server;
  auto second = ZapHandler::start(server.ctx, "cedu", server.acl_with(""));
  BOOST_TEST(second.status().code() == cedu::StatusCode::kUnavailable);
}
