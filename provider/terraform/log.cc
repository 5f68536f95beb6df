#include "provider/terraform/log.h"

#include <cstdlib>
#include <ctime>

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"

namespace wgmesh::terraform {

LogLevel ParseLogLevel(std::string_view name) {
  std::string n = absl::AsciiStrToUpper(std::string(name));
  if (n == "TRACE" || n == "JSON") return LogLevel::kTrace;
  if (n == "DEBUG") return LogLevel::kDebug;
  if (n == "INFO") return LogLevel::kInfo;
  if (n == "ERROR") return LogLevel::kError;
  if (n == "OFF") return LogLevel::kOff;
  return LogLevel::kWarn;
}

LogLevel LogLevelFromEnv() {
  for (const char* var : {"TF_LOG_PROVIDER", "TF_LOG"})
    if (const char* v = std::getenv(var); v && *v) return ParseLogLevel(v);
  return LogLevel::kWarn;
}

LogLevel LevelFromName(std::string_view level) {
  if (level == "trace") return LogLevel::kTrace;
  if (level == "debug") return LogLevel::kDebug;
  if (level == "info") return LogLevel::kInfo;
  if (level == "warn") return LogLevel::kWarn;
  if (level == "error") return LogLevel::kError;
  return LogLevel::kOff;
}

std::string JsonLogLine(std::string_view level, std::string_view message,
                        std::chrono::system_clock::time_point when,
                        const std::map<std::string, std::string>& fields) {
  using namespace std::chrono;
  const auto micros = duration_cast<microseconds>(when.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(micros / 1000000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char stamp[64];
  size_t n = std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(stamp + n, sizeof stamp - n, ".%06lldZ", static_cast<long long>(micros % 1000000));
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [k, v] : fields) j[k] = v;
  j["@level"] = std::string(level);
  j["@message"] = std::string(message);
  j["@module"] = "provider.terraform-provider-wgmesh";
  j["@timestamp"] = stamp;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool Logger::Enabled(std::string_view level) const {
  LogLevel l = LevelFromName(level);
  return l != LogLevel::kOff && threshold_ != LogLevel::kOff && l >= threshold_;
}

void Logger::Log(std::string_view level, std::string_view message,
                 const std::map<std::string, std::string>& fields) {
  if (!Enabled(level)) return;
  std::string line = JsonLogLine(level, message, std::chrono::system_clock::now(), fields);
  line += '\n';
  std::lock_guard lock(mu_);
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fflush(out_);
}

}  // namespace wgmesh::terraform
