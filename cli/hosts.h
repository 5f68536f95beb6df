// Running one job per host in parallel (one thread each) with progress: on a
// terminal a live line per host showing its current step; otherwise plain
// timestamped lines; nothing with -q. Progress goes to stderr so that the
// command's output (info, plan, show) stays parseable on stdout.
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "core/node_ops.h"

namespace wgmesh::cli {

class Progress {
 public:
  // `hosts` are the labels shown, in order ("mesh1 (n1)").
  Progress(const std::vector<std::string>& hosts, bool quiet);
  ~Progress();

  // A host's current step.
  void Step(const std::string& host, std::string_view step);
  // The host's job ended; `line` is its final word ("ok", "failed: ...").
  void Done(const std::string& host, const std::string& line);
  // A warning about a host, shown even with -q, above the live lines.
  void Warn(const std::string& host, std::string_view warning);
  // A sink for the SSH layer's warnings on `host`'s connection (a host key
  // accepted without verification): each becomes a Warn line on stderr.
  ssh::LogSink Warnings(const std::string& host);
  // The last step reported for a host (for failure summaries).
  std::string LastStep(const std::string& host) const;
  // Clears the live lines' bookkeeping; later output goes below them.
  void Finish();

 private:
  void Redraw();  // TTY only; mu_ held

  mutable std::mutex mu_;
  std::vector<std::string> order_;
  std::map<std::string, std::string> line_, last_step_;
  size_t width_ = 0;
  bool quiet_, tty_, drawn_ = false;
};

// Runs `job(host_index, progress_fn)` for every index in parallel and waits.
// Returns each job's status, in order. A job reports steps through the
// ProgressFn it is given; its end is reported to `progress` here.
std::vector<absl::Status> RunOnHosts(
    const std::vector<std::string>& hosts, Progress& progress,
    const std::function<absl::Status(size_t index, const ProgressFn& step)>& job,
    const std::function<std::string(size_t index)>& done_line = nullptr);

}  // namespace wgmesh::cli
