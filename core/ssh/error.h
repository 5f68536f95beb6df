// Errors of the SSH layer: "<host>: <step>: <message>", credentials removed.
#pragma once

#include <initializer_list>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "core/ssh/scrub.h"

namespace wgmesh::ssh {

// Steps, as they appear in messages.
inline constexpr char kStepConnect[] = "connect";
inline constexpr char kStepHostKey[] = "host key";
inline constexpr char kStepAuth[] = "authenticate";
inline constexpr char kStepSudo[] = "sudo";
inline constexpr char kStepRun[] = "run";

absl::Status StepError(absl::StatusCode code, absl::string_view where, absl::string_view step,
                       absl::string_view message, const Scrubber& scrubber);

// Prefixes an error from a lower layer with host and step (keeps its code).
absl::Status Annotate(const absl::Status& status, absl::string_view where, absl::string_view step,
                      const Scrubber& scrubber);

// Whether an error text mentions any of `words` (ASCII, case-insensitive):
// how libssh's and sshd's messages are classified.
bool MentionsAny(absl::string_view text, std::initializer_list<absl::string_view> words);

}  // namespace wgmesh::ssh
