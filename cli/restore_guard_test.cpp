#define BOOST_TEST_MODULE cli_restore_guard
#include <boost/test/unit_test.hpp>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cli/restore_guard.h"

namespace cedu::cli {
namespace {

using std::chrono::milliseconds;

// A listening loopback socket on an ephemeral port.
struct Listener {
  Listener() {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    BOOST_REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    BOOST_REQUIRE(::listen(fd, 4) == 0);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
  }
  ~Listener() { if (fd >= 0) ::close(fd); }
  int fd = -1;
  int port = 0;
};

BOOST_AUTO_TEST_CASE(a_listening_endpoint_is_seen_and_a_closed_one_is_not) {
  int port = 0;
  {
    Listener l;
    port = l.port;
    BOOST_TEST(endpoint_accepts_connections("tcp://127.0.0.1:" + std::to_string(port), milliseconds(500)));
    BOOST_TEST(endpoint_accepts_connections("tcp://*:" + std::to_string(port), milliseconds(500)));
  }
  BOOST_TEST(!endpoint_accepts_connections("tcp://127.0.0.1:" + std::to_string(port), milliseconds(500)));
}

BOOST_AUTO_TEST_CASE(other_transports_and_garbage_are_not_listening) {
  BOOST_TEST(!endpoint_accepts_connections("inproc://bus", milliseconds(100)));
  BOOST_TEST(!endpoint_accepts_connections("tcp://no-port", milliseconds(100)));
  BOOST_TEST(!endpoint_accepts_connections("ipc:///nonexistent/cedu.sock", milliseconds(100)));
}

}  // namespace
}  // namespace cedu::cli
