#include "core/ssh/jump.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "core/ssh/error.h"

namespace wgmesh::ssh {
namespace {

constexpr size_t kChunk = 32 * 1024;
constexpr size_t kMaxPending = 1024 * 1024;

bool WouldBlock(int err) { return err == EAGAIN || err == EWOULDBLOCK || err == EINTR; }

}  // namespace

JumpTunnel::JumpTunnel(SessionPtr jump, int jump_socket)
    : jump_(std::move(jump)), jump_socket_(jump_socket) {}

JumpTunnel::~JumpTunnel() {
  Close();
  jump_.reset();
  if (jump_socket_ >= 0) ::close(jump_socket_);
}

int JumpTunnel::jump_fd() const { return ssh_get_fd(jump_.get()); }

absl::StatusOr<int> JumpTunnel::Open(const std::string& host, int port) {
  Close();
  ChannelPtr channel(ssh_channel_new(jump_.get()));
  if (channel == nullptr) return absl::UnavailableError(ssh_get_error(jump_.get()));
  int rc = ssh_channel_open_forward(channel.get(), host.c_str(), port, "127.0.0.1", 22);
  if (rc != SSH_OK) {
    std::string why = rc == SSH_AGAIN ? "timed out" : ssh_get_error(jump_.get());
    std::string message =
        absl::StrCat("the jump host could not connect to ", host, " port ", port, ": ", why);
    if (rc == SSH_AGAIN || MentionsAny(why, {"refused", "timed out", "timeout"})) {
      return absl::UnavailableError(message);
    }
    return absl::FailedPreconditionError(message);
  }
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, pair) != 0) {
    return absl::InternalError(absl::StrCat("socketpair: ", std::strerror(errno)));
  }
  channel_ = std::move(channel);
  local_ = pair[1];
  stop_.store(false);
  pump_ = std::thread([this, local = local_, ch = channel_.get()] { Pump(local, ch); });
  return pair[0];
}

void JumpTunnel::Close() {
  stop_.store(true);
  if (pump_.joinable()) pump_.join();
  if (channel_ != nullptr) {
    if (ssh_channel_is_open(channel_.get())) ssh_channel_close(channel_.get());
    channel_.reset();
  }
  if (local_ >= 0) {
    ::close(local_);
    local_ = -1;
  }
}

void JumpTunnel::Pump(int local, ssh_channel channel) {
  std::string to_local;  // arrived on the channel, not yet written to the socket
  char buf[kChunk];
  bool channel_eof = false;
  bool shut_wr = false;
  while (!stop_.load()) {
    bool progress = false;

    if (!channel_eof && to_local.size() < kMaxPending) {
      int n = ssh_channel_read_nonblocking(channel, buf, sizeof buf, 0);
      if (n > 0) {
        to_local.append(buf, static_cast<size_t>(n));
        progress = true;
      } else if (n < 0 || ssh_channel_is_eof(channel) || !ssh_channel_is_open(channel)) {
        channel_eof = true;
      }
    }
    if (!to_local.empty()) {
      ssize_t w = ::send(local, to_local.data(), to_local.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (w > 0) {
        to_local.erase(0, static_cast<size_t>(w));
        progress = true;
      } else if (w < 0 && !WouldBlock(errno)) {
        return;  // the target session is gone
      }
    }
    if (channel_eof && to_local.empty() && !shut_wr) {
      ::shutdown(local, SHUT_WR);
      shut_wr = true;
    }

    ssize_t r = ::recv(local, buf, sizeof buf, MSG_DONTWAIT);
    if (r > 0) {
      for (ssize_t done = 0; done < r && !channel_eof;) {
        int w = ssh_channel_write(channel, buf + done, static_cast<uint32_t>(r - done));
        if (w < 0) {
          channel_eof = true;  // lost: the target session will see a closed socket
          ::shutdown(local, SHUT_RDWR);
          break;
        }
        done += w;
      }
      progress = true;
    } else if (r == 0 || (r < 0 && !WouldBlock(errno))) {
      if (!channel_eof) ssh_channel_send_eof(channel);
      return;  // the target session closed its end
    }

    if (!progress) {
      pollfd fds[2] = {
          {local, static_cast<short>(POLLIN | (to_local.empty() ? 0 : POLLOUT)), 0},
          {channel_eof || to_local.size() >= kMaxPending ? -1 : ssh_get_fd(jump_.get()), POLLIN, 0},
      };
      ::poll(fds, 2, 50);
    }
  }
}

}  // namespace wgmesh::ssh
