#include "cli/hosts.h"

#include <libssh/callbacks.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <iostream>
#include <thread>

namespace wgmesh::cli {
namespace {

std::string Clock() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%H:%M:%S", &tm);
  return buf;
}

// libssh logs to stderr at the verbosity an ssh_config's LogLevel sets; its
// callback is per thread. Errors reach the user through statuses instead.
void DiscardLibsshLog(int, const char*, const char*, void*) {}

bool IsTerminal() {
  const char* term = std::getenv("TERM");
  return isatty(STDERR_FILENO) == 1 && term != nullptr && std::string(term) != "dumb";
}

}  // namespace

Progress::Progress(const std::vector<std::string>& hosts, bool quiet)
    : order_(hosts), quiet_(quiet), tty_(!quiet && IsTerminal()) {
  for (const auto& h : hosts) {
    line_[h] = "waiting";
    width_ = std::max(width_, h.size());
  }
  std::lock_guard<std::mutex> lock(mu_);
  Redraw();
}

Progress::~Progress() { Finish(); }

void Progress::Redraw() {
  if (!tty_) return;
  if (drawn_) std::cerr << "\x1b[" << order_.size() << "A";
  for (const auto& h : order_) {
    std::string text = line_[h];
    if (text.size() > 100) text = text.substr(0, 97) + "...";
    std::cerr << "\r\x1b[2K  " << h << std::string(width_ - h.size() + 2, ' ') << text << "\n";
  }
  std::cerr << std::flush;
  drawn_ = true;
}

void Progress::Step(const std::string& host, std::string_view step) {
  std::lock_guard<std::mutex> lock(mu_);
  last_step_[host] = std::string(step);
  line_[host] = std::string(step);
  if (quiet_) return;
  if (tty_)
    Redraw();
  else
    std::cerr << Clock() << " " << host << ": " << step << "\n" << std::flush;
}

void Progress::Done(const std::string& host, const std::string& line) {
  std::lock_guard<std::mutex> lock(mu_);
  line_[host] = line;
  if (quiet_) return;
  if (tty_)
    Redraw();
  else
    std::cerr << Clock() << " " << host << ": " << line << "\n" << std::flush;
}

void Progress::Warn(const std::string& host, std::string_view warning) {
  std::lock_guard<std::mutex> lock(mu_);
  if (tty_ && drawn_) std::cerr << "\x1b[" << order_.size() << "A\r\x1b[2K";
  std::cerr << "wgmesh: WARNING: " << host << ": " << warning << "\n";
  if (tty_ && drawn_) {
    drawn_ = false;  // the live lines go below the warning
    Redraw();
  }
  std::cerr << std::flush;
}

ssh::LogSink Progress::Warnings(const std::string& host) {
  return [this, host](std::string_view level, std::string_view message) {
    if (level == "warning") Warn(host, message);
  };
}

std::string Progress::LastStep(const std::string& host) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = last_step_.find(host);
  return it == last_step_.end() ? "" : it->second;
}

void Progress::Finish() {
  std::lock_guard<std::mutex> lock(mu_);
  drawn_ = false;
  order_.clear();
}

std::vector<absl::Status> RunOnHosts(
    const std::vector<std::string>& hosts, Progress& progress,
    const std::function<absl::Status(size_t index, const ProgressFn& step)>& job,
    const std::function<std::string(size_t index)>& done_line) {
  std::vector<absl::Status> results(hosts.size());
  std::vector<std::thread> threads;
  threads.reserve(hosts.size());
  for (size_t i = 0; i < hosts.size(); ++i) {
    threads.emplace_back([&, i] {
      ssh_set_log_callback(DiscardLibsshLog);
      const std::string& host = hosts[i];
      ProgressFn step = [&progress, &host](std::string_view s) { progress.Step(host, s); };
      results[i] = job(i, step);
      if (results[i].ok())
        progress.Done(host, done_line ? done_line(i) : "done");
      else
        progress.Done(host, "FAILED: " + std::string(results[i].message()));
    });
  }
  for (auto& t : threads) t.join();
  return results;
}

}  // namespace wgmesh::cli
