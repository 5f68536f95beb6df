#include "core/ssh/connect.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <optional>

#include "absl/strings/str_cat.h"
#include "core/ssh/auth.h"
#include "core/ssh/cancel_watch.h"
#include "core/ssh/config_alias.h"
#include "core/ssh/dial.h"
#include "core/ssh/error.h"
#include "core/ssh/host_key.h"

namespace wgmesh::ssh {
namespace {

using std::chrono::milliseconds;

bool Cancelled(const CancelToken* cancel) { return cancel != nullptr && cancel->cancelled(); }

// A libssh session with every option set, not yet connected.
struct Prepared {
  SessionPtr session;
  Target target;
  std::optional<Target> jump;  // ProxyJump from the config
  bool proxy_command = false;
  bool config_identities = false;
};

absl::StatusOr<Prepared> Prepare(const Target& target, const ConnectOptions& options,
                                 const Scrubber& scrubber) {
  Prepared p;
  p.target = target;
  p.session.reset(ssh_new());
  ssh_session s = p.session.get();
  if (s == nullptr) return absl::ResourceExhaustedError("ssh_new failed");
  int no = 0;
  ssh_options_set(s, SSH_OPTIONS_PROCESS_CONFIG, &no);  // only an explicit alias reads a config
  const long timeout_ms = std::max<long>(100, options.per_dial_timeout.count());
  long seconds = timeout_ms / 1000, usec = (timeout_ms % 1000) * 1000;
  ssh_options_set(s, SSH_OPTIONS_TIMEOUT, &seconds);
  ssh_options_set(s, SSH_OPTIONS_TIMEOUT_USEC, &usec);
  const std::string where = target.Describe();

  if (!target.config_alias.empty()) {
    absl::StatusOr<ResolvedAlias> alias = ApplyConfigAlias(s, target);
    if (!alias.ok()) return Annotate(alias.status(), where, kStepConnect, scrubber);
    p.target.host = alias->host;
    p.target.port = alias->port;
    p.target.credentials.user = alias->user;
    p.jump = std::move(alias->jump);
    p.proxy_command = alias->proxy_command;
    p.config_identities = true;
  } else {
    if (target.host.empty()) {
      return StepError(absl::StatusCode::kInvalidArgument, where, kStepConnect, "no host given",
                       scrubber);
    }
    int port = target.port;
    if (ssh_options_set(s, SSH_OPTIONS_HOST, target.host.c_str()) != SSH_OK ||
        ssh_options_set(s, SSH_OPTIONS_PORT, &port) != SSH_OK ||
        ssh_options_set(s, SSH_OPTIONS_USER, target.credentials.user.c_str()) != SSH_OK) {
      return StepError(absl::StatusCode::kInvalidArgument, where, kStepConnect,
                       absl::StrCat("bad host, port or user: ", ssh_get_error(s)), scrubber);
    }
  }
  if (absl::Status st = PrepareHostKeyCheck(s, p.target.host_key); !st.ok()) {
    return Annotate(st, p.target.Describe(), kStepHostKey, scrubber);
  }
  return p;
}

// Errors of ssh_connect worth another attempt: the server was not ready.
bool RetryableHandshake(absl::string_view error) {
  return MentionsAny(error, {"timeout", "timed out", "refused", "reset", "disconnected", "closed",
                             "broken pipe"});
}

milliseconds Backoff(int failed_attempts) {
  milliseconds delay(250);
  for (int i = 1; i < failed_attempts && delay < milliseconds(4000); ++i) delay *= 2;
  return std::min(delay, milliseconds(4000));
}

absl::StatusOr<std::unique_ptr<Connection>> ConnectTarget(const Target& target,
                                                          const std::optional<Target>& proxy,
                                                          const ConnectOptions& options,
                                                          const CancelToken* cancel,
                                                          const LogSink& log,
                                                          const Scrubber& scrubber, int depth);

// Connects the jump host and wraps its session in a tunnel.
absl::StatusOr<std::unique_ptr<JumpTunnel>> ConnectJump(const Target& jump,
                                                        const ConnectOptions& options,
                                                        const CancelToken* cancel,
                                                        const LogSink& log,
                                                        const Scrubber& scrubber, int depth,
                                                        std::string& jump_where) {
  if (depth > 0) {
    return absl::InvalidArgumentError("only one jump host is supported");
  }
  absl::StatusOr<std::unique_ptr<Connection>> c =
      ConnectTarget(jump, std::nullopt, options, cancel, log, scrubber, depth + 1);
  if (!c.ok()) return c.status();
  jump_where = (*c)->where;
  if ((*c)->tunnel != nullptr) return absl::InvalidArgumentError("only one jump host is supported");
  int fd = std::exchange((*c)->fd, -1);
  return std::make_unique<JumpTunnel>(std::move((*c)->session), fd);
}

absl::StatusOr<std::unique_ptr<Connection>> ConnectTarget(const Target& target,
                                                          const std::optional<Target>& proxy,
                                                          const ConnectOptions& options,
                                                          const CancelToken* cancel,
                                                          const LogSink& log,
                                                          const Scrubber& scrubber, int depth) {
  const int attempts = std::max(1, options.dial_attempts);
  const milliseconds dial_timeout =
      std::max<milliseconds>(milliseconds(100), options.per_dial_timeout);
  std::unique_ptr<JumpTunnel> tunnel;  // outlives failed attempts: the jump session is reused
  std::string where = target.Describe();
  std::string jump_where;
  absl::Status last;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    if (attempt > 1) {
      milliseconds delay = Backoff(attempt - 1);
      if (log) {
        log("debug", absl::StrCat(where, ": connect attempt ", attempt - 1, "/", attempts,
                                  " failed (", last.message(), "); retrying in ", delay.count(),
                                  " ms"));
      }
      if (!SleepUnlessCancelled(delay, cancel)) break;
    }
    if (Cancelled(cancel)) break;

    absl::StatusOr<Prepared> prepared = Prepare(target, options, scrubber);
    if (!prepared.ok()) return prepared.status();
    where = prepared->target.Describe();
    const std::optional<Target>& jump = proxy ? proxy : prepared->jump;
    if (jump && tunnel == nullptr) {
      absl::StatusOr<std::unique_ptr<JumpTunnel>> t =
          ConnectJump(*jump, options, cancel, log, scrubber, depth, jump_where);
      if (!t.ok()) {
        if (t.status().code() == absl::StatusCode::kCancelled) break;
        return StepError(t.status().code(), where, kStepConnect,
                         absl::StrCat("jump host: ", t.status().message()), scrubber);
      }
      tunnel = std::move(*t);
    }
    if (!jump_where.empty()) absl::StrAppend(&where, " via ", jump_where);

    auto conn = std::make_unique<Connection>();
    conn->target = prepared->target;
    conn->where = where;
    conn->session = std::move(prepared->session);
    ssh_session s = conn->session.get();

    // Transport.
    if (tunnel != nullptr) {
      CancelWatch watch(tunnel->jump_fd(), cancel);
      absl::StatusOr<int> fd = tunnel->Open(conn->target.host, conn->target.port);
      if (!fd.ok()) {
        if (Cancelled(cancel)) break;
        last = fd.status();
        if (last.code() == absl::StatusCode::kUnavailable) continue;
        return Annotate(last, where, kStepConnect, scrubber);
      }
      conn->fd = *fd;
    } else if (!prepared->proxy_command) {
      absl::StatusOr<int> fd = DialTcp(conn->target.host, conn->target.port, dial_timeout, cancel);
      if (!fd.ok()) {
        if (Cancelled(cancel)) break;
        last = fd.status();
        if (last.code() == absl::StatusCode::kUnavailable) continue;
        return Annotate(last, where, kStepConnect, scrubber);
      }
      conn->fd = *fd;
    }
    if (conn->fd >= 0) ssh_options_set(s, SSH_OPTIONS_FD, &conn->fd);

    // Handshake, host key, authentication: blocking libssh calls, unblocked on cancel.
    CancelWatch watch(conn->fd, cancel);
    if (ssh_connect(s) != SSH_OK) {
      if (Cancelled(cancel)) break;
      std::string error = ssh_get_error(s);
      last = absl::UnavailableError(absl::StrCat("ssh handshake: ", error));
      if (RetryableHandshake(error)) {
        conn.reset();
        if (tunnel != nullptr) tunnel->Close();
        continue;
      }
      return StepError(absl::StatusCode::kUnavailable, where, kStepConnect, last.message(),
                       scrubber);
    }
    if (absl::Status st = VerifyHostKey(s, conn->target.host_key, where, log, scrubber);
        !st.ok()) {
      if (Cancelled(cancel)) break;
      return st;
    }
    if (absl::Status st = Authenticate(s, conn->target.credentials, prepared->config_identities,
                                       where, scrubber);
        !st.ok()) {
      if (Cancelled(cancel)) break;
      return st;
    }
    if (Cancelled(cancel)) break;
    conn->tunnel = std::move(tunnel);
    return conn;
  }
  if (Cancelled(cancel)) {
    return StepError(absl::StatusCode::kCancelled, where, kStepConnect, "cancelled", scrubber);
  }
  return StepError(absl::StatusCode::kUnavailable, where, kStepConnect,
                   absl::StrCat("gave up after ", attempts,
                                attempts == 1 ? " attempt: " : " attempts: ", last.message()),
                   scrubber);
}

}  // namespace

Connection::~Connection() {
  session.reset();
  if (fd >= 0) ::close(fd);
  tunnel.reset();
}

absl::StatusOr<std::unique_ptr<Connection>> OpenConnection(const ConnectOptions& options,
                                                           const CancelToken* cancel,
                                                           const LogSink& log,
                                                           const Scrubber& scrubber) {
  EnsureLibsshInit();
  return ConnectTarget(options.target, options.proxy, options, cancel, log, scrubber, 0);
}

}  // namespace wgmesh::ssh
