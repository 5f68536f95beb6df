#include "core/ssh/run_script.h"

#include <algorithm>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "core/ssh/cancel_watch.h"
#include "core/ssh/error.h"
#include "core/ssh/handles.h"

namespace wgmesh::ssh {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kSliceMs = 100;
constexpr size_t kMaxOutput = 64 * 1024 * 1024;
constexpr size_t kChunk = 64 * 1024;

bool Cancelled(const CancelToken* cancel) { return cancel != nullptr && cancel->cancelled(); }

// Best effort: ask the remote shell to stop, then drop the channel.
void Abort(ssh_channel channel) {
  ssh_channel_request_send_signal(channel, "TERM");
  ssh_channel_close(channel);
}

void Append(std::string& to, const char* data, int n) {
  if (n > 0 && to.size() < kMaxOutput) to.append(data, static_cast<size_t>(n));
}

std::string Tail(absl::string_view text, size_t max = 2000) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  if (text.size() > max) text = text.substr(text.size() - max);
  return std::string(text);
}

// sudo -n refusing to run: its own message on stderr, nothing on stdout.
absl::Status SudoRefusal(const ScriptResult& result, const RunSpec& spec,
                         const Scrubber& scrubber) {
  if (!result.out.empty() || !absl::StartsWith(result.err, "sudo: ")) return absl::OkStatus();
  std::string said = Tail(result.err, 500);
  std::string message;
  if (absl::StrContains(result.err, "a password is required")) {
    message = absl::StrCat("user \"", spec.user,
                           "\" needs passwordless sudo (NOPASSWD in sudoers) to run as root, or "
                           "connect as root; sudo -n said: ",
                           said);
  } else if (absl::StrContains(result.err, "a terminal is required")) {
    message = absl::StrCat("sudo wants a terminal (requiretty) for user \"", spec.user,
                           "\"; allow it without one; sudo said: ", said);
  } else if (absl::StrContains(result.err, "not in the sudoers") ||
             absl::StrContains(result.err, "is not allowed to")) {
    message = absl::StrCat("user \"", spec.user, "\" may not use sudo; sudo said: ", said);
  } else {
    return absl::OkStatus();
  }
  return StepError(absl::StatusCode::kPermissionDenied, spec.where, kStepSudo, message, scrubber);
}

}  // namespace

absl::StatusOr<ScriptResult> RunScriptOnSession(ssh_session session, std::string_view script,
                                                const RunSpec& spec, const CancelToken* cancel,
                                                const Scrubber& scrubber, int& channels) {
  auto fail = [&](absl::StatusCode code, absl::string_view message) {
    if (Cancelled(cancel)) code = absl::StatusCode::kCancelled, message = "cancelled";
    return StepError(code, spec.where, kStepRun, message, scrubber);
  };
  if (Cancelled(cancel)) return fail(absl::StatusCode::kCancelled, "cancelled");
  const auto deadline = Clock::now() + spec.timeout;
  // Unblocks libssh's blocking calls (open, exec, write) on cancel; the read
  // loop below normally notices first and closes the channel cleanly.
  CancelWatch watch(ssh_get_fd(session), cancel, std::chrono::milliseconds(1000));

  ChannelPtr channel(ssh_channel_new(session));
  if (channel == nullptr || ssh_channel_open_session(channel.get()) != SSH_OK) {
    return fail(absl::StatusCode::kUnavailable,
                absl::StrCat("cannot open a channel: ", ssh_get_error(session)));
  }
  ++channels;
  const char* command = spec.sudo ? "sudo -n sh -s" : "sh -s";
  if (ssh_channel_request_exec(channel.get(), command) != SSH_OK) {
    return fail(absl::StatusCode::kUnavailable,
                absl::StrCat("cannot start ", command, ": ", ssh_get_error(session)));
  }
  // A failed write is not final: sudo may have refused already; its answer follows.
  for (size_t done = 0; done < script.size();) {
    int n = ssh_channel_write(channel.get(), script.data() + done,
                              static_cast<uint32_t>(std::min(script.size() - done, kChunk)));
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  ssh_channel_send_eof(channel.get());

  ScriptResult result;
  char buf[kChunk];
  for (;;) {
    if (Cancelled(cancel)) {
      Abort(channel.get());
      return fail(absl::StatusCode::kCancelled, "cancelled");
    }
    if (Clock::now() >= deadline) {
      Abort(channel.get());
      const auto ms = spec.timeout.count();
      std::string message =
          absl::StrCat("the script did not finish within ",
                       ms % 1000 == 0 ? absl::StrCat(ms / 1000, " s") : absl::StrCat(ms, " ms"),
                       " (command timeout)");
      if (!result.err.empty()) absl::StrAppend(&message, "; its stderr so far: ", Tail(result.err));
      return fail(absl::StatusCode::kDeadlineExceeded, message);
    }
    int n = ssh_channel_read_timeout(channel.get(), buf, sizeof buf, 0, kSliceMs);
    if (n == SSH_ERROR) {
      return fail(absl::StatusCode::kUnavailable,
                  absl::StrCat("connection lost: ", ssh_get_error(session)));
    }
    Append(result.out, buf, n);
    int m = ssh_channel_read_nonblocking(channel.get(), buf, sizeof buf, 1);
    if (m == SSH_ERROR) {
      return fail(absl::StatusCode::kUnavailable,
                  absl::StrCat("connection lost: ", ssh_get_error(session)));
    }
    Append(result.err, buf, m);
    if (n <= 0 && m <= 0 &&
        (ssh_channel_is_eof(channel.get()) || !ssh_channel_is_open(channel.get()))) {
      break;
    }
  }
  for (int m; (m = ssh_channel_read_nonblocking(channel.get(), buf, sizeof buf, 1)) > 0;) {
    Append(result.err, buf, m);
  }
  result.exit_status = ssh_channel_get_exit_status(channel.get());
  ssh_channel_close(channel.get());
  if (Cancelled(cancel)) return fail(absl::StatusCode::kCancelled, "cancelled");

  if (spec.sudo && result.exit_status != 0) {
    if (absl::Status refused = SudoRefusal(result, spec, scrubber); !refused.ok()) return refused;
  }
  if (result.exit_status < 0) {
    std::string message =
        "the remote shell ended without an exit status (killed by a signal, or the connection "
        "dropped)";
    if (!result.err.empty()) absl::StrAppend(&message, "; stderr: ", Tail(result.err));
    return fail(absl::StatusCode::kUnavailable, message);
  }
  return result;
}

}  // namespace wgmesh::ssh
