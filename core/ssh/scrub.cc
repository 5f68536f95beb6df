#include "core/ssh/scrub.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"

namespace wgmesh::ssh {

Scrubber::Scrubber(const ConnectOptions& options) {
  AddCredentials(options.target.credentials);
  if (options.proxy) AddCredentials(options.proxy->credentials);
}

void Scrubber::Add(absl::string_view secret) {
  if (secret.empty()) return;
  if (std::find(secrets_.begin(), secrets_.end(), secret) != secrets_.end()) return;
  secrets_.emplace_back(secret);
  std::stable_sort(secrets_.begin(), secrets_.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

void Scrubber::AddCredentials(const Credentials& credentials) {
  Add(credentials.password);
  Add(credentials.private_key_passphrase);
  Add(credentials.private_key);
  // Single lines of a key body too, so a partial echo of the key is caught. The
  // armor lines ("-----BEGIN ...") are not secret and stay readable.
  for (absl::string_view line : absl::StrSplit(credentials.private_key, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.size() >= 16 && !absl::StartsWith(line, "-----")) Add(line);
  }
}

std::string Scrubber::Scrub(absl::string_view text) const {
  std::string out(text);
  for (const std::string& secret : secrets_) {
    for (size_t pos = out.find(secret); pos != std::string::npos;
         pos = out.find(secret, pos + 10)) {
      out.replace(pos, secret.size(), "[redacted]");
    }
  }
  return out;
}

}  // namespace wgmesh::ssh
