// Removes credentials from text before it goes into an error or a log line.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

#include "core/ssh/session.h"

namespace wgmesh::ssh {

class Scrubber {
 public:
  Scrubber() = default;
  explicit Scrubber(const ConnectOptions& options);

  // Every non-empty secret is replaced, however short.
  void Add(absl::string_view secret);
  void AddCredentials(const Credentials& credentials);

  std::string Scrub(absl::string_view text) const;

 private:
  std::vector<std::string> secrets_;  // longest first
};

}  // namespace wgmesh::ssh
