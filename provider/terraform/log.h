// Provider logs: one JSON line per message on stderr, in the form go-hclog
// writes and Terraform parses ({"@level","@message","@timestamp",...}),
// filtered by TF_LOG_PROVIDER (else TF_LOG): TRACE, DEBUG, INFO, WARN, ERROR,
// JSON (= TRACE), OFF. Unset: WARN and above. Callers never pass secrets.
#ifndef WGMESH_PROVIDER_TERRAFORM_LOG_H_
#define WGMESH_PROVIDER_TERRAFORM_LOG_H_

#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace wgmesh::terraform {

enum class LogLevel { kTrace = 0, kDebug, kInfo, kWarn, kError, kOff };

// Unknown names fall back to WARN.
LogLevel ParseLogLevel(std::string_view name);
LogLevel LogLevelFromEnv();
// "trace" ... "error"; nullopt-like kOff for unknown.
LogLevel LevelFromName(std::string_view level);

// One line without the newline. Timestamp in UTC, microseconds:
// 2026-01-02T15:04:05.000000Z.
std::string JsonLogLine(std::string_view level, std::string_view message,
                        std::chrono::system_clock::time_point when,
                        const std::map<std::string, std::string>& fields = {});

class Logger {
 public:
  explicit Logger(LogLevel threshold, std::FILE* out = stderr) : threshold_(threshold), out_(out) {}
  // level: "trace" | "debug" | "info" | "warn" | "error".
  void Log(std::string_view level, std::string_view message,
           const std::map<std::string, std::string>& fields = {});
  bool Enabled(std::string_view level) const;

 private:
  LogLevel threshold_;
  std::FILE* out_;
  std::mutex mu_;
};

}  // namespace wgmesh::terraform

#endif  // WGMESH_PROVIDER_TERRAFORM_LOG_H_
