#include "bus/protocol/socket_options.h"

namespace cedu::protocol {
namespace {

void common_limits(zmq::socket_t& s, const SocketLimits& l) {
  s.set(zmq::sockopt::linger, static_cast<int>(l.linger.count()));
  s.set(zmq::sockopt::sndhwm, l.high_water_mark);
  s.set(zmq::sockopt::rcvhwm, l.high_water_mark);
  s.set(zmq::sockopt::maxmsgsize, l.max_frame_bytes);
  s.set(zmq::sockopt::tcp_keepalive, 1);
}

}  // namespace

void configure_router(zmq::socket_t& socket, const SocketLimits& limits) {
  common_limits(socket, limits);
  socket.set(zmq::sockopt::router_mandatory, 1);
  socket.set(zmq::sockopt::router_handover, 0);
}

void configure_dealer(zmq::socket_t& socket, const SocketLimits& limits) {
  // Messages sent while the broker is away wait in the pipe and go out on reconnect;
  // their deadlines decide whether they are still worth serving.
  common_limits(socket, limits);
}

void configure_curve_client(zmq::socket_t& socket, const CurveCredentials& curve) {
  socket.set(zmq::sockopt::curve_serverkey, curve.server_public_key);
  socket.set(zmq::sockopt::curve_publickey, curve.public_key);
  socket.set(zmq::sockopt::curve_secretkey, curve.secret_key);
}

std::string bind_endpoint(zmq::socket_t& socket, const std::string& endpoint) {
  std::string ep = endpoint;
  if (ep.rfind("tcp://", 0) == 0 && ep.size() > 2 && ep.compare(ep.size() - 2, 2, ":0") == 0) {
    ep.replace(ep.size() - 1, 1, "*");
  }
  socket.bind(ep);
  return socket.get(zmq::sockopt::last_endpoint);
}

}  // namespace cedu::protocol
