// Real loopback sockets standing in for hosts that misbehave, for the tests
// that need no lab: one that never speaks SSH, one where nothing listens.
#ifndef WGMESH_TESTS_PROTOCOL_LOOPBACK_HOSTS_H_
#define WGMESH_TESTS_PROTOCOL_LOOPBACK_HOSTS_H_

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace wgmesh::testing {

// A TCP listener on 127.0.0.1 that never accepts: the kernel completes
// connections into its backlog, but no SSH banner ever comes.
class SilentHost {
 public:
  SilentHost() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), len);
    listen(fd_, 16);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~SilentHost() { close(fd_); }
  SilentHost(const SilentHost&) = delete;
  SilentHost& operator=(const SilentHost&) = delete;
  int port() const { return port_; }
  // True when someone connected.
  bool Touched() const {
    pollfd p{fd_, POLLIN, 0};
    return poll(&p, 1, 0) > 0;
  }

 private:
  int fd_ = -1;
  int port_ = 0;
};

// A port where nothing listens (connection refused).
inline int ClosedPort() {
  SilentHost h;
  return h.port();
}

}  // namespace wgmesh::testing

#endif  // WGMESH_TESTS_PROTOCOL_LOOPBACK_HOSTS_H_
