#include "core/ssh/error.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace wgmesh::ssh {

absl::Status StepError(absl::StatusCode code, absl::string_view where, absl::string_view step,
                       absl::string_view message, const Scrubber& scrubber) {
  return absl::Status(code, scrubber.Scrub(absl::StrCat(where, ": ", step, ": ", message)));
}

absl::Status Annotate(const absl::Status& status, absl::string_view where, absl::string_view step,
                      const Scrubber& scrubber) {
  if (status.ok()) return status;
  return StepError(status.code(), where, step, status.message(), scrubber);
}

bool MentionsAny(absl::string_view text, std::initializer_list<absl::string_view> words) {
  const std::string lower = absl::AsciiStrToLower(text);
  for (absl::string_view word : words) {
    if (absl::StrContains(lower, absl::AsciiStrToLower(word))) return true;
  }
  return false;
}

}  // namespace wgmesh::ssh
