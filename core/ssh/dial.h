// One TCP connection attempt, abortable by the cancel token.
#pragma once

#include <chrono>
#include <string>

#include "absl/status/statusor.h"
#include "core/ssh/session.h"

namespace wgmesh::ssh {

// Tries every address of host:port within `timeout` in total and returns a
// connected non-blocking socket. UNAVAILABLE means refused or timed out (worth
// another attempt), CANCELLED means the token fired; other codes are final.
// Messages name neither host nor step: the caller adds them.
absl::StatusOr<int> DialTcp(const std::string& host, int port, std::chrono::milliseconds timeout,
                            const CancelToken* cancel);

// Sleeps `delay` in short slices; false when cancelled meanwhile.
bool SleepUnlessCancelled(std::chrono::milliseconds delay, const CancelToken* cancel);

}  // namespace wgmesh::ssh
