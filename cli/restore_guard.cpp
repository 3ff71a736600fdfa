#include "cli/restore_guard.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace cedu::cli {
namespace {

// Connects `fd` to `addr` without blocking longer than `wait`.
bool connects(int fd, const sockaddr* addr, socklen_t len, std::chrono::milliseconds wait) {
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  if (::connect(fd, addr, len) == 0) return true;
  if (errno != EINPROGRESS) return false;
  pollfd p{fd, POLLOUT, 0};
  if (::poll(&p, 1, static_cast<int>(wait.count())) != 1) return false;
  int err = 0;
  socklen_t err_len = sizeof err;
  return ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &err_len) == 0 && err == 0;
}

bool tcp_accepts(const std::string& host_port, std::chrono::milliseconds wait) {
  const auto colon = host_port.rfind(':');
  if (colon == std::string::npos) return false;
  std::string host = host_port.substr(0, colon);
  const std::string port = host_port.substr(colon + 1);
  if (host == "*" || host.empty()) host = "127.0.0.1";  // a bind-all endpoint: ask locally
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  if (::getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0) return false;
  bool accepted = false;
  for (addrinfo* a = found; a != nullptr && !accepted; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    accepted = connects(fd, a->ai_addr, a->ai_addrlen, wait);
    ::close(fd);
  }
  ::freeaddrinfo(found);
  return accepted;
}

bool ipc_accepts(const std::string& path, std::chrono::milliseconds wait) {
  sockaddr_un addr{};
  if (path.empty() || path.size() >= sizeof addr.sun_path) return false;
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path.data(), path.size());
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  const bool accepted = connects(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr, wait);
  ::close(fd);
  return accepted;
}

}  // namespace

bool endpoint_accepts_connections(const std::string& endpoint, std::chrono::milliseconds wait) {
  constexpr std::string_view kTcp = "tcp://", kIpc = "ipc://";
  if (endpoint.rfind(kTcp, 0) == 0) return tcp_accepts(endpoint.substr(kTcp.size()), wait);
  if (endpoint.rfind(kIpc, 0) == 0) return ipc_accepts(endpoint.substr(kIpc.size()), wait);
  return false;
}

}  // namespace cedu::cli
