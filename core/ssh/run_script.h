// One host operation: one script on one channel, the script on stdin.
#pragma once

#include <libssh/libssh.h>

#include <chrono>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "core/ssh/scrub.h"
#include "core/ssh/session.h"

namespace wgmesh::ssh {

struct RunSpec {
  bool sudo = false;  // `sudo -n sh -s` instead of `sh -s`
  std::string user;
  std::chrono::milliseconds timeout{300000};
  std::string where;  // Target::Describe()
};

// Opens a channel, execs the shell, writes `script` and EOF, and collects
// stdout, stderr and the exit status, checking `cancel` and the deadline every
// 100 ms. `channels` counts the channels opened.
absl::StatusOr<ScriptResult> RunScriptOnSession(ssh_session session, std::string_view script,
                                                const RunSpec& spec, const CancelToken* cancel,
                                                const Scrubber& scrubber, int& channels);

}  // namespace wgmesh::ssh
